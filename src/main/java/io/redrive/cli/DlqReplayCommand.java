package io.redrive.cli;

import io.redrive.ops.TimeWords;
import io.redrive.ops.BulkOperation;
import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.Engine;
import io.redrive.engine.ReplayOptions;
import io.redrive.engine.ReplayOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/** Sends dead letters back to be processed again, and can wait to see whether that worked. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay dead letters: back to their own queue (or --to another), from attempt 1 unless "
                + "--keep-attempts. Pick them with --queue Q --id ID, with filters (--queue Q --group G, ...), or --all. "
                + "A bulk replay shows a dry run and asks to confirm unless --yes; --preview ID --yes replays exactly "
                + "what an earlier dry run counted. --wait then waits until the replayed messages have settled and "
                + "prints how many succeeded, died again (and why) or are still pending.")
final class DlqReplayCommand extends TargetedDlqCommand {
    @Option(names = "--to", paramLabel = "QUEUE", description = "Replay into this queue instead of each message's own")
    String to;

    @Option(names = "--keep-attempts", description = "Keep the attempt count instead of starting again from attempt 1")
    boolean keepAttempts;

    @Option(names = "--wait", description = "After the replay, wait until its messages have succeeded or died again, "
            + "and print the split")
    boolean waitForOutcome;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "With --wait, stop waiting after this long and print the split so far (default: ${DEFAULT-VALUE})")
    long waitTimeoutSeconds;

    @Override
    String operation() {
        return "replay";
    }

    @Override
    String toQueue() {
        return to;
    }

    private ReplayOptions replayOptions() {
        ReplayOptions replay = ReplayOptions.defaults(actor.actor()).toQueue(to).rate(rate);
        return keepAttempts ? replay.keepAttempts() : replay;
    }

    @Override
    BulkOperation start(DeadLetters letters, DeadLetterTarget target) {
        return letters.replay(target, replayOptions());
    }

    @Override
    BulkOperation start(DeadLetters letters, String previewId) {
        return letters.replay(previewId, replayOptions());
    }

    @Override
    int follow(Engine engine, BulkOperation op) throws InterruptedException {
        int code = super.follow(engine, op);
        if (code != 0 || !waitForOutcome || op.id() == null) {
            return code;
        }
        ReplayOutcome outcome = awaitOutcome(engine, op.id(), Duration.ofSeconds(waitTimeoutSeconds));
        if (json) {
            printJson(DlqJson.replayOutcome(op.id(), outcome));
        } else {
            printOutcome(outcome);
        }
        return outcome.settled() ? 0 : 1;
    }

    /** Polls the replay's outcome once a second, with the split so far on stderr, until it settles or time runs out. */
    private ReplayOutcome awaitOutcome(Engine engine, String operationId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ReplayOutcome outcome = engine.operations().outcome(operationId);
        while (!outcome.settled() && System.nanoTime() < deadline) {
            err().printf("\rWaiting for the replayed messages: %s   ", outcome.summary());
            err().flush();
            Thread.sleep(1000);  // a person watching, not a synchronisation: a second between reads is plenty
            outcome = engine.operations().outcome(operationId);
        }
        err().println();
        return outcome;
    }

    private void printOutcome(ReplayOutcome o) {
        out().printf("%s: %s.%n", o.settled() ? "Outcome" : "Outcome so far (still waiting after "
                + TimeWords.duration(Duration.ofSeconds(waitTimeoutSeconds)) + ")", Display.oneLine(o.summary()));
        if (!o.groups().isEmpty()) {
            out().println("Died again in:");
            TextTable groups = new TextTable("COUNT", "QUEUE", "GROUP", "ERROR").alignRight(0);
            o.groups().forEach(g -> groups.add(Display.count(g.count()), g.queue(), g.fingerprint(),
                    Display.cut(g.error(), 80)));
            groups.print(out(), "  ");
        }
    }
}
