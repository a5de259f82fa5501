package io.redrive.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.redrive.engine.CheckReport;
import io.redrive.engine.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Verifies that every message is in exactly one state and no index points at a missing message. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Verify that every message is in exactly one state and that no index, timeline or error "
                + "history points at a missing message. Exits 1 when it finds a problem.")
final class CheckCommand implements Callable<Integer> {
    @Mixin
    RedisOptions redis;

    @Option(names = "--json", description = "Print the report as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (Engine engine = Engine.connect(redis.engineOptions().backgroundWorker(false).build())) {
            CheckReport report = engine.check();
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("messagesChecked", report.messagesChecked());
                out.put("clean", report.isClean());
                out.put("problems", report.problems());
                System.out.println(new ObjectMapper().writeValueAsString(out));
            } else if (report.isClean()) {
                System.out.printf("Checked %d messages in %d queues: every message is in exactly one state.%n",
                        report.messagesChecked(), engine.queueNames().size());
            } else {
                System.out.printf("Checked %d messages: %d problems%n", report.messagesChecked(), report.problems().size());
                report.problems().forEach(p -> System.out.println("  - " + Display.oneLine(String.valueOf(p))));
            }
            return report.isClean() ? 0 : 1;
        }
    }
}
