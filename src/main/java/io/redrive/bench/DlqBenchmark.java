package io.redrive.cli;

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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * {@code redrive bench dlq}: page latencies over a large DLQ (first page, a deep page, filtered by error class,
 * one failure group), then bulk replay, bulk purge and export rates. The DLQ is seeded through the import path
 * (which is also measured) with dead letters spread over four queues, five error classes and a week of deaths.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Measure dead-letter page latencies over a large DLQ and bulk replay, purge and export rates; "
                + "prints one JSON object per line, then the medians over the runs.")
final class DlqBenchmark implements Callable<Integer> {
    private static final String[] ERRORS = SeededDeadLetters.ERRORS;
    private static final int PAGE_SAMPLES = 21;

    @Mixin
    RedisOptions redis;

    @Option(names = "--dead-letters", defaultValue = "1000000", description = "Dead letters to seed (default: ${DEFAULT-VALUE})")
    int deadLetters;

    @Option(names = "--bulk", defaultValue = "100000", description = "Messages per bulk replay and purge run (default: ${DEFAULT-VALUE})")
    int bulk;

    @Option(names = "--runs", defaultValue = "3", description = "Runs; medians are printed at the end (default: ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() throws Exception {
        if ((long) 2 * bulk * runs > deadLetters) {
            throw new IllegalArgumentException("--dead-letters must hold at least 2 x --bulk x --runs dead letters");
        }
        EmbeddedRedis embedded = redis.given() ? null : EmbeddedRedis.start();
        String url = embedded != null ? embedded.url() : redis.engineOptions().build().redisUrl();
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
        return 0;
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
