package io.redrive.engine;

import io.lettuce.core.Range;
import io.redrive.ops.AuditAction;
import io.redrive.ops.Actor;
import io.redrive.ops.BulkOperation;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.redrive.redis.KeySchema;
import io.redrive.redis.RedisConnection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recent bulk operations on dead letters and, for replays, what became of the messages they put back: how many
 * have since succeeded, died again (and in which failure groups) or are still pending. Kept in Redis for
 * {@link #KEPT}, so every console and command line on the installation sees every operation. A replay's outcome
 * is read from its messages' states (a replayed message that succeeds is kept, with its timeline, for
 * {@link EngineOptions#replayedRetention()}); once nothing is pending it is stored with the operation and written
 * to the audit log, once.
 */
public final class Operations {
    /** How long operations are listed. */
    public static final int KEPT_DAYS = 7;
    public static final Duration KEPT = Duration.ofDays(KEPT_DAYS);
    private static final int READ_CHUNK = 1_000;
    /** How many of the latest operations the upkeep follows. */
    private static final int FOLLOWED = 50;
    private static final Logger log = LoggerFactory.getLogger(Operations.class);

    private final RedisConnection redis;
    private final KeySchema keys;
    private final Engine engine;

    Operations(Engine engine) {
        this.engine = engine;
        this.redis = engine.redis();
        this.keys = engine.keys();
    }

    // ---- Recording, by the bulk runner

    String begin(String action, String target, Actor actor, long total, long arrivedAfterPreview, String destination) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        long now = engine.options().clock().millis();
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("action", bytes(action));
        f.put("target", bytes(target));
        f.put("actor", bytes(actor.name()));
        f.put("startedAt", bytes(String.valueOf(now)));
        f.put("state", bytes("running"));
        f.put("total", bytes(String.valueOf(total)));
        f.put("arrivedAfterPreview", bytes(String.valueOf(arrivedAfterPreview)));
        f.put("destination", bytes(destination == null ? "" : destination));
        redis.await(redis.commands().hset(keys.operation(id), f));
        redis.await(redis.commands().pexpire(keys.operation(id), KEPT.toMillis()));
        redis.await(redis.commands().zadd(keys.operations(), now, bytes(id)));
        redis.await(redis.commands().zremrangebyscore(keys.operations(),
                Range.create(Double.NEGATIVE_INFINITY, (double) (now - KEPT.toMillis()))));
        return id;
    }

    /** Notes messages a replay put back, in the queue they went to, so its outcome can follow them. */
    void replayed(String id, String queue, List<String> ids) {
        if (ids.isEmpty()) return;
        byte[][] refs = ids.stream().map(m -> bytes(queue + " " + m)).toArray(byte[][]::new);
        redis.await(redis.commands().rpush(keys.operationRefs(id), refs));
        redis.await(redis.commands().pexpire(keys.operationRefs(id), KEPT.toMillis()));
    }

    void end(String id, BulkOperation.Progress p) {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("finishedAt", bytes(String.valueOf(engine.options().clock().millis())));
        f.put("state", bytes(p.state().name().toLowerCase(Locale.ROOT)));
        f.put("succeeded", bytes(String.valueOf(p.succeeded())));
        f.put("skipped", bytes(String.valueOf(p.skipped())));
        redis.await(redis.commands().hset(keys.operation(id), f));
    }

    // ---- Reading

    /** The most recent operations, newest first. */
    public List<OperationRecord> recent(int limit) {
        List<byte[]> ids = redis.await(redis.commands().zrevrange(keys.operations(), 0, limit - 1L));
        redis.countLookup(!ids.isEmpty());  // from rank 0, an empty reply means there is no such key
        List<RedisFuture<Map<String, byte[]>>> replies = new ArrayList<>();
        for (byte[] id : ids) {
            replies.add(redis.commands().hgetall(keys.operation(text(id))));
        }
        List<OperationRecord> records = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, byte[]> f = redis.await(replies.get(i));
            if (!f.isEmpty()) {
                records.add(record(text(ids.get(i)), f));
            }
        }
        return records;
    }

    public Optional<OperationRecord> find(String id) {
        Map<String, byte[]> f = redis.await(redis.commands().hgetall(keys.operation(id)));
        return f.isEmpty() ? Optional.empty() : Optional.of(record(id, f));
    }

    /**
     * What became of a replay's messages, read now (or as stored once they had all settled). The first reader
     * to see a finished replay with nothing pending stores the outcome and writes it to the audit log.
     *
     * @throws IllegalArgumentException when there is no such operation, or it is not a replay
     */
    public ReplayOutcome outcome(String id) {
        OperationRecord op = find(id).orElseThrow(() -> new IllegalArgumentException("There is no operation " + id
                + " (operations are kept " + KEPT.toDays() + " days)"));
        if (!op.isReplay()) {
            throw new IllegalArgumentException("Operation " + id + " is a " + op.action() + "; only replays have an outcome to follow");
        }
        if (op.outcome() != null) {
            return op.outcome();
        }
        ReplayOutcome now = readOutcome(id, op.startedAt().toEpochMilli(), !op.isRunning());
        if (now.settled() && !engine.options().readOnly()) {  // a read-only engine reads it, and stores nothing
            settle(op, now);
        }
        return now;
    }

    /**
     * Reads the outcome of every recent replay that has ended but not settled, storing and auditing the ones that
     * have; one replay that cannot be read (a damaged key) is logged and does not stop the others.
     */
    void followFinishedReplays() {
        for (OperationRecord op : recent(FOLLOWED)) {
            if (op.isReplay() && !op.isRunning() && op.outcome() == null) {
                try {
                    outcome(op.id());
                } catch (RuntimeException e) {
                    log.warn("Could not follow the outcome of replay {}: {}", op.id(), e.getMessage());
                }
            }
        }
    }

    private ReplayOutcome readOutcome(String id, long startedAt, boolean ended) {
        long succeeded = 0;
        long pending = 0;
        long died = 0;
        long purged = 0;
        long replayed = 0;
        Map<GroupKey, Long> groups = new HashMap<>();
        long length = redis.await(redis.commands().llen(keys.operationRefs(id)));
        for (long from = 0; from < length; from += READ_CHUNK) {
            List<byte[]> refs = redis.await(redis.commands().lrange(keys.operationRefs(id), from, from + READ_CHUNK - 1));
            List<String> queues = new ArrayList<>(refs.size());
            List<RedisFuture<List<KeyValue<String, byte[]>>>> states = new ArrayList<>(refs.size());
            for (byte[] r : refs) {
                String ref = text(r);
                int space = ref.indexOf(' ');
                String queue = ref.substring(0, space);
                queues.add(queue);
                states.add(redis.commands().hmget(keys.queue(queue).message(ref.substring(space + 1)), "state", "group"));
            }
            for (int i = 0; i < states.size(); i++) {
                List<KeyValue<String, byte[]>> f = redis.await(states.get(i));
                String state = f.get(0).hasValue() ? text(f.get(0).getValue()) : "";
                replayed++;
                switch (state) {
                    case "", "done" -> succeeded++;  // gone: succeeded and past its retention
                    case "dead", "trashed" -> {
                        died++;
                        if (state.equals("trashed")) purged++;
                        String group = f.get(1).hasValue() ? text(f.get(1).getValue()) : "";
                        groups.merge(new GroupKey(queues.get(i), group), 1L, Long::sum);
                    }
                    default -> pending++;
                }
            }
        }
        List<ReplayOutcome.GroupCount> named = new ArrayList<>();
        groups.forEach((g, n) -> {
            List<String> described = describe(g);
            named.add(new ReplayOutcome.GroupCount(g.queue(), g.fingerprint(), described.get(0), described.get(1), n));
        });
        named.sort(Comparator.comparingLong(ReplayOutcome.GroupCount::count).reversed());
        return new ReplayOutcome(replayed, succeeded, pending, died, purged, named, ended && pending == 0);
    }

    private record GroupKey(String queue, String fingerprint) { }

    /** The group's exception class and error sample; empty when the group has gone (its dead letters replayed or purged). */
    private List<String> describe(GroupKey group) {
        if (group.fingerprint().isEmpty()) return List.of("", "");
        List<KeyValue<String, byte[]>> f = redis.await(redis.commands().hmget(
                keys.queue(group.queue()).group(group.fingerprint()), "exception", "sample"));
        return f.stream().map(kv -> kv.hasValue() ? text(kv.getValue()) : "").toList();
    }

    private void settle(OperationRecord op, ReplayOutcome outcome) {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("o.replayed", bytes(String.valueOf(outcome.replayed())));
        f.put("o.succeeded", bytes(String.valueOf(outcome.succeeded())));
        f.put("o.diedAgain", bytes(String.valueOf(outcome.diedAgain())));
        f.put("o.purged", bytes(String.valueOf(outcome.purged())));
        f.put("o.groups", Json.write(outcome.groups().stream().map(g -> List.of(g.queue(), g.fingerprint(),
                g.exception(), String.valueOf(g.count()), g.sample())).toList()));
        // HSETNX decides who settles it, so the audit log gets one entry however many consoles are watching
        if (!redis.await(redis.commands().hsetnx(keys.operation(op.id()), "o.settledAt",
                bytes(String.valueOf(engine.options().clock().millis()))))) {
            return;
        }
        redis.await(redis.commands().hset(keys.operation(op.id()), f));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("operation", op.id());
        details.put("succeeded", String.valueOf(outcome.succeeded()));
        details.put("diedAgain", String.valueOf(outcome.diedAgain()));
        outcome.groups().stream().limit(5).forEach(g -> details.put("group " + g.queue() + "/" + g.fingerprint(),
                g.count() + " × " + g.error()));
        engine.audit().record(Actor.named(op.actor()), AuditAction.REPLAY_OUTCOME, op.target(), outcome.replayed(),
                outcome.summary(), details);
    }

    private static OperationRecord record(String id, Map<String, byte[]> f) {
        ReplayOutcome outcome = null;
        if (f.containsKey("o.groups")) {
            List<ReplayOutcome.GroupCount> groups = new ArrayList<>();
            for (List<String> g : Json.rows(f.get("o.groups"))) {
                groups.add(new ReplayOutcome.GroupCount(g.get(0), g.get(1), g.get(2), g.size() > 4 ? g.get(4) : "",
                        Long.parseLong(g.get(3))));
            }
            outcome = new ReplayOutcome(number(f, "o.replayed"), number(f, "o.succeeded"), 0, number(f, "o.diedAgain"),
                    number(f, "o.purged"), groups, true);
        }
        String finished = text(f.get("finishedAt"));
        return new OperationRecord(id, text(f.get("action")), text(f.get("target")), text(f.get("actor")),
                Instant.ofEpochMilli(number(f, "startedAt")), finished.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(finished)),
                text(f.get("state")), number(f, "total"), number(f, "succeeded"), number(f, "skipped"),
                number(f, "arrivedAfterPreview"), text(f.get("destination")), outcome);
    }

    private static long number(Map<String, byte[]> f, String field) {
        String t = text(f.get(field));
        return t.isEmpty() ? 0 : Long.parseLong(t);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }
}
