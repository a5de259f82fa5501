package io.redrive.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.redrive.redis.RedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Each engine that runs an upkeep or a worker writes a heartbeat into {@code <prefix>:engines} (HASH: engine id →
 * JSON) every {@link #INTERVAL}; readers keep the beats younger than three intervals. Every beat also sets the
 * key's expiry to three intervals, so it goes when no engine beats any more, and about once a minute a beating
 * engine deletes the fields of engines that stopped without closing (crashed).
 */
final class Heartbeats implements AutoCloseable {
    /** How often an engine beats. */
    static final Duration INTERVAL = Duration.ofSeconds(5);
    /** A beat older than this is from an engine that is gone. */
    static final Duration STALE = INTERVAL.multipliedBy(3);
    private static final int PRUNE_EVERY = 12;
    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    private final Engine engine;
    private ScheduledExecutorService timer;
    private long beats;

    Heartbeats(Engine engine) {
        this.engine = engine;
    }

    /** Starts beating (the first beat at once); when it beats already, beats once more now (a new worker's queue). */
    synchronized void start() {
        if (timer != null) {
            timer.execute(this::beatQuietly);
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redrive-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::beatQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            // an unreachable Redis is reported by the upkeep and the workers; a missed beat only ages the entry
            log.debug("Heartbeat of {} not written: {}", engine.id(), e.getMessage());
        }
    }

    void beat() {
        RedisConnection redis = engine.redis();
        String key = engine.keys().engines();
        Map<String, Object> beat = new LinkedHashMap<>();
        beat.put("host", engine.host());
        beat.put("pid", ProcessHandle.current().pid());
        beat.put("version", version());
        beat.put("queues", new ArrayList<>(new TreeSet<>(engine.workerQueues())));
        beat.put("upkeep", engine.upkeep().isRunning());
        beat.put("lastBeat", engine.options().clock().millis());
        redis.await(redis.commands().hset(key, engine.id(), Json.write(beat)));
        redis.await(redis.commands().pexpire(key, STALE.toMillis()));
        if (beats++ % PRUNE_EVERY == 0) {
            Map<String, byte[]> all = redis.await(redis.commands().hgetall(key));
            String[] stale = all.entrySet().stream().filter(e -> parse(e.getKey(), e.getValue()) == null
                    || isStale(parse(e.getKey(), e.getValue()))).map(Map.Entry::getKey).toArray(String[]::new);
            if (stale.length > 0) {
                redis.await(redis.commands().hdel(key, stale));
            }
        }
    }

    /** The engines whose last beat is younger than {@link #STALE}, oldest id first. */
    List<LiveEngine> live() {
        RedisConnection redis = engine.redis();
        Map<String, byte[]> all = redis.await(redis.commands().hgetall(engine.keys().engines()));
        List<LiveEngine> live = new ArrayList<>();
        all.forEach((id, json) -> {
            LiveEngine e = parse(id, json);
            if (e != null && !isStale(e)) {
                live.add(e);
            }
        });
        live.sort(Comparator.comparing(LiveEngine::id));
        return live;
    }

    private boolean isStale(LiveEngine e) {
        return e.lastBeat().isBefore(engine.options().clock().instant().minus(STALE));
    }

    /** A stored beat, or null when it is not one (written by hand, damaged): it is then dropped like a stale one. */
    private static LiveEngine parse(String id, byte[] json) {
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            List<String> queues = new ArrayList<>();
            n.path("queues").forEach(q -> queues.add(q.asText()));
            if (!n.path("lastBeat").canConvertToLong()) {
                return null;
            }
            return new LiveEngine(id, n.path("host").asText(""), n.path("pid").asLong(), n.path("version").asText(""),
                    queues, n.path("upkeep").asBoolean(), Instant.ofEpochMilli(n.path("lastBeat").asLong()));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String version() {
        String v = Engine.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    /** Stops beating and removes this engine's beat, so others stop listing it at once. */
    @Override
    public synchronized void close() {
        if (timer == null) {
            return;
        }
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer = null;
        try {
            engine.redis().await(engine.redis().commands().hdel(engine.keys().engines(), engine.id()));
        } catch (RuntimeException e) {
            log.debug("Heartbeat of {} not removed: {}", engine.id(), e.getMessage());
        }
    }
}
