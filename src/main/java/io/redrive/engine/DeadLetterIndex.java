package io.redrive.engine;

import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads dead letters through their indexes. For each queue the query picks one sorted set (by group, by class,
 * by time of death, or by attempts) and a slice of it by rank, so a page costs O(log n + page) whatever the
 * DLQ's size; queues are merged by score. A cursor holds each queue's position in its slice.
 */
final class DeadLetterIndex {
    /** Index entries one page call may read when conditions are checked row by row; the caller pages on. */
    static final int SCAN_BUDGET = 20_000;
    private static final int SCAN_CHUNK = 500;

    private final Engine engine;
    private final RedisConnection redis;

    DeadLetterIndex(Engine engine) {
        this.engine = engine;
        this.redis = engine.redis();
    }

    /** A dead letter by queue and id, as the indexes yield it before its row is read. */
    record Ref(String queue, String id) { }

    /** One queue's part of a query: a range of ranks [lo, hi) of one sorted set, read in one direction. */
    private record Slice(String queue, String key, long lo, long hi, boolean reverse) {
        long size() { return Math.max(0, hi - lo); }
    }

    DeadLetterPage page(DeadLetterQuery query, String cursor) {
        List<Slice> slices = slices(query);
        Map<String, Long> offsets = parseCursor(cursor);
        long total = slices.stream().mapToLong(Slice::size).sum();
        List<DeadLetter> items = new ArrayList<>(query.limit());
        long scanned = 0;
        boolean scans = query.scans();
        long budget = scans ? SCAN_BUDGET : query.limit();
        boolean exhausted = false;
        while (items.size() < query.limit() && scanned < budget) {
            int want = scans ? Math.max(query.limit(), SCAN_CHUNK) : query.limit() - items.size();
            List<Ref> refs = next(slices, offsets, want);
            if (refs.isEmpty()) {
                exhausted = true;
                break;
            }
            List<Row> rows = rows(refs, query.readsContent());
            for (int i = 0; i < refs.size(); i++) {
                Ref ref = refs.get(i);
                offsets.merge(ref.queue(), 1L, Long::sum);
                scanned++;
                Row row = rows.get(i);
                if (row != null && row.letter().deadAt() != null && query.matches(row.letter(), row.payloadText(), row.headers())) {
                    items.add(row.letter());
                    if (items.size() == query.limit()) {
                        break;
                    }
                }
            }
        }
        if (!exhausted) {
            exhausted = slices.stream().allMatch(s -> offsets.getOrDefault(s.queue(), 0L) >= s.size());
        }
        return new DeadLetterPage(List.copyOf(items), exhausted ? null : formatCursor(offsets), scanned, total);
    }

    /** How many dead letters the query's indexes hold (exact unless the query scans). */
    long total(DeadLetterQuery query) {
        return slices(query).stream().mapToLong(Slice::size).sum();
    }

    /**
     * Every dead letter the query matches, oldest first, handed over in chunks of at most {@code chunk} refs of
     * one queue. Queries answered by indexes alone never read a row.
     */
    void forEach(DeadLetterQuery query, int chunk, Consumer<List<Ref>> consumer, BooleanSupplier cancelled) {
        DeadLetterQuery oldest = query.sort() == DeadLetterQuery.Sort.MOST_ATTEMPTS ? query
                : query.mutate().sort(DeadLetterQuery.Sort.OLDEST).build();
        List<Slice> slices = slices(oldest);
        boolean scans = oldest.scans();
        for (Slice slice : slices) {
            for (long from = slice.lo(); from < slice.hi() && !cancelled.getAsBoolean(); from += chunk) {
                long to = Math.min(slice.hi(), from + chunk) - 1;
                List<byte[]> ids = redis.await(slice.reverse()
                        ? redis.commands().zrevrange(slice.key(), from, to) : redis.commands().zrange(slice.key(), from, to));
                List<Ref> refs = new ArrayList<>(ids.size());
                ids.forEach(id -> refs.add(new Ref(slice.queue(), text(id))));
                if (scans) {
                    List<Row> rows = rows(refs, oldest.readsContent());
                    List<Ref> kept = new ArrayList<>();
                    for (int i = 0; i < refs.size(); i++) {
                        Row row = rows.get(i);
                        if (row != null && oldest.matches(row.letter(), row.payloadText(), row.headers())) {
                            kept.add(refs.get(i));
                        }
                    }
                    consumer.accept(kept);
                } else {
                    consumer.accept(refs);
                }
            }
        }
    }

    /** The next {@code want} refs in the query's order across every slice, from the given offsets (not advanced). */
    private List<Ref> next(List<Slice> slices, Map<String, Long> offsets, int want) {
        List<RedisFuture<List<ScoredValue<byte[]>>>> replies = new ArrayList<>();
        List<Slice> asked = new ArrayList<>();
        for (Slice s : slices) {
            long start = s.lo() + offsets.getOrDefault(s.queue(), 0L);
            if (start >= s.hi()) {
                continue;
            }
            long stop = Math.min(s.hi(), start + want) - 1;
            asked.add(s);
            replies.add(s.reverse() ? redis.commands().zrevrangeWithScores(s.key(), start, stop)
                    : redis.commands().zrangeWithScores(s.key(), start, stop));
        }
        if (asked.size() == 1) {
            List<Ref> refs = new ArrayList<>();
            redis.await(replies.get(0)).forEach(v -> refs.add(new Ref(asked.get(0).queue(), text(v.getValue()))));
            return refs;
        }
        boolean reverse = !asked.isEmpty() && asked.get(0).reverse();
        record Scored(double score, Ref ref) { }
        // ties in the order Redis gives them (by member, reversed for ZREVRANGE), or the per-queue offsets skip and repeat
        Comparator<Scored> order = Comparator.comparingDouble(Scored::score).thenComparing(s -> s.ref().id());
        PriorityQueue<Scored> merged = new PriorityQueue<>(reverse ? order.reversed() : order);
        for (int i = 0; i < asked.size(); i++) {
            for (ScoredValue<byte[]> v : redis.await(replies.get(i))) {
                merged.add(new Scored(v.getScore(), new Ref(asked.get(i).queue(), text(v.getValue()))));
            }
        }
        List<Ref> refs = new ArrayList<>(Math.min(want, merged.size()));
        while (refs.size() < want && !merged.isEmpty()) {
            refs.add(merged.poll().ref());
        }
        return refs;
    }

    private List<Slice> slices(DeadLetterQuery query) {
        List<String> queues = query.queues().isEmpty() ? engine.queueNames() : new ArrayList<>(query.queues());
        record Pending(String queue, String key, boolean reverse, RedisFuture<Long> a, RedisFuture<Long> b) { }
        List<Pending> pending = new ArrayList<>();
        boolean attempts = query.sort() == DeadLetterQuery.Sort.MOST_ATTEMPTS;
        boolean reverse = query.sort() != DeadLetterQuery.Sort.OLDEST;
        for (String queue : queues) {
            QueueKeys keys = engine.keys().queue(queue);
            if (attempts) {
                pending.add(new Pending(queue, keys.deadByAttempts(), true, null, redis.commands().zcard(keys.deadByAttempts())));
                continue;
            }
            String key = query.group() != null ? keys.deadByGroup(query.group())
                    : query.errorClass() != null ? keys.deadByClass(query.errorClass()) : keys.dead();
            Range.Boundary<Double> low = query.from() == null ? Range.Boundary.unbounded() : Range.Boundary.including((double) query.from().toEpochMilli());
            Range.Boundary<Double> high = query.to() == null ? Range.Boundary.unbounded() : Range.Boundary.including((double) query.to().toEpochMilli());
            if (reverse) {
                // newest first: ranks counted from the top; skip what died after `to`, stop at what died before `from`
                RedisFuture<Long> after = query.to() == null ? null : redis.commands().zcount(key,
                        Range.from(Range.Boundary.excluding((double) query.to().toEpochMilli()), Range.Boundary.unbounded()));
                RedisFuture<Long> sinceFrom = redis.commands().zcount(key, Range.from(low, Range.Boundary.unbounded()));
                pending.add(new Pending(queue, key, true, after, sinceFrom));
            } else {
                RedisFuture<Long> before = query.from() == null ? null : redis.commands().zcount(key,
                        Range.from(Range.Boundary.unbounded(), Range.Boundary.excluding((double) query.from().toEpochMilli())));
                RedisFuture<Long> untilTo = redis.commands().zcount(key, Range.from(Range.Boundary.unbounded(), high));
                pending.add(new Pending(queue, key, false, before, untilTo));
            }
        }
        List<Slice> slices = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            long lo = p.a() == null ? 0 : redis.await(p.a());
            long hi = redis.await(p.b());
            slices.add(new Slice(p.queue(), p.key(), lo, hi, p.reverse()));
        }
        return slices;
    }

    /** A dead letter's list row, with its payload as text and its headers when the query needs them. */
    record Row(DeadLetter letter, String payloadText, Map<String, String> headers) { }

    private static final String[] FIELDS = {"state", "deadAt", "attempts", "replays", "errorClass", "group", "lastError",
            "deadReason", "enqueuedAt", "version", "headers", "payload"};

    /** The rows of the refs, in order; null for a ref whose message is no longer dead. */
    List<Row> rows(List<Ref> refs, boolean withContent) {
        return rows(refs, withContent, "dead");
    }

    /** The rows of the refs, in order; null for a ref whose message is not in the given state. */
    List<Row> rows(List<Ref> refs, boolean withContent, String state) {
        List<RedisFuture<List<KeyValue<String, byte[]>>>> fields = new ArrayList<>(refs.size());
        List<RedisFuture<Long>> sizes = new ArrayList<>(refs.size());
        String[] names = withContent ? FIELDS : Arrays.copyOf(FIELDS, FIELDS.length - 2);
        for (Ref ref : refs) {
            String key = engine.keys().queue(ref.queue()).message(ref.id());
            fields.add(redis.commands().hmget(key, names));
            sizes.add(redis.commands().hstrlen(key, "payload"));
        }
        List<Row> rows = new ArrayList<>(refs.size());
        for (int i = 0; i < refs.size(); i++) {
            Map<String, byte[]> f = new LinkedHashMap<>();
            redis.await(fields.get(i)).forEach(kv -> f.put(kv.getKey(), kv.getValueOrElse(null)));
            long size = redis.await(sizes.get(i));
            if (!state.equals(str(f.get("state")))) {
                rows.add(null);
                continue;
            }
            Ref ref = refs.get(i);
            DeadLetter letter = new DeadLetter(ref.queue(), ref.id(), instant(f.get("deadAt")), (int) num(f.get("attempts")),
                    (int) num(f.get("replays")), str(f.get("errorClass")), str(f.get("group")), str(f.get("lastError")),
                    str(f.get("deadReason")), instant(f.get("enqueuedAt")), size, (int) num(f.get("version")));
            rows.add(new Row(letter, withContent ? str(f.get("payload")) : null,
                    withContent ? Objects.requireNonNullElse(Json.headersOrNull(f.get("headers")), Map.of()) : null));
        }
        return rows;
    }

    private static Map<String, Long> parseCursor(String cursor) {
        Map<String, Long> offsets = new LinkedHashMap<>();
        if (cursor == null || cursor.isBlank()) {
            return offsets;
        }
        for (String part : cursor.split(";")) {
            int eq = part.lastIndexOf('=');
            try {
                offsets.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Not a dead-letter cursor: '" + cursor + "'");
            }
        }
        return offsets;
    }

    private static String formatCursor(Map<String, Long> offsets) {
        StringBuilder out = new StringBuilder();
        offsets.forEach((queue, offset) -> out.append(out.length() == 0 ? "" : ";").append(queue).append('=').append(offset));
        return out.length() == 0 ? "" : out.toString();
    }

    static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    private static String str(byte[] value) {
        return value == null || value.length == 0 ? null : text(value);
    }

    /** A stored count; 0 when absent or damaged, so one bad message cannot break a page of the list. */
    private static long num(byte[] value) {
        try {
            return value == null || value.length == 0 ? 0 : Long.parseLong(text(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instant(byte[] value) {
        long millis = num(value);
        return value == null || value.length == 0 || (millis == 0 && !"0".equals(text(value))) ? null : Instant.ofEpochMilli(millis);
    }
}
