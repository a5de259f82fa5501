package io.redrive.cli;

import io.redrive.engine.DeadLetter;
import io.redrive.engine.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lists a queue's purged dead letters. */
@Command(name = "trash", mixinStandardHelpOptions = true,
        description = "List a queue's purged dead letters, most recently purged first; 'dlq restore' brings them back.")
final class DlqTrashCommand extends DlqSubcommand {
    private static final int MAX_ERROR = 80;

    @Option(names = "--queue", paramLabel = "QUEUE", required = true, description = "The queue whose trash to list")
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
            List<DeadLetter> trashed = engine.deadLetters().trash(queue, limit);
            long total = engine.deadLetters().trashCount(queue);
            if (json) {
                Map<String, Object> page = new LinkedHashMap<>();
                page.put("items", DlqJson.deadLetters(trashed));
                page.put("count", trashed.size());
                page.put("total", total);
                printJson(page);
                return 0;
            }
            if (trashed.isEmpty()) {
                out().printf("The trash of queue %s is empty.%n", queue);
                return 0;
            }
            TextTable table = new TextTable("DIED", "QUEUE", "ID", "ATTEMPTS", "REPLAYS", "ERROR").alignRight(3, 4);
            trashed.forEach(d -> table.add(Display.localTime(d.deadAt()), d.queue(), d.id(), d.attempts(), d.replays(),
                    Display.cut(d.lastError(), MAX_ERROR)));
            table.print(out());
            out().flush();
            err().printf("%s of %s in the trash of queue %s; bring them back with: redrive dlq restore --queue %s [--id ID ...]%n",
                    Display.count(trashed.size()), Display.count(total), queue, queue);
        }
        return 0;
    }
}
