package io.redrive.cli;

import io.redrive.engine.BulkOperation;
import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.DryRun;
import io.redrive.engine.Engine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.Console;
import java.io.PrintWriter;

/**
 * A bulk change to dead letters (replay, purge): pick the target, preview it, have a bulk target confirmed, run it
 * in the foreground, report. Ids named one by one need no confirmation; whatever filters match does, because a
 * filter can match far more than its author expects.
 */
abstract class BulkDlqCommand extends DlqSubcommand {
    private static final int MAX_ERROR = 60;

    @Mixin
    DeadLetterTargetOptions target;

    @Mixin
    ActorOption actor;

    @Option(names = "--dry-run", description = "Show what would happen (count, destination, time, a sample) and change nothing")
    boolean dryRun;

    @Option(names = "--yes", description = "Go ahead without asking to confirm a bulk action (needed without a terminal)")
    boolean yes;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "At most N messages a second (default: no limit)")
    double rate;

    /** The operation's name as the engine knows it: "replay", "purge". */
    abstract String operation();

    /** What a message the operation did counts as: "replayed", "purged". */
    abstract String doneKey();

    /** Why the operation may skip a message, for people. */
    abstract String skipWhy();

    /** The queue the messages go to, for the preview; null when the operation does not move them to a queue. */
    String toQueue() {
        return null;
    }

    /** Starts the operation; it runs on its own thread. */
    abstract BulkOperation start(DeadLetters letters, DeadLetterTarget target);

    @Override
    final int run() throws InterruptedException {
        if (rate < 0 || Double.isNaN(rate)) {
            throw usage("--rate must be 0 (no limit) or more messages a second, got " + rate);
        }
        DeadLetterTarget chosen = target.target(spec, options().clock());
        try (Engine engine = connect()) {
            requireQueues(engine, target.queues);
            DeadLetters letters = engine.deadLetters();
            if (dryRun) {
                print(letters.preview(operation(), chosen, rate, toQueue()));
                return 0;
            }
            if (target.isBulk() && !yes) {
                DryRun preview = letters.preview(operation(), chosen, rate, toQueue());
                if (preview.count() == 0) {
                    print(preview);
                    return 0;
                }
                print(preview);
                out().flush();
                Console console = System.console();
                if (console == null) {
                    return fail("Not " + progressive() + " " + Display.count(preview.count(), "dead letter", "dead letters")
                            + " without confirmation, and there is no terminal to ask on: pass --yes to go ahead.");
                }
                String answer = console.readLine("Type the count to confirm: ");
                if (answer == null || !answer.strip().replace(",", "").replace("_", "").equals(Long.toString(preview.count()))) {
                    return fail("Not confirmed, so nothing was " + doneKey() + ".");
                }
            }
            return follow(operation(), start(letters, chosen), doneKey(), skipWhy());
        }
    }

    /** "replaying", "purging". */
    private String progressive() {
        String op = operation();
        return (op.endsWith("e") ? op.substring(0, op.length() - 1) : op) + "ing";
    }

    private void print(DryRun run) {
        if (json) {
            printJson(DlqJson.dryRun(run));
            return;
        }
        PrintWriter out = out();
        if (run.count() == 0) {
            out.printf("Nothing to %s: no %s.%n", run.operation(), run.target().startsWith("all ") ? "dead letters"
                    : "dead letters match (" + run.target() + ")");
            return;
        }
        out.printf("Dry run: %s %s%n", run.operation(), Display.count(run.count(), "dead letter", "dead letters"));
        out.printf("  Target       %s%n", run.target());
        out.printf("  Destination  %s%n", run.destination());
        out.printf("  Takes about  %s%s%n", Display.duration(run.estimated()),
                rate > 0 ? " at " + Display.count(Math.round(rate)) + " a second" : "");
        out.println();
        TextTable sample = new TextTable("DIED", "QUEUE", "ID", "ATTEMPTS", "REPLAYS", "ERROR").alignRight(3, 4);
        run.sample().forEach(d -> sample.add(Display.localTime(d.deadAt()), d.queue(), d.id(), d.attempts(), d.replays(),
                Display.cut(d.lastError(), MAX_ERROR)));
        sample.print(out, "  ");
        if (run.sample().size() < run.count()) {
            out.printf("  ... and %s more%n", Display.count(run.count() - run.sample().size()));
        }
        if (dryRun) {
            out.println("Nothing was changed.");
        }
    }
}
