package io.redrive.cli;

import io.redrive.engine.Engine;
import io.redrive.engine.OperationRecord;
import io.redrive.engine.Operations;
import io.redrive.engine.ReplayOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Recent bulk operations from any console or command line on this Redis, with what became of each replay. */
@Command(name = "operations", mixinStandardHelpOptions = true,
        description = "Show recent bulk operations (replay, purge, restore) from every console and command line on "
                + "this Redis, newest first, and for each replay how many of its messages have since succeeded, died "
                + "again or are still pending. Operations are kept " + Operations.KEPT_DAYS + " days.")
final class DlqOperationsCommand extends DlqSubcommand {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N operations (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    int run() {
        if (limit < 1) {
            throw usage("--limit must be 1 or more, got " + limit);
        }
        try (Engine engine = connect()) {
            List<OperationRecord> ops = engine.operations().recent(limit);
            if (json) {
                printJson(ops.stream().map(op -> json(engine, op)).toList());
                return 0;
            }
            if (ops.isEmpty()) {
                out().println("No bulk operations in the last " + Operations.KEPT_DAYS + " days.");
                return 0;
            }
            TextTable table = new TextTable("STARTED", "ID", "ACTION", "BY", "STATE", "DONE", "OUTCOME", "TARGET").alignRight(5);
            for (OperationRecord op : ops) {
                table.add(Display.localTime(op.startedAt()), op.id(), op.action(), op.actor(), op.state(),
                        Display.count(op.succeeded()), op.isReplay() ? engine.operations().outcome(op.id()).summary() : "",
                        Display.cut(op.target(), 60));
            }
            table.print(out());
        }
        return 0;
    }

    private static Map<String, Object> json(Engine engine, OperationRecord op) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", op.id());
        json.put("action", op.action());
        json.put("target", op.target());
        json.put("actor", op.actor());
        json.put("startedAt", DlqJson.time(op.startedAt()));
        json.put("finishedAt", DlqJson.time(op.finishedAt()));
        json.put("state", op.state());
        json.put("total", op.total());
        json.put("succeeded", op.succeeded());
        json.put("skipped", op.skipped());
        json.put("arrivedAfterPreview", op.arrivedAfterPreview());
        if (op.isReplay()) {
            ReplayOutcome outcome = engine.operations().outcome(op.id());
            json.put("outcome", DlqJson.replayOutcome(op.id(), outcome));
        }
        return json;
    }
}
