package io.redrive.engine;

import io.lettuce.core.RedisCommandExecutionException;
import io.redrive.redis.DamagedKeyException;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.RedisUnavailableException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tells a failure of one queue's work apart from Redis not answering, and names the damage in a plain sentence, so
 * that the upkeep can skip the damaged queue and go on with the others.
 */
final class QueueDamage {
    /** Errors about the whole server (starting up, a replica, out of memory, rights): not one queue's data. */
    private static final List<String> SERVER_WIDE = List.of("LOADING", "BUSY", "READONLY", "MASTERDOWN", "OOM", "NOAUTH",
            "NOPERM", "WRONGPASS", "CLUSTERDOWN", "TRYAGAIN", "MISCONF", "NOREPLICAS", "MOVED", "ASK");

    private QueueDamage() {
    }

    /**
     * What is damaged in the queue, or null when the failure is Redis itself (unreachable, or refusing every command),
     * which stops the whole tick.
     */
    static DamagedQueueException diagnose(Engine engine, String queue, RuntimeException failure) {
        if (failure instanceof DamagedQueueException damaged) {
            return damaged;
        }
        if (failure instanceof RedisUnavailableException) {
            return null;
        }
        if (failure instanceof RedisCommandExecutionException && isServerWide(failure.getMessage())) {
            return null;
        }
        String wrongKey;
        try {
            wrongKey = keyOfWrongType(engine.redis(), engine.keys().queue(queue));
        } catch (RedisUnavailableException e) {
            return null;
        }
        if (wrongKey != null) {
            return new DamagedQueueException(queue, wrongKey, failure);
        }
        if (failure instanceof DamagedKeyException damagedKey) {
            return new DamagedQueueException(queue, damagedKey.getMessage(), failure);
        }
        return new DamagedQueueException(queue, "Redis refused its background work: " + RedisConnection.describe(failure), failure);
    }

    private static boolean isServerWide(String message) {
        String upper = String.valueOf(message).toUpperCase(Locale.ROOT);
        return SERVER_WIDE.stream().anyMatch(prefix -> upper.startsWith(prefix + " ") || upper.equals(prefix));
    }

    /** A sentence naming the first of the queue's fixed keys that holds another type than Redrive keeps there. */
    private static String keyOfWrongType(RedisConnection redis, QueueKeys keys) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String index : List.of(keys.ready(), keys.inflight(), keys.scheduled(), keys.dead(), keys.done(), keys.trash(),
                keys.deadByAttempts(), keys.groups())) {
            expected.put(index, "zset");
        }
        expected.put(keys.policy(), "hash");
        for (Map.Entry<String, String> key : expected.entrySet()) {
            String type = redis.await(redis.commands().type(key.getKey()));
            if (!"none".equals(type) && !key.getValue().equals(type)) {
                return "its key " + key.getKey() + " holds a " + plain(type) + " where Redrive keeps a "
                        + plain(key.getValue()) + ", so its scheduled retries, expired leases and retention are not handled";
            }
        }
        return null;
    }

    private static String plain(String type) {
        return switch (type) {
            case "zset" -> "sorted set";
            case "string" -> "string";
            case "hash" -> "hash";
            case "list" -> "list";
            case "set" -> "set";
            case "stream" -> "stream";
            default -> type;
        };
    }
}
