package io.redrive.demo;

import io.redrive.cache.Cache;
import io.redrive.cache.CacheOptions;
import io.redrive.ops.BulkOperation;
import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.Delivery;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.FailureGroup;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.ReplayOptions;
import io.redrive.engine.WorkerOptions;
import io.redrive.ops.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Writes the {@link DemoDay day before the demo starts} through the engine's and cache's own code paths, with a
 * clock moved minute by minute, so the console opens on history: per-minute metrics, retry timelines, dead letters
 * spread over the day, the outage's failure group, the operator's replay in the audit log, cache statistics.
 *
 * <p>Each minute: due retries are promoted (the upkeep, run in this thread), the minute's messages are enqueued, and
 * {@link Engine#drain} handles and settles all of them in this thread before the clock moves on: the same scripts a
 * worker runs, without a worker's hand-offs between threads, which cost more than the work at ~1,000 steps. Which attempt fails is a function
 * of the seed, the message and the attempt, so one seed always tells the same story.
 */
public final class DemoHistory {
    /** Who replays the outage's dead letters in the story. */
    public static final Actor OPERATOR = Actor.named("dana@ops-laptop");
    /** The dependency that goes down in the morning. */
    static final String OUTAGE_ERROR = "Connection refused: embeddings-api.internal:443";
    private static final Logger log = LoggerFactory.getLogger(DemoHistory.class);
    private static final Map<String, Double> WEIGHTS = Map.of("documents", 1.0, "summaries", 0.8, "embeddings", 0.8, "graph", 0.6);
    private static final String[] TENANTS = {"acme", "globex", "initech", "umbrella", "hooli"};
    private static final WorkerOptions DRAIN = WorkerOptions.builder().batchSize(200).build();

    private final DemoDay day;
    private final long seed;
    private final SteppedClock clock;
    private long retriesPending;
    private long nextDocument = 1;

    private DemoHistory(DemoDay day, long seed) {
        this.day = day;
        this.seed = seed;
        this.clock = new SteppedClock(day.start());
    }

    /** What was written: messages enqueued, and how long it took. */
    public record Summary(long messages, Duration took) {
    }

    /**
     * Seeds the day that ends at {@code now} (local times in {@code zone}) under {@code prefix}; returns once every
     * message has settled. The caller starts live traffic only after.
     */
    public static Summary seed(String redisUrl, String prefix, Clock now, ZoneId zone, long seed) {
        long began = System.nanoTime();
        DemoHistory history = new DemoHistory(DemoDay.endingAt(now.instant(), zone), seed);
        long messages = history.run(redisUrl, prefix);
        Summary summary = new Summary(messages, Duration.ofNanos(System.nanoTime() - began));
        log.info("Demo history: {} messages over {} to {} written in {} ms", messages, history.day.start(),
                history.day.end(), summary.took().toMillis());
        return summary;
    }

    private long run(String redisUrl, String prefix) {
        EngineOptions options = EngineOptions.builder().redisUrl(redisUrl).keyPrefix(prefix).clock(clock).upkeep(false).build();
        SteppedClock cacheClock = new SteppedClock(day.start());
        CacheOptions cacheOptions = CacheOptions.builder().redisUrl(redisUrl).keyPrefix(prefix).clock(cacheClock)
                .statsInterval(Duration.ofDays(1)).build();  // flushed by the history at the end of each minute instead
        try (Engine engine = Engine.connect(options); Cache cache = Cache.connect(cacheOptions)) {
            // the cache's day runs beside the engine's: they share nothing but Redis
            CompletableFuture<Void> cacheDay = CompletableFuture.runAsync(
                    () -> new DemoCacheHistory(cache, cacheClock, day, seed).run());
            try {
                for (String queue : DemoWorkload.QUEUES) {
                    engine.queue(queue).updatePolicy(DemoWorkload.POLICY, OPERATOR);
                }
                Random random = new Random(seed);
                String replayId = null;
                for (Instant minute = day.start(); minute.isBefore(day.end()); minute = minute.plusSeconds(60)) {
                    // in the quiet hours, arrivals come two minutes' worth every other minute: half the steps, same rate
                    boolean quiet = day.rate(minute) < 0.7;
                    long minuteOfDay = minute.getEpochSecond() / 60;
                    if (quiet && minuteOfDay % 2 == 1 && retriesPending == 0) {
                        continue;
                    }
                    clock.set(minute.plusSeconds(20));
                    // a queue with nothing promoted, enqueued or replayed this minute has nothing ready: no drain
                    boolean promoted = retriesPending > 0 && promote(engine) > 0;
                    Set<String> fed = enqueue(engine, minute, quiet && minuteOfDay % 2 == 0 ? 2 : 1, random);
                    if (minute.equals(day.replayAt())) {
                        replayId = replayOutage(engine);
                        fed.add("embeddings");
                    } else if (replayId != null && minute.equals(day.replayAt().plusSeconds(600))) {
                        engine.operations().outcome(replayId);  // the replay's outcome goes to the audit log
                    }
                    for (String queue : DemoWorkload.QUEUES) {
                        if (promoted || fed.contains(queue)) {
                            engine.drain(queue, this::handle, DRAIN);
                        }
                    }
                }
            } finally {
                cacheDay.join();
            }
        }
        return nextDocument - 1;
    }

    /** Only the retries: the history's leases never expire and nothing is old enough to sweep. */
    private long promote(Engine engine) {
        long promoted = engine.upkeep().promoteDue();
        retriesPending -= promoted;
        return promoted;
    }

    /** Enqueues the minute's arrivals; returns the queues that got any. */
    private Set<String> enqueue(Engine engine, Instant minute, int minutes, Random random) {
        Set<String> fed = new HashSet<>();
        for (String queue : DemoWorkload.QUEUES) {
            int count = (int) (minutes * day.rate(minute) * WEIGHTS.get(queue) + random.nextDouble());
            List<OutgoingMessage> batch = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long id = nextDocument++;
                String tenant = TENANTS[random.nextInt(TENANTS.length)];
                batch.add(OutgoingMessage.json("{\"documentId\":" + id + ",\"tenant\":\"" + tenant + "\",\"pages\":"
                        + (1 + random.nextInt(40)) + ",\"uri\":\"s3://uploads/" + tenant + "/" + id + ".pdf\"}")
                        .traceId(Long.toHexString(random.nextLong())));
            }
            if (!batch.isEmpty()) {
                engine.queue(queue).enqueueAll(batch);
                fed.add(queue);
            }
        }
        return fed;
    }

    /** The operator replays the outage's dead letters in {@code embeddings}; those in {@code graph} are left for the visitor. */
    private String replayOutage(Engine engine) {
        FailureGroup outage = engine.deadLetters().groups("embeddings").stream()
                .filter(g -> g.exceptionClass().equals(ConnectException.class.getName())).findFirst().orElse(null);
        if (outage == null) {
            return null;
        }
        BulkOperation replay = engine.deadLetters().replay(DeadLetterTarget.group("embeddings", outage.fingerprint()),
                ReplayOptions.defaults(OPERATOR));
        try {
            replay.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while seeding the demo's history", e);
        }
        return replay.id();
    }

    private void handle(Delivery d) throws Exception {
        Exception failure = failure(d);
        if (failure != null) {
            if (!(failure instanceof DemoErrors.ValidationException) && !d.isLastAttempt()) {
                retriesPending++;
            }
            throw failure;
        }
    }

    /** What, if anything, this attempt fails with: decided by the seed, the message and the attempt alone. */
    private Exception failure(Delivery d) {
        String text = d.text();
        long document = Long.parseLong(text.substring(text.indexOf(':') + 1, text.indexOf(',')));
        Instant now = clock.instant();
        SplittableRandom r = new SplittableRandom(seed ^ (document * 0x9E3779B97F4A7C15L) ^ d.attempt() ^ ((long) d.replays() << 8));
        double roll = r.nextDouble();
        String service = switch (d.queue()) {
            case "documents" -> "OCR service";
            case "summaries" -> "summariser";
            case "embeddings" -> "embeddings API";
            default -> "graph store";
        };
        if (day.inOutage(now) && (d.queue().equals("embeddings") || (d.queue().equals("graph") && roll < 0.8))) {
            return new ConnectException(OUTAGE_ERROR);
        }
        if (document % 257 == 3) {
            return new DemoErrors.ValidationException("Tenant quota exceeded: document rejected by " + service);
        }
        if (document % 311 == 7) {
            return new DemoErrors.DocumentParseException("Unexpected character '<' at line 1, column 1 of document "
                    + d.id(), new IllegalStateException("expected '{' but found an HTML error page"));
        }
        if (roll < 0.025) {
            return new DemoErrors.UpstreamTimeoutException("Read timed out after 30000 ms calling " + service
                    + " (request " + Long.toHexString(r.nextLong()) + ")");
        } else if (roll < 0.04) {
            return new DemoErrors.RateLimitedException("429 Too Many Requests from " + service + ": retry after "
                    + (5 + r.nextInt(55)) + " s");
        }
        return null;
    }
}
