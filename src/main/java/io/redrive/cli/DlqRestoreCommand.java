package io.redrive.cli;

import io.redrive.engine.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Takes purged dead letters out of the trash. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore purged dead letters from a queue's trash, dead again as before. "
                + "Without --id, the queue's whole trash.")
final class DlqRestoreCommand extends DlqSubcommand {
    @Option(names = "--queue", paramLabel = "QUEUE", required = true, description = "The queue whose trash to restore from")
    String queue;

    @Option(names = "--id", paramLabel = "ID", description = "A purged message by id; repeat for several (default: all)")
    List<String> ids = new ArrayList<>();

    @Mixin
    ActorOption actor;

    @Override
    int run() throws InterruptedException {
        try (Engine engine = connect()) {
            engine.existingQueue(queue);
            if (ids.isEmpty() && engine.deadLetters().trashCount(queue) == 0 && !json) {
                out().printf("Nothing to restore: the trash of queue %s is empty.%n", queue);
                return 0;
            }
            return follow("restore", engine.deadLetters().restore(queue, ids, actor.actor()), "restored",
                    "no longer in the trash");
        }
    }
}
