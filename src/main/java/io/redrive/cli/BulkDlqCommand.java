package io.redrive.cli;

import io.redrive.ops.BulkOperation;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.DryRun;
import io.redrive.engine.Engine;
import io.redrive.engine.Plan;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.Console;
import java.io.PrintWriter;
import java.time.ZoneId;

/**
 * A bulk change to dead letters (replay, purge, restore): a dry run that fixes the set it counted, a
 * confirmation, the operation in the foreground, a report. The confirmed operation acts on exactly the dry run's
 * set: what arrived while the operator read it is left alone and counted. Ids named one by one need no
 * confirmation; whatever filters match does, because a filter can match far more than its author expects.
 */
abstract class BulkDlqCommand extends DlqSubcommand {
    private static final int MAX_ERROR = 60;

    @Mixin
    ActorOption actor;

    @Option(names = "--dry-run", description = "Show what would happen (count, destination, time, a sample) and a "
            + "preview id that --preview carries out, and change nothing")
    boolean dryRun;

    @Option(names = "--preview", paramLabel = "ID", description = "Carry out a dry run made before (here or in the "
            + "console): exactly the dead letters it counted that are still there; needs --yes")
    String preview;

    @Option(names = "--yes", description = "Go ahead without asking to confirm a bulk action (needed without a terminal)")
    boolean yes;

    /** The operation's name as the engine knows it: "replay", "purge", "restore". */
    abstract String operation();

    /** Whether the command line names what to act on (a queue, ids, filters), which --preview replaces. */
    abstract boolean targetGiven();

    /** Whether the target is more than ids named one by one, so it needs a confirmation. */
    abstract boolean isBulk();

    /** Checks the options and the queues they name before anything is read. */
    abstract void check(Engine engine);

    /** The dry run of the command line's target, kept as a preview. */
    abstract DryRun preview(DeadLetters letters);

    /** Starts the operation on the command line's target as it is now (ids, or --yes for scripts). */
    abstract BulkOperation start(DeadLetters letters);

    /** Starts the operation on exactly a preview's set. */
    abstract BulkOperation start(DeadLetters letters, String previewId);

    @Override
    final int run() throws Exception {
        if (preview != null) {
            if (targetGiven() || dryRun) {
                throw usage("--preview acts on the set its dry run counted: leave out --dry-run, the queue, the ids and the filters");
            }
            if (!yes) {
                return fail("Carrying out preview " + preview + " needs --yes (its dry run listed what it acts on).");
            }
            try (Engine engine = connect()) {
                return follow(engine, start(engine.deadLetters(), preview));
            }
        }
        try (Engine engine = connect()) {
            check(engine);
            DeadLetters letters = engine.deadLetters();
            if (dryRun) {
                print(preview(letters));
                return 0;
            }
            if (!isBulk() || yes) {
                return follow(engine, start(letters));
            }
            DryRun run = preview(letters);
            print(run);
            if (run.count() == 0) {
                return 0;
            }
            out().flush();
            Console console = System.console();
            if (console == null) {
                return fail("Not " + progressive() + " " + Display.count(run.count(), "dead letter", "dead letters")
                        + " without confirmation, and there is no terminal to ask on: pass --yes to go ahead, or carry "
                        + "out this dry run with --preview " + run.previewId() + " --yes.");
            }
            Plan plan = Plan.of(run);
            if (!plan.confirmedBy(console.readLine("Type the count to confirm: "))) {
                return fail(plan.notConfirmed());
            }
            return follow(engine, start(letters, run.previewId()));
        }
    }

    /** Follows the operation to its end and reports; a subclass may add what happened afterwards. */
    int follow(Engine engine, BulkOperation op) throws InterruptedException {
        return follow(operation(), op);
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
            out.println(Display.oneLine(Plan.of(run).nothingToDo()));
            return;
        }
        out.printf("Dry run: %s %s%n", run.operation(), Display.count(run.count(), "dead letter", "dead letters"));
        for (Plan.Fact fact : Plan.of(run).facts(ZoneId.systemDefault())) {
            out.printf("  %-15s %s%s%n", fact.label(), Display.oneLine(fact.value()),
                    fact.label().equals("Estimated time") ? rateNote() : "");
        }
        out.println();
        TextTable sample = new TextTable("DIED", "QUEUE", "ID", "ATTEMPTS", "REPLAYS", "ERROR").alignRight(3, 4);
        run.sample().forEach(d -> sample.add(Display.localTime(d.deadAt()), d.queue(), d.id(), d.attempts(), d.replays(),
                Display.cut(d.lastError(), MAX_ERROR)));
        sample.print(out, "  ");
        if (run.sample().size() < run.count()) {
            out.printf("  ... and %s more%n", Display.count(run.count() - run.sample().size()));
        }
        if (dryRun) {
            out.printf("Nothing was changed. To %s exactly these: redrive dlq %s --preview %s --yes%n", run.operation(),
                    run.operation(), run.previewId());
        }
    }

    /** " at 200 a second" when the operation is rate-limited. */
    String rateNote() {
        return "";
    }
}
