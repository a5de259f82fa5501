package io.redrive.cli;

import io.redrive.ops.BulkOperation;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.DryRun;
import io.redrive.engine.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Takes purged dead letters out of the trash. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore purged dead letters from a queue's trash, dead again as before. Without --id, the "
                + "queue's whole trash: that shows a dry run and asks to confirm unless --yes; --preview ID --yes "
                + "restores exactly what an earlier dry run counted.")
final class DlqRestoreCommand extends BulkDlqCommand {
    @Option(names = "--queue", paramLabel = "QUEUE", description = "The queue whose trash to restore from")
    String queue;

    @Option(names = "--id", paramLabel = "ID", description = "A purged message by id; repeat for several (default: all)")
    List<String> ids = new ArrayList<>();

    @Override
    String operation() {
        return "restore";
    }

    @Override
    boolean targetGiven() {
        return queue != null || !ids.isEmpty();
    }

    @Override
    boolean isBulk() {
        return ids.isEmpty();
    }

    @Override
    void check(Engine engine) {
        if (queue == null) {
            throw usage("Say whose trash: --queue Q (with --id ID for some of it), or --preview ID");
        }
        engine.existingQueue(queue);
    }

    @Override
    DryRun preview(DeadLetters letters) {
        return letters.previewRestore(Map.of(queue, ids));
    }

    @Override
    BulkOperation start(DeadLetters letters) {
        return letters.restore(queue, ids, actor.actor());
    }

    @Override
    BulkOperation start(DeadLetters letters, String previewId) {
        return letters.restore(previewId, actor.actor());
    }
}
