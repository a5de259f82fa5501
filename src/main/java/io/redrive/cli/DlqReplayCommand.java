package io.redrive.cli;

import io.redrive.engine.BulkOperation;
import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.ReplayOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Sends dead letters back to be processed again. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay dead letters: back to their own queue (or --to another), from attempt 1 unless "
                + "--keep-attempts. Pick them with --queue Q --id ID, with filters (--queue Q --group G, ...), or --all. "
                + "A bulk replay shows a dry run and asks to confirm unless --yes.")
final class DlqReplayCommand extends BulkDlqCommand {
    @Option(names = "--to", paramLabel = "QUEUE", description = "Replay into this queue instead of each message's own")
    String to;

    @Option(names = "--keep-attempts", description = "Keep the attempt count instead of starting again from attempt 1")
    boolean keepAttempts;

    @Override
    String operation() {
        return "replay";
    }

    @Override
    String doneKey() {
        return "replayed";
    }

    @Override
    String skipWhy() {
        return "no longer dead letters, or replayed as often as the replay cap allows";
    }

    @Override
    String toQueue() {
        return to;
    }

    @Override
    BulkOperation start(DeadLetters letters, DeadLetterTarget target) {
        ReplayOptions replay = ReplayOptions.defaults(actor.actor()).toQueue(to).rate(rate);
        return letters.replay(target, keepAttempts ? replay.keepAttempts() : replay);
    }
}
