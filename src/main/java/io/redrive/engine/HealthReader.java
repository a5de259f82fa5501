package io.redrive.engine;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.Replies;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link QueueHealth}: every command is sent before the first reply is awaited, and nothing scans an index.
 * Resolution percentiles come from the per-hour histograms, interpolated linearly within a bucket.
 */
final class HealthReader {
    /** Upper bounds of the resolution buckets, in seconds, as {@code _lib.lua} writes them; the last is open. */
    static final long[] RESOLUTION_BOUNDS = {60, 300, 900, 3600, 14400, 43200, 86400, 259200, 604800};
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    private static final Duration NEW_GROUP = Duration.ofHours(1);
    private static final Duration EXPIRY_HORIZON = Duration.ofHours(24);

    private final Engine engine;
    private final RedisConnection redis;

    HealthReader(Engine engine) {
        this.engine = engine;
        this.redis = engine.redis();
    }

    QueueHealth health(Queue queue, Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("The health window must be positive, got " + window);
        }
        QueueKeys keys = queue.keys();
        long now = engine.options().clock().millis();
        Duration retention = engine.policies().current(queue.name()).deadLetterRetention();
        long lastMinute = now / MINUTE;
        long firstMinute = (now - window.toMillis()) / MINUTE + 1;
        var c = redis.commands();
        List<RedisFuture<List<KeyValue<String, byte[]>>>> minuteReplies = new ArrayList<>();
        for (long m = firstMinute; m <= lastMinute; m++) {
            minuteReplies.add(c.hmget(keys.metrics(m), "deadLettered", "succeededAfterFailure", "deadSize"));
        }
        List<RedisFuture<Map<String, byte[]>>> hourReplies = new ArrayList<>();
        for (long h = firstMinute * MINUTE / HOUR; h <= now / HOUR; h++) {
            hourReplies.add(c.hgetall(keys.resolution(h)));
        }
        RedisFuture<List<ScoredValue<byte[]>>> oldest = c.zrangeWithScores(keys.dead(), 0, 0);
        RedisFuture<Long> expiring = c.zcount(keys.dead(), Range.create(Double.NEGATIVE_INFINITY,
                (double) (now + EXPIRY_HORIZON.toMillis() - retention.toMillis())));
        RedisFuture<List<byte[]>> recentGroups = c.zrangebyscore(keys.groups(),
                Range.create((double) (now - NEW_GROUP.toMillis()), Double.POSITIVE_INFINITY));
        QueueCounts counts = queue.counts();

        List<QueueHealth.Minute> minutes = new ArrayList<>();
        long afterFailure = 0;
        long dead = 0;
        for (int i = 0; i < minuteReplies.size(); i++) {
            List<KeyValue<String, byte[]>> f = redis.await(minuteReplies.get(i));
            long deadLettered = number(f.get(0));
            dead += deadLettered;
            afterFailure += number(f.get(1));
            Long size = f.get(2).hasValue() ? number(f.get(2)) : null;
            long start = (firstMinute + i) * MINUTE;
            minutes.add(new QueueHealth.Minute(Instant.ofEpochMilli(start), deadLettered, size, start + MINUTE <= now));
        }
        long[] buckets = new long[RESOLUTION_BOUNDS.length + 1];
        for (RedisFuture<Map<String, byte[]>> reply : hourReplies) {
            redis.await(reply).forEach((field, n) -> {
                int b = bucketOf(field);
                if (b >= 0) {
                    buckets[b] += Replies.number(n);
                }
            });
        }
        List<ScoredValue<byte[]>> first = redis.await(oldest);
        Duration oldestAge = first.isEmpty() ? null : Duration.ofMillis(Math.max(0, now - (long) first.get(0).getScore()));
        long resolved = 0;
        for (long n : buckets) {
            resolved += n;
        }
        Double rate = afterFailure + dead == 0 ? null : (double) afterFailure / (afterFailure + dead);
        return new QueueHealth(queue.name(), Instant.ofEpochMilli(now), window, counts, minutes, rate, resolved,
                percentile(buckets, 0.5), percentile(buckets, 0.9), oldestAge, retention, redis.await(expiring),
                newGroups(keys, queue.name(), redis.await(recentGroups), now));
    }

    /** The groups among the recently active ones whose first death is within the last hour, newest first. */
    private List<FailureGroup> newGroups(QueueKeys keys, String queue, List<byte[]> fingerprints, long now) {
        List<RedisFuture<Map<String, byte[]>>> replies = new ArrayList<>();
        for (byte[] fp : fingerprints) {
            replies.add(redis.commands().hgetall(keys.group(Replies.text(fp))));
        }
        List<FailureGroup> groups = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            Map<String, byte[]> f = redis.await(replies.get(i));
            if (f.isEmpty()) {
                continue;
            }
            FailureGroup g = DeadLetters.group(queue, Replies.text(fingerprints.get(i)), f);
            if (g.firstSeen() != null && !g.firstSeen().isBefore(Instant.ofEpochMilli(now - NEW_GROUP.toMillis()))) {
                groups.add(g);
            }
        }
        groups.sort(Comparator.comparing(FailureGroup::firstSeen).reversed());
        return groups;
    }

    /**
     * The q-quantile of a histogram, interpolated linearly inside the bucket it falls in (bucket i spans from the
     * previous bound to its own; the first starts at 0). A quantile in the open last bucket reads as its lower
     * bound, 7 days: "at least". Null for an empty histogram.
     */
    static Duration percentile(long[] buckets, double q) {
        long total = 0;
        for (long n : buckets) {
            total += n;
        }
        if (total == 0) {
            return null;
        }
        double rank = q * total;
        long before = 0;
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] > 0 && before + buckets[i] >= rank) {
                long lower = i == 0 ? 0 : RESOLUTION_BOUNDS[i - 1];
                if (i == RESOLUTION_BOUNDS.length) {
                    return Duration.ofSeconds(lower);
                }
                double seconds = lower + (RESOLUTION_BOUNDS[i] - lower) * (rank - before) / buckets[i];
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
            before += buckets[i];
        }
        return Duration.ofSeconds(RESOLUTION_BOUNDS[RESOLUTION_BOUNDS.length - 1]);
    }

    /** The index of a histogram field ("60", ..., "inf"), or -1 for a field that is not a bucket. */
    static int bucketOf(String field) {
        if (field.equals("inf")) {
            return RESOLUTION_BOUNDS.length;
        }
        for (int i = 0; i < RESOLUTION_BOUNDS.length; i++) {
            if (field.equals(Long.toString(RESOLUTION_BOUNDS[i]))) {
                return i;
            }
        }
        return -1;
    }

    private static long number(KeyValue<String, byte[]> value) {
        try {
            return value.hasValue() ? Replies.number(value.getValue()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
