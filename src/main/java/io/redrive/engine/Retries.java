package io.redrive.engine;

import io.lettuce.core.Range;
import io.redrive.ops.AuditAction;
import io.redrive.redis.Replies;
import io.redrive.ops.Actor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.redrive.redis.Args;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Messages waiting for a retry: list them by their next attempt, make them due now, or kill them (dead-letter
 * at once, without waiting for their remaining attempts). Both changes act only on messages still scheduled.
 */
public final class Retries {
    private final Engine engine;
    private final RedisConnection redis;

    Retries(Engine engine) {
        this.engine = engine;
        this.redis = engine.redis();
    }

    /** A retry-scheduled message as a list shows it. */
    public record ScheduledMessage(String queue, String id, Instant nextAttemptAt, int attempts, String lastError,
                                   Instant enqueuedAt) {
    }

    /** How many messages of the queue wait for a (re)try. */
    public long count(String queue) {
        return redis.await(redis.commands().zcard(engine.keys().queue(queue).scheduled()));
    }

    /**
     * How many of the queue's scheduled messages fall due in each of {@code buckets} consecutive periods of
     * {@code width} from {@code from}: the upcoming-retries chart. The first bucket also counts what is overdue.
     */
    public long[] upcoming(String queue, Instant from, Duration width, int buckets) {
        QueueKeys keys = engine.keys().queue(queue);
        List<RedisFuture<Long>> replies = new ArrayList<>(buckets);
        long start = from.toEpochMilli();
        for (int i = 0; i < buckets; i++) {
            double low = i == 0 ? Double.NEGATIVE_INFINITY : start + i * width.toMillis();
            double high = start + (i + 1) * width.toMillis();
            replies.add(redis.commands().zcount(keys.scheduled(), Range.from(
                    Range.Boundary.including(low), Range.Boundary.excluding(high))));
        }
        long[] counts = new long[buckets];
        for (int i = 0; i < buckets; i++) {
            counts[i] = redis.await(replies.get(i));
        }
        return counts;
    }

    /** A page of the queue's scheduled messages, the soonest due first. */
    public List<ScheduledMessage> list(String queue, long offset, int limit) {
        QueueKeys keys = engine.keys().queue(queue);
        List<byte[]> ids = redis.await(redis.commands().zrange(keys.scheduled(), offset, offset + limit - 1));
        List<RedisFuture<List<KeyValue<String, byte[]>>>> rows = new ArrayList<>();
        for (byte[] id : ids) {
            rows.add(redis.commands().hmget(keys.message(Replies.text(id)), "state", "nextAttemptAt", "attempts", "lastError", "enqueuedAt"));
        }
        List<ScheduledMessage> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            List<KeyValue<String, byte[]>> f = redis.await(rows.get(i));
            if (!"scheduled".equals(Replies.text(f.get(0).getValueOrElse(null)))) {
                continue;
            }
            out.add(new ScheduledMessage(queue, Replies.text(ids.get(i)), instant(f.get(1)), (int) Replies.number(f.get(2).getValueOrElse(null)),
                    Replies.text(f.get(3).getValueOrElse(null)), instant(f.get(4))));
        }
        return out;
    }

    /** Makes the messages due now; returns how many moved to ready. */
    public long retryNow(String queue, List<String> ids, Actor actor) {
        engine.requireWritable();
        QueueKeys keys = engine.keys().queue(queue);
        long moved = 0;
        for (int from = 0; from < ids.size(); from += DeadLetters.CHUNK) {
            Args args = new Args().add(engine.options().clock().millis()).add(keys.base()).add(actor.name());
            ids.subList(from, Math.min(ids.size(), from + DeadLetters.CHUNK)).forEach(args::add);
            moved += ones(Scripts.RETRY_NOW.call(redis, List.of(keys.scheduled(), keys.ready()), args.list()));
        }
        engine.audit().record(actor, AuditAction.RETRY_NOW, describe(queue, ids), moved, moved == ids.size() ? "ok" : "ok, "
                + (ids.size() - moved) + " no longer scheduled", Map.of("queue", queue));
        return moved;
    }

    /** Dead-letters the messages now, with reason "killed", under the failure group of their last error. */
    public long kill(String queue, List<String> ids, Actor actor) {
        engine.requireWritable();
        QueueKeys keys = engine.keys().queue(queue);
        Queue q = engine.existingQueue(queue);
        long killed = 0;
        for (int from = 0; from < ids.size(); from += DeadLetters.CHUNK) {
            Args args = new Args().add(engine.options().clock().millis()).add(keys.base()).add(actor.name());
            for (String id : ids.subList(from, Math.min(ids.size(), from + DeadLetters.CHUNK))) {
                List<AttemptError> errors = q.errors(id);
                AttemptError last = errors.isEmpty() ? null : errors.get(errors.size() - 1);
                String type = last == null ? "Killed" : last.type();
                String message = last == null ? "killed by an operator before any attempt failed" : last.message();
                args.add(id).add(type).add(Fingerprints.of(queue, type, message, last == null ? "" : last.stackTrace()))
                        .add(simpleName(type) + ": " + message);
            }
            killed += ones(Scripts.KILL.call(redis, List.of(keys.scheduled(), keys.dead()), args.list()));
        }
        engine.audit().record(actor, AuditAction.KILL, describe(queue, ids), killed, killed == ids.size() ? "ok" : "ok, "
                + (ids.size() - killed) + " no longer scheduled", Map.of("queue", queue));
        return killed;
    }

    private static String describe(String queue, List<String> ids) {
        return ids.size() == 1 ? "message " + ids.get(0) + " in queue " + queue : ids.size() + " messages in queue " + queue;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static long ones(Object reply) {
        return Replies.list(reply).stream().filter(r -> Replies.number(r) == 1).count();
    }

    private static Instant instant(KeyValue<String, byte[]> kv) {
        byte[] v = kv.getValueOrElse(null);
        return v == null || v.length == 0 ? null : Instant.ofEpochMilli(Replies.number(v));
    }
}
