package io.redrive.cli;

import io.redrive.engine.BulkOperation;
import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.DeadLetters;
import picocli.CommandLine.Command;

/** Moves dead letters to the trash, where they can be restored until the trash retention ends. */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Purge dead letters to their queue's trash (restorable with 'dlq restore' until the trash "
                + "retention ends). Pick them as for replay. A bulk purge shows a dry run and asks to confirm unless --yes.")
final class DlqPurgeCommand extends BulkDlqCommand {
    @Override
    String operation() {
        return "purge";
    }

    @Override
    String doneKey() {
        return "purged";
    }

    @Override
    String skipWhy() {
        return "no longer dead letters";
    }

    @Override
    BulkOperation start(DeadLetters letters, DeadLetterTarget target) {
        return letters.purge(target, rate, actor.actor());
    }
}
