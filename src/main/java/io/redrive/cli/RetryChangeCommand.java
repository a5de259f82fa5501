package io.redrive.cli;

import io.redrive.ops.Actor;
import io.redrive.engine.Engine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A change to messages waiting for a retry, named by id: retry-now and kill. */
abstract class RetryChangeCommand extends DlqSubcommand {
    @Option(names = "--queue", paramLabel = "QUEUE", required = true, description = "The queue the messages are in")
    String queue;

    @Option(names = "--id", paramLabel = "ID", required = true, description = "A scheduled message by id; repeat for several")
    List<String> ids;

    @Mixin
    ActorOption actor;

    /** Applies the change; returns how many messages it moved. */
    abstract long apply(Engine engine, List<String> ids, Actor actor);

    /**
     * What was done, such as "Made 2 messages due now" or "Made 1 of 2 messages due now".
     *
     * @param messages "2 messages" when all moved, "1 of 2 messages" otherwise
     */
    abstract String done(String messages, boolean all);

    @Override
    final int run() {
        try (Engine engine = connect()) {
            engine.existingQueue(queue);
            List<String> distinct = ids.stream().distinct().toList();
            long moved = apply(engine, distinct, actor.actor());
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("queue", queue);
                result.put("requested", distinct.size());
                result.put("moved", moved);
                printJson(result);
            } else {
                long missed = distinct.size() - moved;
                String messages = (missed == 0 ? "" : Display.count(moved) + " of ")
                        + Display.count(distinct.size(), "message", "messages");
                out().println(done(messages, missed == 0) + (missed == 0 ? "." : "; " + Display.count(missed)
                        + (missed == 1 ? " was" : " were") + " not waiting for a retry (done, dead or unknown id)."));
            }
        }
        return 0;
    }
}
