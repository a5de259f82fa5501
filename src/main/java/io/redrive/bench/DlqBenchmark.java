package io.redrive.bench;

import io.redrive.demo.EmbeddedRedis;
import io.redrive.demo.SeededDeadLetters;
import io.redrive.ops.Actor;
import io.redrive.ops.BulkOperation;
import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.ReplayOptions;

import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * {@code redrive bench dlq}: page latencies over a large DLQ (first page, a deep page, filtered by error class,
 * one failure group), then bulk replay, bulk purge and export rates. The DLQ is seeded through the import path
 * (which is also measured) with dead letters spread over four queues, five error classes and a week of deaths.
 */
public final class DlqBenchmark {
    private static final String[] ERRORS = SeededDeadLetters.ERRORS;
    private static final int PAGE_SAMPLES = 21;

    /** What to measure, as {@code redrive bench dlq} was given it; a null {@code redisUrl} means an embedded Redis. */
    public record Settings(String redisUrl, int deadLetters, int bulk, int runs) {
    }

    private final String redisUrl;
    private final int deadLetters;
    private final int bulk;
    private final int runs;

    public DlqBenchmark(Settings settings) {
        this.redisUrl = settings.redisUrl();
        this.deadLetters = settings.deadLetters();
        this.bulk = settings.bulk();
        this.runs = settings.runs();
    }

    /** Prints every run's figures as JSON lines on standard output, then their medians. */
    public void run() throws Exception {
        EmbeddedRedis embedded = redisUrl == null ? EmbeddedRedis.start() : null;
        String url = embedded != null ? embedded.url() : redisUrl;
        BenchOutput out = new BenchOutput(System.out);
        String prefix = "bench-dlq-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        try (Engine engine = Engine.connect(EngineOptions.builder().redisUrl(url).keyPrefix(prefix)
                .commandTimeout(Duration.ofMinutes(2)).upkeep(false).maxReplays(0).build())) {
            DeadLetters dlq = engine.deadLetters();
            Instant now = Instant.now();
            long start = System.nanoTime();
            long imported = SeededDeadLetters.seed(dlq, deadLetters, now);
            out.line("dlq.import", imported / seconds(start), "msg/s", 0);
            String queue = "queue-0";
            String group = dlq.groups(queue).get(0).fingerprint();
            for (int run = 1; run <= runs; run++) {
                pages(dlq, out, run, queue, group);
                bulkOps(dlq, out, run, now);
            }
            out.medians();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private void pages(DeadLetters dlq, BenchOutput out, int run, String queue, String group) {
        DeadLetterQuery all = DeadLetterQuery.builder().limit(100).build();
        DeadLetterQuery one = DeadLetterQuery.builder().queue(queue).limit(100).build();
        long depth = dlq.count(one) / 2;
        out.line("dlq.page.first", medianMillis(() -> dlq.page(all).items().size()), "ms", run);
        out.line("dlq.page.deep", medianMillis(() -> dlq.pageAt(one, depth).items().size()), "ms", run);
        out.line("dlq.page.error_class", medianMillis(() -> dlq.page(DeadLetterQuery.builder()
                .errorClass(ERRORS[1]).limit(100).build()).items().size()), "ms", run);
        out.line("dlq.page.group", medianMillis(() -> dlq.page(DeadLetterQuery.builder().queue(queue).group(group)
                .limit(100).build()).items().size()), "ms", run);
    }

    /** Replays, then purges, the oldest dead letters left (a time-range query), then exports the next ones. */
    private void bulkOps(DeadLetters dlq, BenchOutput out, int run, Instant now) throws InterruptedException {
        Actor actor = Actor.named("bench");
        DeadLetterQuery oldest = oldest(dlq, bulk, now);
        long start = System.nanoTime();
        BulkOperation.Progress replayed = dlq.replay(DeadLetterTarget.matching(oldest), ReplayOptions.defaults(actor)).await();
        out.line("dlq.replay", replayed.succeeded() / seconds(start), "msg/s", run);
        DeadLetterQuery next = oldest(dlq, bulk, now);
        start = System.nanoTime();
        long exported = dlq.export(DeadLetterTarget.matching(next), OutputStream.nullOutputStream(), null);
        out.line("dlq.export", exported / seconds(start), "msg/s", run);
        start = System.nanoTime();
        BulkOperation.Progress purged = dlq.purge(DeadLetterTarget.matching(next), 0, actor).await();
        out.line("dlq.purge", purged.succeeded() / seconds(start), "msg/s", run);
    }

    /** A query over the {@code n} oldest dead letters left, by a time range (an index condition). */
    private static DeadLetterQuery oldest(DeadLetters dlq, int n, Instant now) {
        DeadLetterQuery byAge = DeadLetterQuery.builder().sort(DeadLetterQuery.Sort.OLDEST).limit(1).build();
        Instant first = dlq.page(byAge).items().get(0).deadAt();
        // deaths are one second apart, so n of them span n - 1 seconds
        return DeadLetterQuery.builder().between(first, first.plusSeconds(n - 1L)).build();
    }

    private static double medianMillis(Supplier<Integer> call) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < PAGE_SAMPLES; i++) {
            long start = System.nanoTime();
            if (call.get() == 0) {
                throw new IllegalStateException("A benchmark page came back empty");
            }
            times.add((System.nanoTime() - start) / 1e6);
        }
        return BenchOutput.median(times);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
