package io.redrive.engine;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Gathers every message id a queue mentions (its indexes, and the hashes and timelines found by SCAN),
 * then examines each id atomically with the inspect script: it must be in exactly one index, that index must
 * match the state its hash records, and its timeline must belong to a message that exists.
 */
final class ConsistencyCheck {
    private static final int BATCH = 500;
    private static final String[] INDEX_STATES = {"ready", "inflight", "scheduled", "dead", "done", "trashed"};
    /** Problems listed per check at most; the count says how many more there were. */
    private static final int MAX_LISTED = 100;

    private final Engine engine;
    private final RedisConnection redis;
    private final List<String> problems = new ArrayList<>();
    private long found;

    ConsistencyCheck(Engine engine) {
        this.engine = engine;
        this.redis = engine.redis();
    }

    CheckReport run() {
        long checked = 0;
        for (String queue : engine.queueNames()) {
            QueueKeys keys = engine.keys().queue(queue);
            Set<String> ids = gather(keys);
            List<String> batch = new ArrayList<>(BATCH);
            for (String id : ids) {
                batch.add(id);
                if (batch.size() == BATCH) {
                    inspect(queue, keys, batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                inspect(queue, keys, batch);
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

    private Set<String> gather(QueueKeys keys) {
        Set<String> ids = new LinkedHashSet<>();
        for (String index : List.of(keys.ready(), keys.inflight(), keys.scheduled(), keys.dead(), keys.done(), keys.trash(),
                keys.deadByAttempts())) {
            long size = redis.await(redis.commands().zcard(index));
            for (long from = 0; from < size; from += 10_000) {
                for (byte[] id : redis.await(redis.commands().zrange(index, from, from + 9_999))) {
                    ids.add(Replies.text(id));
                }
            }
        }
        for (String prefix : List.of(keys.messagePrefix(), keys.eventsPrefix())) {
            ScanArgs match = ScanArgs.Builder.matches(escape(prefix) + "*").limit(1000);
            KeyScanCursor<String> cursor = redis.await(redis.commands().scan(match));
            while (true) {
                for (String key : cursor.getKeys()) {
                    ids.add(key.substring(prefix.length()));
                }
                if (cursor.isFinished()) {
                    break;
                }
                cursor = redis.await(redis.commands().scan(cursor, match));  // the cursor itself: in a Cluster it knows the node
            }
        }
        return ids;
    }

    private void inspect(String queue, QueueKeys keys, List<String> ids) {
        List<String> scriptKeys = new ArrayList<>(6 + 2 * ids.size());
        scriptKeys.add(keys.ready());
        scriptKeys.add(keys.inflight());
        scriptKeys.add(keys.scheduled());
        scriptKeys.add(keys.dead());
        scriptKeys.add(keys.done());
        scriptKeys.add(keys.trash());
        List<byte[]> args = new ArrayList<>(ids.size() + 1);
        args.add(Replies.bytes(keys.base()));
        for (String id : ids) {
            scriptKeys.add(keys.message(id));
            scriptKeys.add(keys.events(id));
            args.add(Replies.bytes(id));
        }
        List<Object> reply = Replies.list(Scripts.INSPECT.call(redis, scriptKeys, args));
        for (int i = 0; i < ids.size(); i++) {
            judge(queue, ids.get(i), (int) Replies.number(reply.get(4 * i)), Replies.text(reply.get(4 * i + 1)),
                    (int) Replies.number(reply.get(4 * i + 2)));
            if (Replies.number(reply.get(4 * i + 3)) == 0) {
                report("Dead letter " + ids.get(i) + " of queue '" + queue + "' is missing from its attempts, class or group index");
            }
        }
    }

    private void judge(String queue, String id, int mask, String state, int history) {
        String where = "Message " + id + " of queue '" + queue + "'";
        List<String> indexes = new ArrayList<>();
        for (int k = 0; k < INDEX_STATES.length; k++) {
            if ((mask & (1 << k)) != 0) {
                indexes.add(INDEX_STATES[k]);
            }
        }
        if (indexes.size() > 1) {
            report(where + " is in several states at once: " + indexes);
        } else if (indexes.size() == 1 && state == null) {
            report("The " + indexes.get(0) + " index of queue '" + queue + "' points at message " + id + ", which does not exist");
        } else if (indexes.size() == 1 && !indexes.get(0).equals(state)) {
            report(where + " is in the " + indexes.get(0) + " index but its hash says '" + state + "'");
        } else if (indexes.isEmpty() && state != null) {
            report(where + " exists (state '" + state + "') but is in no index, so nothing will ever move it");
        } else if (indexes.isEmpty() && history != 0) {
            report(where + " does not exist, but its timeline is still stored");
        }
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
