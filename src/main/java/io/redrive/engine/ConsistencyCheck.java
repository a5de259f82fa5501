package io.redrive.engine;

import io.redrive.redis.Replies;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;

import io.redrive.engine.CheckReport.Kind;
import io.redrive.engine.CheckReport.Problem;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Gathers every message id a queue mentions (its indexes, and the hashes and timelines found by SCAN), then reads
 * each message's hash: it must be in exactly one index, that index must match the state its hash records, a dead
 * letter must also be in its attempts, class and group indexes, and a timeline must belong to a message that exists.
 *
 * <p>Only plain read commands, no script, so that a Redis user limited to {@code +@read} can run the check. The
 * reads are not one atomic step, so a message that a worker or an operator moves meanwhile can look out of place:
 * every message that looks wrong is read again on its own (its indexes included) and reported only if it still is.
 * Moves are atomic scripts, so a second look sees the message in one consistent place.
 *
 * <p>A key of the wrong type (a string where an index should be) is reported once and read as empty, so one damaged
 * key never stops the check: everything else in its queue and in other queues is still examined. The counts of
 * messages that scripts found missing (usually evicted) are reported too.
 */
final class ConsistencyCheck {
    private static final int BATCH = 1000;
    private static final String[] INDEX_STATES = {"ready", "inflight", "scheduled", "dead", "done", "trashed"};
    /** Bits beside the six state indexes: in the dead letters' attempts index; has a stored timeline. */
    private static final int IN_ATTEMPTS = 1 << 6;
    private static final int HAS_TIMELINE = 1 << 7;
    private static final int STATE_BITS = (1 << 6) - 1;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Engine engine;
    private final RedisConnection redis;
    private final List<Problem> problems = new ArrayList<>();
    /** Keys already reported as of the wrong type, so each is reported once. */
    private final Set<String> damaged = new HashSet<>();
    /** Dead letters' class and group indexes, each read whole once per check. */
    private final Map<String, Set<String>> deadIndexes = new HashMap<>();
    private long found;
    /** The queue being examined, for reports of damaged keys. */
    private String queue;

    /** What one look at a message found: the state indexes holding it, its recorded state and error fields. */
    private record Seen(int mask, String state, String errorClass, String group, boolean history, boolean deadIndexed) {
    }

    /** A look at a message whose hash could not be read (it is not a hash): reported once as damaged, then skipped. */
    private static final Seen UNREADABLE = new Seen(-1, null, null, null, false, true);

    ConsistencyCheck(Engine engine) {
        this.engine = engine;
        this.redis = engine.redis();
    }

    CheckReport run() {
        long checked = 0;
        for (String queue : engine.queueNames()) {
            this.queue = queue;
            QueueKeys keys = engine.keys().queue(queue);
            Map<String, Integer> ids = gather(keys);
            List<String> batch = new ArrayList<>(BATCH);
            List<String> suspects = new ArrayList<>();
            for (String id : ids.keySet()) {
                batch.add(id);
                if (batch.size() == BATCH) {
                    suspects.addAll(firstLook(queue, keys, batch, ids));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                suspects.addAll(firstLook(queue, keys, batch, ids));
            }
            for (int from = 0; from < suspects.size(); from += BATCH) {
                List<String> again = suspects.subList(from, Math.min(suspects.size(), from + BATCH));
                List<Seen> seen = secondLook(queue, keys, again);
                for (int i = 0; i < again.size(); i++) {
                    problems(queue, keys, again.get(i), seen.get(i)).forEach(this::report);
                }
            }
            checked += ids.size();
            checkGroups(queue, keys);
            checkPolicy(queue);
            checkMissing(queue, keys);
        }
        return new CheckReport(checked, problems, Math.max(0, found - CheckReport.MAX_LISTED));
    }

    /** Every id the queue mentions, with the bits of the indexes holding it and whether SCAN met its timeline. */
    private Map<String, Integer> gather(QueueKeys keys) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        List<String> indexes = List.of(keys.ready(), keys.inflight(), keys.scheduled(), keys.dead(), keys.done(), keys.trash(),
                keys.deadByAttempts());
        for (int k = 0; k < indexes.size(); k++) {
            int bit = 1 << k;
            String index = indexes.get(k);
            for (String id : guarded(index, "zset", () -> members(index), Set.<String>of())) {
                ids.merge(id, bit, (a, b) -> a | b);
            }
        }
        for (String prefix : List.of(keys.messagePrefix(), keys.eventsPrefix())) {
            int bit = prefix.equals(keys.eventsPrefix()) ? HAS_TIMELINE : 0;
            ScanArgs match = ScanArgs.Builder.matches(escape(prefix) + "*").limit(1000);
            KeyScanCursor<String> cursor = redis.await(redis.commands().scan(match));
            while (true) {
                for (String key : cursor.getKeys()) {
                    ids.merge(key.substring(prefix.length()), bit, (a, b) -> a | b);
                }
                if (cursor.isFinished()) {
                    break;
                }
                cursor = redis.await(redis.commands().scan(cursor, match));  // the cursor itself: in a Cluster it knows the node
            }
        }
        return ids;
    }

    private Set<String> members(String index) {
        Set<String> members = new HashSet<>();
        long size = redis.await(redis.commands().zcard(index));
        for (long from = 0; from < size; from += 10_000) {
            for (byte[] id : redis.await(redis.commands().zrange(index, from, from + 9_999))) {
                members.add(Replies.text(id));
            }
        }
        return members;
    }

    /**
     * Judges a batch from what was gathered and one pipelined HMGET per message; a dead letter's class and group
     * indexes are read whole, once per check, rather than asked about each message. Returns the ids that look wrong.
     */
    private List<String> firstLook(String queue, QueueKeys keys, List<String> ids, Map<String, Integer> gathered) {
        List<RedisFuture<List<KeyValue<String, byte[]>>>> replies = new ArrayList<>(ids.size());
        for (String id : ids) {
            replies.add(redis.commands().hmget(keys.message(id), "state", "errorClass", "group"));
        }
        List<String> suspects = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            var reply = replies.get(i);
            List<KeyValue<String, byte[]>> f = guarded(keys.message(id), "hash", () -> redis.await(reply), null);
            if (f == null) {
                continue;
            }
            int bits = gathered.get(id);
            String state = field(f, 0);
            boolean deadIndexed = true;
            if ("dead".equals(state)) {
                deadIndexed = (bits & IN_ATTEMPTS) != 0
                        && inDeadIndex(keys.deadByClass(Objects.requireNonNullElse(field(f, 1), "Unknown")), id)
                        && inDeadIndex(keys.deadByGroup(Objects.requireNonNullElse(field(f, 2), "none")), id);
            }
            Seen seen = new Seen(bits & STATE_BITS, state, field(f, 1), field(f, 2), (bits & HAS_TIMELINE) != 0, deadIndexed);
            if (!problems(queue, keys, id, seen).isEmpty()) {
                suspects.add(id);
            }
        }
        return suspects;
    }

    /** A class or group index read whole; a damaged one (reported) counts as holding every dead letter. */
    private Set<String> deadIndex(String key) {
        return deadIndexes.computeIfAbsent(key, k -> guarded(k, "zset", () -> members(k), null));
    }

    private boolean inDeadIndex(String key, String id) {
        Set<String> members = deadIndex(key);
        return members == null || members.contains(id);
    }

    /** Reads each message again on its own, every index included, all pipelined. */
    private List<Seen> secondLook(String queue, QueueKeys keys, List<String> ids) {
        var c = redis.commands();
        List<String> indexes = List.of(keys.ready(), keys.inflight(), keys.scheduled(), keys.dead(), keys.done(), keys.trash());
        List<RedisFuture<Double>> scores = new ArrayList<>();
        List<RedisFuture<List<KeyValue<String, byte[]>>>> fields = new ArrayList<>();
        List<RedisFuture<Long>> timelines = new ArrayList<>();
        for (String id : ids) {
            byte[] member = Replies.bytes(id);
            for (String index : indexes) {
                scores.add(c.zscore(index, member));
            }
            fields.add(c.hmget(keys.message(id), "state", "errorClass", "group"));
            timelines.add(c.exists(keys.events(id)));
        }
        List<Seen> seen = new ArrayList<>(ids.size());
        List<RedisFuture<Double>> deadScores = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            int mask = 0;
            for (int k = 0; k < indexes.size(); k++) {
                var score = scores.get(i * indexes.size() + k);
                mask |= guarded(indexes.get(k), "zset", () -> redis.await(score), null) != null ? 1 << k : 0;
            }
            var reply = fields.get(i);
            List<KeyValue<String, byte[]>> f = guarded(keys.message(ids.get(i)), "hash", () -> redis.await(reply), null);
            if (f == null) {
                seen.add(UNREADABLE);
                continue;
            }
            seen.add(new Seen(mask, field(f, 0), field(f, 1), field(f, 2), redis.await(timelines.get(i)) > 0, true));
            if ("dead".equals(field(f, 0))) {
                byte[] member = Replies.bytes(ids.get(i));
                for (String index : deadIndexes(keys, field(f, 1), field(f, 2))) {
                    deadScores.add(c.zscore(index, member));
                }
            }
        }
        int next = 0;
        for (int i = 0; i < seen.size(); i++) {
            Seen s = seen.get(i);
            if ("dead".equals(s.state())) {
                boolean all = true;
                for (String index : deadIndexes(keys, s.errorClass(), s.group())) {
                    var score = deadScores.get(next++);
                    // a damaged index is reported as such, not as a dead letter missing from it
                    all &= guarded(index, "zset", () -> redis.await(score), 0.0) != null;
                }
                seen.set(i, new Seen(s.mask(), s.state(), s.errorClass(), s.group(), s.history(), all));
            }
        }
        return seen;
    }

    private static List<String> deadIndexes(QueueKeys keys, String errorClass, String group) {
        return List.of(keys.deadByAttempts(), keys.deadByClass(Objects.requireNonNullElse(errorClass, "Unknown")),
                keys.deadByGroup(Objects.requireNonNullElse(group, "none")));
    }

    private static String field(List<KeyValue<String, byte[]>> fields, int i) {
        KeyValue<String, byte[]> kv = fields.get(i);
        return kv.hasValue() ? Replies.text(kv.getValue()) : null;
    }

    /** What is wrong with a message as seen; empty when nothing is. */
    private static List<Problem> problems(String queue, QueueKeys keys, String id, Seen seen) {
        if (seen == UNREADABLE) {
            return List.of();
        }
        String where = "Message " + id + " of queue '" + queue + "'";
        List<String> indexes = new ArrayList<>();
        for (int k = 0; k < INDEX_STATES.length; k++) {
            if ((seen.mask() & (1 << k)) != 0) {
                indexes.add(INDEX_STATES[k]);
            }
        }
        String state = seen.state();
        String hash = keys.message(id);
        List<Problem> found = new ArrayList<>(2);
        if (indexes.size() > 1) {
            found.add(new Problem(queue, Kind.SEVERAL_INDEXES, hash, id, state, 1, where + " is in several states at once: " + indexes));
        } else if (indexes.size() == 1 && state == null) {
            found.add(new Problem(queue, Kind.DANGLING, keys.base() + indexKey(indexes.get(0)), id, indexes.get(0), 1,
                    "The " + indexes.get(0) + " index of queue '" + queue + "' points at message " + id + ", which does not exist"));
        } else if (indexes.size() == 1 && !indexes.get(0).equals(state)) {
            found.add(new Problem(queue, Kind.WRONG_INDEX, hash, id, state, 1,
                    where + " is in the " + indexes.get(0) + " index but its hash says '" + state + "'"));
        } else if (indexes.isEmpty() && state != null) {
            found.add(new Problem(queue, Kind.STRANDED, hash, id, state, 1,
                    where + " exists (state '" + state + "') but is in no index, so nothing will ever move it"));
        } else if (indexes.isEmpty() && seen.history()) {
            found.add(new Problem(queue, Kind.ORPHAN_TIMELINE, keys.events(id), id, null, 1,
                    where + " does not exist, but its timeline is still stored"));
        }
        if (!seen.deadIndexed() && found.isEmpty()) {
            found.add(new Problem(queue, Kind.DEAD_UNINDEXED, hash, id, state, 1,
                    "Dead letter " + id + " of queue '" + queue + "' is missing from its attempts, class or group index"));
        }
        return found;
    }

    /** The key suffix of a state index: the trashed state's index is called trash. */
    private static String indexKey(String state) {
        return "trashed".equals(state) ? "trash" : state;
    }

    /** Each failure group's count must be the number of dead letters its index holds. */
    private void checkGroups(String queue, QueueKeys keys) {
        List<byte[]> groups = guarded(keys.groups(), "zset", () -> redis.await(redis.commands().zrange(keys.groups(), 0, -1)), List.of());
        for (byte[] fp : groups) {
            String fingerprint = Replies.text(fp);
            String group = keys.group(fingerprint);
            String index = keys.deadByGroup(fingerprint);
            Long count = guarded(group, "hash", () -> Replies.number(redis.await(redis.commands().hget(group, "count"))), null);
            Long indexed = guarded(index, "zset", () -> redis.await(redis.commands().zcard(index)), null);
            if (count != null && indexed != null && (count != (long) indexed || count <= 0)) {
                report(new Problem(queue, Kind.GROUP_COUNT, group, fingerprint, null, 1, "Failure group " + fingerprint
                        + " of queue '" + queue + "' counts " + count + " dead letters but its index holds " + indexed));
            }
        }
    }

    /** A stored policy the engine cannot read stops that queue's background work, so it is a problem to repair. */
    private void checkPolicy(String queue) {
        try {
            engine.policies().load(queue);
        } catch (DamagedQueueException e) {
            report(new Problem(queue, Kind.DAMAGED_POLICY, engine.keys().queue(queue).policy(), null, null, 1,
                    "Q" + e.getMessage().substring(1)));
        }
    }

    /** Index entries that scripts met without their message (counted by count_missing in _lib.lua): lost messages. */
    private void checkMissing(String queue, QueueKeys keys) {
        Map<String, String> fields = guarded(keys.missing(), "hash", () -> {
            Map<String, String> text = new LinkedHashMap<>();
            redis.await(redis.commands().hgetall(keys.missing())).forEach((k, v) -> text.put(k, Replies.text(v)));
            return text;
        }, Map.of());
        for (var field : fields.entrySet()) {
            String index = field.getKey();
            long count;
            try {
                count = Long.parseLong(field.getValue());
            } catch (NumberFormatException e) {
                continue;  // the :lastId and :lastAt fields beside each count
            }
            if (index.contains(":last") || count <= 0) {
                continue;
            }
            String name = index.startsWith(keys.base()) ? index.substring(keys.base().length()) : index;
            String lastId = fields.get(index + ":lastId");
            String lastAt = fields.get(index + ":lastAt");
            String last = lastId == null ? "" : " (last one " + lastId + (lastAt == null ? "" : " at " + localTime(lastAt)) + ")";
            report(new Problem(queue, Kind.LOST_MESSAGES, keys.missing(), lastId, index, count, String.format(Locale.ROOT,
                    "Queue '%s' lost %,d message%s: %s %s index pointed at messages that no longer exist%s. Redis evicted"
                            + " them or someone deleted them; see README \"Durability\".",
                    queue, count, count == 1 ? "" : "s", count == 1 ? "its" : "their", name, last)));
        }
    }

    /** Epoch milliseconds as a local time, with the date when it is not today. */
    private String localTime(String millis) {
        try {
            var at = Instant.ofEpochMilli(Long.parseLong(millis)).atZone(ZoneId.systemDefault());
            boolean today = at.toLocalDate().equals(LocalDate.now(engine.options().clock().withZone(ZoneId.systemDefault())));
            return (today ? TIME : DATE_TIME).format(at);
        } catch (NumberFormatException e) {
            return millis;
        }
    }

    /**
     * Runs one read of {@code key}; when Redis answers that the key holds another type, reports the key once and
     * returns {@code otherwise}, so the check goes on with everything else.
     */
    private <T> T guarded(String key, String holds, Supplier<T> read, T otherwise) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).startsWith("WRONGTYPE")) {
                throw e;
            }
            if (damaged.add(key)) {
                String type = redis.await(redis.commands().type(key));
                report(new Problem(queue, Kind.WRONG_TYPE, key, null, type, 1, DamageWords.wrongType(key, type, holds)));
            }
            return otherwise;
        }
    }

    private void report(Problem problem) {
        if (found++ < CheckReport.MAX_LISTED) {
            problems.add(problem);
        }
    }

    /** Escapes SCAN's glob characters in a literal prefix (hash tags contain braces, not globs, but names may). */
    private static String escape(String literal) {
        return literal.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}
