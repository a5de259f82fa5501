package io.redrive.bench;

import io.redrive.alerts.AlertKind;
import io.redrive.alerts.AlertRule;
import io.redrive.alerts.AlertWatcher;
import io.redrive.alerts.Alerts;
import io.redrive.cache.Cache;
import io.redrive.cache.CacheOptions;
import io.redrive.demo.EmbeddedRedis;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.WorkerOptions;
import io.redrive.ops.Actor;
import io.redrive.redis.RedisConnection;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code redrive bench alerts}: what one alert evaluation tick costs with many rules over many queues. Seeds the
 * queues through the engine's own paths (successes and dead letters in a few failure groups over the last ten
 * minutes, so per-minute metrics exist), a cache namespace with statistics, and rules spread over every kind; then,
 * after warm-up ticks, measures per tick Redis's own time for the tick's commands, the wall time and the commands.
 *
 * <p>Redis time is the growth of the {@code usec} counters of {@code INFO commandstats} (the time Redis spent
 * executing each command) over the measured ticks, divided by the ticks; the {@code INFO} calls themselves are
 * left out. The counters are server-wide, so the figure is exact only on a Redis nothing else uses meanwhile, as the
 * embedded one.
 */
public final class AlertBenchmark {
    /** The target for Redis time per tick. */
    public static final double TARGET_MS = 5;
    private static final String[] ERRORS = {"java.net.SocketTimeoutException: read timed out",
            "java.lang.IllegalStateException: tenant quota exceeded", "java.io.IOException: broken pipe"};
    private static final int SEEDED_MINUTES = 10;

    /**
     * What to measure, as {@code redrive bench alerts} was given it; a null {@code redisUrl} means an embedded Redis.
     *
     * @param deadLetters dead letters seeded per queue (as many messages again succeed)
     */
    public record Settings(String redisUrl, int queues, int rules, int deadLetters, int ticks, int warmup, int runs) {
        public Settings {
            if (queues < 1 || rules < 1 || deadLetters < 0 || ticks < 1 || warmup < 0 || runs < 1) {
                throw new IllegalArgumentException("queues, rules, ticks and runs must be at least 1; dead letters and "
                        + "warm-up ticks at least 0");
            }
        }
    }

    private final Settings settings;

    public AlertBenchmark(Settings settings) {
        this.settings = settings;
    }

    /** Prints every run's figures as JSON lines, then their medians and the Redis time against the target. */
    public void run(PrintStream printed) throws Exception {
        EmbeddedRedis embedded = settings.redisUrl() == null ? EmbeddedRedis.start() : null;
        String url = embedded != null ? embedded.url() : settings.redisUrl();
        BenchOutput out = new BenchOutput(printed);
        String prefix = "bench-alerts-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        SeedingClock clock = new SeedingClock();
        try (Engine engine = Engine.connect(EngineOptions.builder().redisUrl(url).keyPrefix(prefix).clock(clock)
                .commandTimeout(Duration.ofMinutes(2)).upkeep(false).maxReplays(0).build());
             RedisConnection stats = RedisConnection.open(url, Duration.ofSeconds(10))) {
            seedQueues(engine, clock);
            seedCache(url, prefix);
            try (Alerts alerts = Alerts.open(engine)) {
                addRules(alerts, engine.queueNames());
                AlertWatcher watcher = alerts.watcher(AlertWatcher.DEFAULT_INTERVAL);
                for (int i = 0; i < settings.warmup(); i++) {
                    watcher.tick();  // the first ticks open the incidents and compile the paths
                }
                for (int run = 1; run <= settings.runs(); run++) {
                    measure(watcher, stats, out, run);
                }
            }
            out.medians();
            out.target("alerts.tick.redis_time", TARGET_MS, "ms",
                    "Redis's own time executing the tick's commands: the INFO commandstats usec delta over the ticks, "
                            + "divided by the ticks");
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private void measure(AlertWatcher watcher, RedisConnection stats, BenchOutput out, int run) {
        List<Double> wall = new ArrayList<>();
        CommandStats before = CommandStats.read(stats);
        for (int i = 0; i < settings.ticks(); i++) {
            long start = System.nanoTime();
            watcher.tick();
            wall.add((System.nanoTime() - start) / 1e6);
        }
        CommandStats spent = CommandStats.read(stats).minus(before);
        out.line("alerts.tick.redis_time", spent.micros() / 1000.0 / settings.ticks(), "ms", run);
        out.line("alerts.tick.wall", BenchOutput.median(wall), "ms", run);
        out.line("alerts.tick.commands", spent.calls() / (double) settings.ticks(), "commands", run);
    }

    /** Each queue's messages over the last ten minutes, half of them dead-lettered on their only attempt. */
    private void seedQueues(Engine engine, SeedingClock clock) {
        RetryPolicy once = RetryPolicy.builder().maxAttempts(1).build();
        WorkerOptions drain = WorkerOptions.builder().batchSize(200).build();
        Actor actor = Actor.named("benchmark");
        Instant start = Instant.now().minus(Duration.ofMinutes(SEEDED_MINUTES));
        int perMinute = (2 * settings.deadLetters() + SEEDED_MINUTES - 1) / SEEDED_MINUTES;
        for (int q = 0; q < settings.queues(); q++) {
            engine.queue(queueName(q)).updatePolicy(once, actor);
        }
        for (int minute = 0; minute < SEEDED_MINUTES; minute++) {
            clock.set(start.plus(Duration.ofMinutes(minute)).plusSeconds(20));
            for (int q = 0; q < settings.queues(); q++) {
                String queue = queueName(q);
                int first = minute * perMinute;
                int count = Math.max(0, Math.min(perMinute, 2 * settings.deadLetters() - first));
                List<OutgoingMessage> batch = new ArrayList<>(count);
                for (int i = first; i < first + count; i++) {
                    batch.add(OutgoingMessage.json("{\"n\":" + i + ",\"queue\":\"" + queue + "\"}"));
                }
                if (!batch.isEmpty()) {
                    engine.queue(queue).enqueueAll(batch);
                    engine.drain(queue, d -> fail(d.text()), drain);
                }
            }
        }
        clock.release();
    }

    /** Every odd message fails, with one of three errors: three failure groups a queue. */
    private static void fail(String text) throws Exception {
        int n = Integer.parseInt(text.substring(text.indexOf(':') + 1, text.indexOf(',')));
        if (n % 2 == 1) {
            String error = ERRORS[(n / 2) % ERRORS.length];
            throw new Exception(error);
        }
    }

    /** A cache namespace with a few thousand reads, most of them hits, flushed to the statistics in Redis. */
    private static void seedCache(String url, String prefix) {
        try (Cache cache = Cache.connect(CacheOptions.builder().redisUrl(url).keyPrefix(prefix).build())) {
            for (int i = 0; i < 2_000; i++) {
                String key = "doc-" + (i % 300);
                cache.getOrLoad("documents", key, String.class, () -> "summary of " + key);
            }
            cache.flushStatistics();
        }
    }

    /** One rule of each kind over everything, then the rest each on one queue (or the namespace), kinds in turn. */
    private void addRules(Alerts alerts, List<String> queues) {
        AlertKind[] kinds = AlertKind.values();
        Actor actor = Actor.named("benchmark");
        for (int i = 0; i < settings.rules(); i++) {
            AlertKind kind = kinds[i % kinds.length];
            String subject = i < kinds.length ? AlertRule.ALL
                    : kind.aboutCache() ? "documents" : queues.get(i % queues.size());
            alerts.add(kind, subject, null, null, List.of(), null, actor);
        }
    }

    static String queueName(int q) {
        return String.format("queue-%02d", q);
    }

    /** The engine's clock: stepped minute by minute while seeding, then the real time. */
    private static final class SeedingClock extends Clock {
        private volatile Instant fixed;

        void set(Instant instant) { fixed = instant; }

        void release() { fixed = null; }

        @Override
        public Instant instant() {
            Instant f = fixed;
            return f != null ? f : Instant.now();
        }

        @Override
        public ZoneId getZone() { return ZoneOffset.UTC; }

        @Override
        public Clock withZone(ZoneId zone) { return Clock.system(zone); }
    }
}
