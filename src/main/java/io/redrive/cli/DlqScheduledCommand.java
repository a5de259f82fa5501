package io.redrive.cli;

import io.redrive.engine.Engine;
import io.redrive.engine.Retries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lists the messages of a queue that wait for a retry. */
@Command(name = "scheduled", mixinStandardHelpOptions = true,
        description = "List a queue's messages waiting for a retry, the soonest due first. "
                + "'dlq retry-now' makes them due now; 'dlq kill' dead-letters them at once.")
final class DlqScheduledCommand extends DlqSubcommand {
    private static final int MAX_ERROR = 80;

    @Option(names = "--queue", paramLabel = "QUEUE", required = true, description = "The queue to look at")
    String queue;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Show at most N (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    int run() {
        if (limit < 1) {
            throw usage("--limit must be at least 1, got " + limit);
        }
        try (Engine engine = connect()) {
            engine.existingQueue(queue);
            List<Retries.ScheduledMessage> waiting = engine.retries().list(queue, 0, limit);
            long total = engine.retries().count(queue);
            if (json) {
                Map<String, Object> page = new LinkedHashMap<>();
                page.put("items", waiting.stream().map(DlqJson::scheduled).toList());
                page.put("count", waiting.size());
                page.put("total", total);
                printJson(page);
                return 0;
            }
            if (waiting.isEmpty()) {
                out().printf("No message of queue %s is waiting for a retry.%n", queue);
                return 0;
            }
            TextTable table = new TextTable("NEXT ATTEMPT", "QUEUE", "ID", "ATTEMPTS", "ENQUEUED", "LAST ERROR").alignRight(3);
            waiting.forEach(m -> table.add(Display.localTime(m.nextAttemptAt()), m.queue(), m.id(), m.attempts(),
                    Display.localTime(m.enqueuedAt()), Display.cut(m.lastError(), MAX_ERROR)));
            table.print(out());
            out().flush();
            err().printf("%s of %s waiting for a retry in queue %s.%n", Display.count(waiting.size()), Display.count(total), queue);
        }
        return 0;
    }
}
