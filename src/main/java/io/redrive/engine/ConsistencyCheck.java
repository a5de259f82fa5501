package io.redrive.engine;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Gathers every message id a queue mentions (its indexes, and the hashes and timelines found by SCAN), then reads
 * each message's hash: it must be in exactly one index, that index must match the state its hash records, a dead
 * letter must also be in its attempts, class and group indexes, and a timeline must belong to a message that exists.
 *
 * <p>Only plain read commands, no script, so that a Redis user limited to {@code +@read} can run the check. The
 * reads are not one atomic step, so a message that a worker or an operator moves meanwhile can look out of place:
 * every message that looks wrong is read again on its own (its indexes included) and reported only if it still is.
 * Moves are atomic scripts, so a second look sees the message in one consistent place.
 */
final class ConsistencyCheck {
    private static final int BATCH = 1000;
    private static final String[] INDEX_STATES = {"ready", "inflight", "scheduled", "dead", "done", "trashed"};
    /** Bits beside the six state indexes: in the dead letters' attempts index; has a stored timeline. */
    private static final int IN_ATTEMPTS = 1 << 6;
    private static final int HAS_TIMELINE = 1 << 7;
    private static final int STATE_BITS = (1 << 6) - 1;
    /** Problems listed per check at most; the count says how many more there were. */
    private static final int MAX_LISTED = 100;

    private final Engine engine;
    private final RedisConnection redis;
    private final List<String> problems = new ArrayList<>();
    /** Dead letters' class and group indexes, each read whole once per check. */
    private final Map<String, Set<String>> deadIndexes = new HashMap<>();
    private long found;

    /** What one look at a message found: the state indexes holding it, its recorded state and error fields. */
    private record Seen(int mask, String state, String errorClass, String group, boolean history, boolean deadIndexed) {
    }

    ConsistencyCheck(Engine engine) {
        this.engine = engine;
        this.redis = engine.redis();
    }

    CheckReport run() {
        long checked = 0;
        for (String queue : engine.queueNames()) {
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
                List<Seen> seen = secondLook(keys, again);
                for (int i = 0; i < again.size(); i++) {
                    problems(queue, again.get(i), seen.get(i)).forEach(this::report);
                }
            }
            checked += ids.size();
            checkGroups(queue, keys);
            checkPolicy(queue);
        }
        if (found > MAX_LISTED) {
            problems.add("... and " + (found - MAX_LISTED) + " more problems");
        }
        return new CheckReport(checked, List.copyOf(problems));
    }

    /** Every id the queue mentions, with the bits of the indexes holding it and whether SCAN met its timeline. */
    private Map<String, Integer> gather(QueueKeys keys) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        List<String> indexes = List.of(keys.ready(), keys.inflight(), keys.scheduled(), keys.dead(), keys.done(), keys.trash(),
                keys.deadByAttempts());
        for (int k = 0; k < indexes.size(); k++) {
            int bit = 1 << k;
            for (String id : members(indexes.get(k))) {
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
            List<KeyValue<String, byte[]>> f = redis.await(replies.get(i));
            int bits = gathered.get(id);
            String state = field(f, 0);
            boolean deadIndexed = true;
            if ("dead".equals(state)) {
                deadIndexed = (bits & IN_ATTEMPTS) != 0
                        && deadIndex(keys.deadByClass(Objects.requireNonNullElse(field(f, 1), "Unknown"))).contains(id)
                        && deadIndex(keys.deadByGroup(Objects.requireNonNullElse(field(f, 2), "none"))).contains(id);
            }
            Seen seen = new Seen(bits & STATE_BITS, state, field(f, 1), field(f, 2), (bits & HAS_TIMELINE) != 0, deadIndexed);
            if (!problems(queue, id, seen).isEmpty()) {
                suspects.add(id);
            }
        }
        return suspects;
    }

    private Set<String> deadIndex(String key) {
        return deadIndexes.computeIfAbsent(key, this::members);
    }

    /** Reads each message again on its own, every index included, all pipelined. */
    private List<Seen> secondLook(QueueKeys keys, List<String> ids) {
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
                mask |= redis.await(scores.get(i * indexes.size() + k)) != null ? 1 << k : 0;
            }
            List<KeyValue<String, byte[]>> f = redis.await(fields.get(i));
            seen.add(new Seen(mask, field(f, 0), field(f, 1), field(f, 2), redis.await(timelines.get(i)) > 0, true));
            if ("dead".equals(field(f, 0))) {
                byte[] member = Replies.bytes(ids.get(i));
                deadScores.add(c.zscore(keys.deadByAttempts(), member));
                deadScores.add(c.zscore(keys.deadByClass(Objects.requireNonNullElse(field(f, 1), "Unknown")), member));
                deadScores.add(c.zscore(keys.deadByGroup(Objects.requireNonNullElse(field(f, 2), "none")), member));
            }
        }
        int next = 0;
        for (int i = 0; i < seen.size(); i++) {
            Seen s = seen.get(i);
            if ("dead".equals(s.state())) {
                boolean all = true;
                for (int k = 0; k < 3; k++) {
                    all &= redis.await(deadScores.get(next++)) != null;
                }
                seen.set(i, new Seen(s.mask(), s.state(), s.errorClass(), s.group(), s.history(), all));
            }
        }
        return seen;
    }

    private static String field(List<KeyValue<String, byte[]>> fields, int i) {
        KeyValue<String, byte[]> kv = fields.get(i);
        return kv.hasValue() ? Replies.text(kv.getValue()) : null;
    }

    /** What is wrong with a message as seen, in words; empty when nothing is. */
    private static List<String> problems(String queue, String id, Seen seen) {
        String where = "Message " + id + " of queue '" + queue + "'";
        List<String> indexes = new ArrayList<>();
        for (int k = 0; k < INDEX_STATES.length; k++) {
            if ((seen.mask() & (1 << k)) != 0) {
                indexes.add(INDEX_STATES[k]);
            }
        }
        String state = seen.state();
        List<String> found = new ArrayList<>(2);
        if (indexes.size() > 1) {
            found.add(where + " is in several states at once: " + indexes);
        } else if (indexes.size() == 1 && state == null) {
            found.add("The " + indexes.get(0) + " index of queue '" + queue + "' points at message " + id + ", which does not exist");
        } else if (indexes.size() == 1 && !indexes.get(0).equals(state)) {
            found.add(where + " is in the " + indexes.get(0) + " index but its hash says '" + state + "'");
        } else if (indexes.isEmpty() && state != null) {
            found.add(where + " exists (state '" + state + "') but is in no index, so nothing will ever move it");
        } else if (indexes.isEmpty() && seen.history()) {
            found.add(where + " does not exist, but its timeline is still stored");
        }
        if (!seen.deadIndexed()) {
            found.add("Dead letter " + id + " of queue '" + queue + "' is missing from its attempts, class or group index");
        }
        return found;
    }

    /** Each failure group's count must be the number of dead letters its index holds. */
    private void checkGroups(String queue, QueueKeys keys) {
        for (byte[] fp : redis.await(redis.commands().zrange(keys.groups(), 0, -1))) {
            String fingerprint = Replies.text(fp);
            long count = Replies.number(redis.await(redis.commands().hget(keys.group(fingerprint), "count")));
            long indexed = redis.await(redis.commands().zcard(keys.deadByGroup(fingerprint)));
            if (count != indexed || count <= 0) {
                report("Failure group " + fingerprint + " of queue '" + queue + "' counts " + count + " dead letters but its index holds " + indexed);
            }
        }
    }

    /** A stored policy the engine cannot read stops that queue's background work, so it is a problem to repair. */
    private void checkPolicy(String queue) {
        try {
            engine.policies().load(queue);
        } catch (DamagedQueueException e) {
            report("Q" + e.getMessage().substring(1));
        }
    }

    private void report(String problem) {
        if (found++ < MAX_LISTED) {
            problems.add(problem);
        }
    }

    /** Escapes SCAN's glob characters in a literal prefix (hash tags contain braces, not globs, but names may). */
    private static String escape(String literal) {
        return literal.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}
