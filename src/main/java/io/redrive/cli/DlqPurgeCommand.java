package io.redrive.cli;

import io.redrive.ops.BulkOperation;
import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.DeadLetters;
import picocli.CommandLine.Command;

/** Moves dead letters to the trash, where they can be restored until the trash retention ends. */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Purge dead letters to their queue's trash (restorable with 'dlq restore' until the trash "
                + "retention ends). Pick them as for replay. A bulk purge shows a dry run and asks to confirm unless "
                + "--yes; --preview ID --yes purges exactly what an earlier dry run counted.")
final class DlqPurgeCommand extends TargetedDlqCommand {
    @Override
    String operation() {
        return "purge";
    }

    @Override
    BulkOperation start(DeadLetters letters, DeadLetterTarget target) {
        return letters.purge(target, rate, actor.actor());
    }

    @Override
    BulkOperation start(DeadLetters letters, String previewId) {
        return letters.purge(previewId, rate, actor.actor());
    }
}
