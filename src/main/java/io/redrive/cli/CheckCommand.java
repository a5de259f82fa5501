package io.redrive.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.redrive.engine.CheckReport;
import io.redrive.engine.CheckReport.Problem;
import io.redrive.engine.Engine;
import io.redrive.engine.RepairResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Verifies that every message is in exactly one state and no index points at a missing message; repairs on request. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Verify that every message is in exactly one state and that no index, timeline or error "
                + "history points at a missing message. Exits 1 when it finds a problem. With --repair, says what a "
                + "repair would do; with --repair --yes, does it (audited).")
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RedisOptions redis;

    @Mixin
    ActorOption actor;

    @Option(names = "--json", description = "Print the report as JSON")
    boolean json;

    @Option(names = "--repair", description = "Say what a repair would do (a dry run: nothing changes)")
    boolean repair;

    @Option(names = "--yes", description = "With --repair: do the repair")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        if (yes && !repair) {
            throw new ParameterException(spec.commandLine(), "--yes only goes with --repair: check --repair --yes");
        }
        try (Engine engine = Engine.connect(redis.engineOptions().upkeep(false).build())) {
            CheckReport report = engine.check();
            RepairResult result = repair && yes && !report.isClean() ? engine.repair(report, actor.actor()) : null;
            // after a repair, what is still wrong decides the exit code
            CheckReport after = result == null ? report : engine.check();
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("messagesChecked", report.messagesChecked());
                out.put("clean", report.isClean());
                out.put("problems", report.problems());
                List<Map<String, Object>> findings = new ArrayList<>();
                for (Problem p : report.findings()) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("queue", p.queue());
                    f.put("kind", p.kind().name());
                    f.put("key", p.key());
                    f.put("id", p.id());
                    f.put("state", p.state());
                    f.put("count", p.count());
                    f.put("problem", p.sentence());
                    if (repair) {
                        f.put("repair", p.repairAction());
                    }
                    findings.add(f);
                }
                out.put("findings", findings);
                out.put("unlisted", report.unlisted());
                if (repair) {
                    out.put("dryRun", !yes);
                }
                if (result != null) {
                    out.put("problemsAfterRepair", after.problems());
                    out.put("repaired", Map.of("fixed", result.fixed(), "removed", result.removed(),
                            "lostReset", result.lostReset(), "unchanged", result.unchanged(),
                            "skipped", result.skipped(), "leftAlone", result.leftAlone()));
                }
                System.out.println(new ObjectMapper().writeValueAsString(out));
            } else if (report.isClean()) {
                System.out.printf("Checked %s in %s: every message is in exactly one state.%n",
                        Display.count(report.messagesChecked(), "message", "messages"),
                        Display.count(engine.queueNames().size(), "queue", "queues"));
            } else {
                System.out.printf("Checked %s: %s%n", Display.count(report.messagesChecked(), "message", "messages"),
                        Display.count(report.problems().size(), "problem", "problems"));
                report.problems().forEach(p -> System.out.println("  - " + Display.oneLine(String.valueOf(p))));
                if (repair) {
                    printRepair(report, result, after);
                }
            }
            return after.isClean() ? 0 : 1;
        }
    }

    private void printRepair(CheckReport report, RepairResult result, CheckReport after) {
        System.out.println();
        System.out.println(result == null ? "A repair would:" : "The repair did this:");
        for (Problem p : report.findings()) {
            System.out.println("  - " + Display.oneLine(p.repairAction()));
        }
        if (result == null) {
            System.out.println("Nothing was changed. Run again with --repair --yes to repair.");
            return;
        }
        System.out.printf("Fixed %d, removed %d dangling index entries, reset %d lost-message counts. %d had already been"
                        + " set right meanwhile, %d could not be fixed (a key of the wrong type or an unknown state), %d need"
                        + " an operator. Recorded in the audit log.%n",
                result.fixed(), result.removed(), result.lostReset(), result.unchanged(), result.skipped(), result.leftAlone());
        if (report.unlisted() > 0) {
            System.out.println("Only the first " + CheckReport.MAX_LISTED + " problems were repaired; run it again for the rest.");
        }
        if (after.isClean()) {
            System.out.println("Checked again: every message is in exactly one state.");
        } else {
            System.out.printf("Checked again: %d %s left%n", after.problems().size(),
                    after.problems().size() == 1 ? "problem" : "problems");
            after.problems().forEach(p -> System.out.println("  - " + Display.oneLine(p)));
        }
    }
}
