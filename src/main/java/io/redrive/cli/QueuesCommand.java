package io.redrive.cli;

import io.redrive.engine.Engine;
import io.redrive.engine.MinuteMetrics;
import io.redrive.engine.Queue;
import io.redrive.engine.QueueCounts;
import picocli.CommandLine.Command;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/** {@code redrive queues}: every queue with its count per state and its rates over the last minutes. */
@Command(name = "queues", mixinStandardHelpOptions = true,
        description = "List every queue with how many messages are in each state (ready, in flight, scheduled for a "
                + "retry, dead, in the trash, done) and how many per minute were enqueued, succeeded, failed and were "
                + "dead-lettered, averaged over the last " + QueuesCommand.MINUTES + " whole minutes.")
final class QueuesCommand extends DlqSubcommand {
    static final int MINUTES = 5;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    /** One queue's counts and its average rates per minute. */
    record Row(QueueCounts counts, long trash, double enqueued, double succeeded, double failed, double deadLettered) { }

    @Override
    int run() {
        // the rates cover the whole minutes before this one: the current minute is still filling
        long thisMinute = options().clock().millis() / 60_000;
        Instant from = Instant.ofEpochMilli((thisMinute - MINUTES) * 60_000);
        Instant to = Instant.ofEpochMilli((thisMinute - 1) * 60_000);
        List<Row> rows = new ArrayList<>();
        try (Engine engine = connect()) {
            for (String name : engine.queueNames()) {
                Queue queue = engine.existingQueue(name);
                rows.add(row(queue.counts(), engine.deadLetters().trashCount(name), queue.metrics(from, to)));
            }
        }
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ratesFrom", from.toString());
            result.put("ratesUntil", to.plusSeconds(60).toString());
            result.put("queues", rows.stream().map(QueuesCommand::json).toList());
            printJson(result);
        } else if (rows.isEmpty()) {
            out().println("No queues yet: a queue appears when a producer or worker first uses it.");
        } else {
            print(rows, from, to.plusSeconds(60));
        }
        return 0;
    }

    private static Row row(QueueCounts counts, long trash, List<MinuteMetrics> minutes) {
        return new Row(counts, trash, perMinute(minutes, MinuteMetrics::enqueued), perMinute(minutes, MinuteMetrics::succeeded),
                perMinute(minutes, MinuteMetrics::failed), perMinute(minutes, MinuteMetrics::deadLettered));
    }

    private static double perMinute(List<MinuteMetrics> minutes, ToLongFunction<MinuteMetrics> counter) {
        return minutes.stream().mapToLong(counter).sum() / (double) MINUTES;
    }

    private void print(List<Row> rows, Instant from, Instant until) {
        TextTable table = new TextTable("QUEUE", "READY", "IN FLIGHT", "SCHEDULED", "DEAD", "TRASH", "DONE",
                "ENQUEUED/MIN", "SUCCEEDED/MIN", "FAILED/MIN", "DEAD-LETTERED/MIN").alignRight(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        for (Row r : rows) {
            QueueCounts c = r.counts();
            table.add(Display.oneLine(c.queue()), Display.count(c.ready()), Display.count(c.inFlight()), Display.count(c.scheduled()),
                    Display.count(c.dead()), Display.count(r.trash()), Display.count(c.done()), rate(r.enqueued()),
                    rate(r.succeeded()), rate(r.failed()), rate(r.deadLettered()));
        }
        table.print(out());
        out().printf("Rates are per minute, averaged over the %d whole minutes from %s to %s (local time); the minute under way is not counted.%n", MINUTES,
                CLOCK.format(from.atZone(ZoneId.systemDefault())), CLOCK.format(until.atZone(ZoneId.systemDefault())));
    }

    /** 0, 0.4, 12, 1,250: one decimal only where it says something. */
    static String rate(double perMinute) {
        return perMinute >= 10 || perMinute == Math.rint(perMinute) ? Display.count(Math.round(perMinute))
                : String.format(Locale.ROOT, "%.1f", perMinute);
    }

    private static Map<String, Object> json(Row r) {
        QueueCounts c = r.counts();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("ready", c.ready());
        counts.put("inFlight", c.inFlight());
        counts.put("scheduled", c.scheduled());
        counts.put("dead", c.dead());
        counts.put("trash", r.trash());
        counts.put("done", c.done());
        Map<String, Object> rates = new LinkedHashMap<>();
        rates.put("enqueued", r.enqueued());
        rates.put("succeeded", r.succeeded());
        rates.put("failed", r.failed());
        rates.put("deadLettered", r.deadLettered());
        Map<String, Object> queue = new LinkedHashMap<>();
        queue.put("name", c.queue());
        queue.put("counts", counts);
        queue.put("perMinute", rates);
        return queue;
    }
}
