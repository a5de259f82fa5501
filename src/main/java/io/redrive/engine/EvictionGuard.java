package io.redrive.engine;

import io.lettuce.core.RedisCommandExecutionException;
import io.redrive.redis.RedisConnection;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Reads the server's {@code maxmemory-policy} at connect (from {@code INFO memory}, which works where {@code CONFIG}
 * is refused) and decides whether the engine may run on it.
 *
 * <ul>
 *   <li>{@code noeviction}: safe; a full Redis refuses writes, and the enqueue fails instead of a message vanishing.</li>
 *   <li>{@code allkeys-*}: refused. Redis may evict any key, message hashes and indexes included, so acknowledged
 *       messages are lost silently. The policy alone decides, whatever {@code maxmemory} is now: a limit can be set
 *       at run time and this is read only at connect.</li>
 *   <li>{@code volatile-*}: accepted with a warning. Only keys with a TTL are evicted; messages, indexes, dead letters
 *       and the audit log have none. Idempotency records, per-minute metrics and bulk-operation records do, so they
 *       may go before their time (a repeated enqueue inside the idempotency window could then be accepted twice).</li>
 * </ul>
 */
final class EvictionGuard {
    private static final Logger log = LoggerFactory.getLogger(EvictionGuard.class);

    private EvictionGuard() {
    }

    /**
     * Checks the server, returning the refusal sentence when it evicts and the options allow that, and empty when
     * it is safe (or could not be read).
     *
     * @throws EvictingRedisException when it evicts and the options do not allow it
     */
    static Optional<String> check(RedisConnection redis, EngineOptions options) {
        String info;
        try {
            info = redis.await(redis.commands().info("memory"));
        } catch (RedisCommandExecutionException e) {
            // an ACL without INFO: the engine still runs, but nobody has checked the policy
            log.warn("Could not read the eviction policy of Redis at {} ({}): make sure its maxmemory-policy is noeviction",
                    redis.hosts(), e.getMessage());
            return Optional.empty();
        }
        String policy = ServerInfo.parse(info, Duration.ZERO).raw().getOrDefault("maxmemory_policy", "noeviction");
        if (policy.startsWith("volatile-")) {
            log.warn("Redis at {} evicts keys with a TTL when full (maxmemory-policy {}): Redrive's messages have none, "
                    + "but idempotency records, metrics and bulk-operation records may be evicted early", redis.hosts(), policy);
            return Optional.empty();
        }
        if (!policy.startsWith("allkeys-")) {
            return Optional.empty();
        }
        String sentence = refusal(redis.hosts(), policy);
        if (!options.allowEvictingRedis()) {
            throw new EvictingRedisException(sentence, policy);
        }
        log.warn("Connecting anyway, as the options allow: {}", sentence);
        return Optional.of(sentence);
    }

    static String refusal(String hosts, String policy) {
        return "Redis at " + hosts + " evicts keys when full (maxmemory-policy " + policy + "): Redrive would lose messages. "
                + "Set maxmemory-policy noeviction, or give Redrive its own Redis; to run anyway, set "
                + "ALLOW_EVICTING_REDIS=true / EngineOptions.allowEvictingRedis(true).";
    }
}
