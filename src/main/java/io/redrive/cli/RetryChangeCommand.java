package io.redrive.cli;

import io.redrive.ops.Actor;
import io.redrive.engine.Engine;
import io.redrive.engine.RetryChange;
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

    /** The change, for its words. */
    abstract RetryChange change();

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
                out().println(change().summary(moved, distinct.size()));
            }
        }
        return 0;
    }
}
