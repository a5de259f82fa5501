package io.redrive.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.redrive.cache.Cache;
import io.redrive.cache.CacheCounters;
import io.redrive.engine.Engine;
import io.redrive.engine.QueueCounts;
import io.redrive.engine.QueueHealth;
import io.redrive.engine.QueueTotals;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The meters behind {@code /metrics}. {@link #scrape()} reads Redis once (every queue's lifetime totals and health,
 * the cache's recent minutes) into a {@link Reading}, then renders the registry, whose meters only look that reading
 * up. Queue counters are the lifetime totals kept in Redis, so they never go down when an engine restarts; the cache
 * counters add up the growth of the cache's per-minute statistics seen by this process (Redis keeps no lifetime
 * total for them), so they start at zero with the process, a reset Prometheus' rate() handles.
 */
public final class EngineMetrics {
    /** The window of the retry success rate. */
    static final Duration HEALTH_WINDOW = Duration.ofHours(1);

    private static final Map<String, ToDoubleFunction<QueueTotals>> OUTCOMES = outcomes();
    private static final Map<String, ToDoubleFunction<QueueCounts>> STATES = states();

    private final Engine engine;
    private final Cache cache;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Set<String> metered = new HashSet<>();
    private final CacheTally cacheTally;
    private volatile Reading reading = Reading.EMPTY;
    private volatile boolean redisUp;

    public EngineMetrics(Engine engine, Cache cache) {
        this.engine = engine;
        this.cache = cache;
        this.cacheTally = new CacheTally(engine.options().clock());
        Gauge.builder("redrive.redis.up", this, m -> m.redisUp ? 1 : 0)
                .description("1 when the last scrape read Redis, 0 when Redis did not answer").register(registry);
    }

    /** Reads Redis once and renders every meter in the Prometheus text format (0.0.4). */
    public synchronized String scrape() {
        try {
            reading = read();
            redisUp = true;
        } catch (RuntimeException e) {
            redisUp = false;  // keep the last reading: counters must not drop to zero while Redis is away
        }
        return registry.scrape();
    }

    private Reading read() {
        Map<String, Reading.QueueReading> queues = new LinkedHashMap<>();
        for (String name : engine.queueNames()) {
            QueueHealth health = engine.health(name, HEALTH_WINDOW);
            queues.put(name, new Reading.QueueReading(engine.existingQueue(name).totals(), health.counts(),
                    health.retrySuccessRate() == null ? Double.NaN : health.retrySuccessRate(),
                    health.oldestDeadLetterAge() == null ? 0 : health.oldestDeadLetterAge().toMillis() / 1000.0,
                    engine.deadLetters().groups(name).size()));
            meterQueue(name);
        }
        Map<String, CacheCounters> caches = cacheTally.add(cache.admin());
        caches.keySet().forEach(this::meterNamespace);
        return new Reading(queues, caches);
    }

    private void meterQueue(String queue) {
        if (!metered.add("queue:" + queue)) {
            return;
        }
        OUTCOMES.forEach((outcome, field) -> FunctionCounter.builder("redrive.queue.messages", this,
                        m -> m.queue(queue) == null ? 0 : field.applyAsDouble(m.queue(queue).totals()))
                .description("Messages of the queue by outcome, since the queue was first used (kept in Redis)")
                .tags("queue", queue, "outcome", outcome).register(registry));
        STATES.forEach((state, field) -> Gauge.builder("redrive.queue.size", this,
                        m -> m.queue(queue) == null ? Double.NaN : field.applyAsDouble(m.queue(queue).counts()))
                .description("Messages in each state now").tags("queue", queue, "state", state).register(registry));
        queueGauge(queue, "redrive.queue.oldest.dead.letter.age", "seconds", "How long the oldest dead letter has been dead",
                Reading.QueueReading::oldestDeadSeconds);
        queueGauge(queue, "redrive.queue.failure.groups", null, "Failure groups among the dead letters",
                Reading.QueueReading::failureGroups);
        queueGauge(queue, "redrive.queue.retry.success.ratio", null,
                "Messages that failed and then succeeded over those that failed (succeeded or died), last hour; "
                        + "target 0.9", Reading.QueueReading::retrySuccessRate);
    }

    private void queueGauge(String queue, String name, String unit, String description,
                            ToDoubleFunction<Reading.QueueReading> value) {
        Gauge.builder(name, this, m -> m.queue(queue) == null ? Double.NaN : value.applyAsDouble(m.queue(queue)))
                .baseUnit(unit).description(description).tag("queue", queue).register(registry);
    }

    private void meterNamespace(String namespace) {
        if (!metered.add("cache:" + namespace)) {
            return;
        }
        cacheCounter(namespace, "redrive.cache.hits", null, "Cache reads answered from Redis or the near cache", c -> c.hits());
        cacheCounter(namespace, "redrive.cache.misses", null, "Cache reads that found nothing", c -> c.misses());
        cacheCounter(namespace, "redrive.cache.loads", null, "Loader calls made on a miss", c -> c.loads());
        cacheCounter(namespace, "redrive.cache.load.time", "seconds", "Time spent in loader calls",
                c -> c.loadNanos() / 1e9);
    }

    private void cacheCounter(String namespace, String name, String unit, String description,
                              ToDoubleFunction<CacheCounters> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsDouble(
                        m.reading.cacheTotals().getOrDefault(namespace, CacheCounters.ZERO)))
                .baseUnit(unit).description(description + " (seen by this engine since it started)")
                .tag("namespace", namespace).register(registry);
    }

    private Reading.QueueReading queue(String name) {
        return reading.queues().get(name);
    }

    private static Map<String, ToDoubleFunction<QueueTotals>> outcomes() {
        Map<String, ToDoubleFunction<QueueTotals>> m = new LinkedHashMap<>();
        m.put("enqueued", QueueTotals::enqueued);
        m.put("succeeded", QueueTotals::succeeded);
        m.put("failed", QueueTotals::failed);
        m.put("retried", QueueTotals::retried);
        m.put("dead_lettered", QueueTotals::deadLettered);
        m.put("recovered", QueueTotals::recovered);
        m.put("replayed", QueueTotals::replayed);
        m.put("purged", QueueTotals::purged);
        return m;
    }

    private static Map<String, ToDoubleFunction<QueueCounts>> states() {
        Map<String, ToDoubleFunction<QueueCounts>> m = new LinkedHashMap<>();
        m.put("ready", QueueCounts::ready);
        m.put("in_flight", QueueCounts::inFlight);
        m.put("scheduled", QueueCounts::scheduled);
        m.put("dead", QueueCounts::dead);
        m.put("done", QueueCounts::done);
        return m;
    }

    /** The outcome label values, in the order they are registered. */
    public static List<String> outcomeNames() {
        return List.copyOf(OUTCOMES.keySet());
    }
}
