package io.redrive.cli;

import io.redrive.engine.EngineOptions;
import picocli.CommandLine.Option;

import java.util.Map;

/** The options every command that talks to Redis shares. */
final class RedisOptions {
    @Option(names = "--redis", paramLabel = "URL",
            description = "Redis to use: redis://[user:password@]host:port[/db], rediss://, redis-sentinel://, "
                    + "redis-cluster://host:port,... (default: REDIS_URL, else redis://localhost:6379)")
    String url;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "redrive",
            description = "Key prefix of the Redrive installation (default: ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--allow-evicting-redis",
            description = "Run even on a Redis whose maxmemory-policy is allkeys-*, which can evict messages when it is full "
                    + "(default: ALLOW_EVICTING_REDIS, else false)")
    boolean allowEvictingRedis;

    @Option(names = "--read-only",
            description = "Only read: a command that would change anything in Redis stops before sending it, and exits 1")
    boolean readOnly;

    /** Engine options from the environment, with this command line's URL, prefix and read-only choice on top. */
    EngineOptions.Builder engineOptions() {
        return engineOptions(System.getenv());
    }

    EngineOptions.Builder engineOptions(Map<String, String> env) {
        EngineOptions.Builder builder = EngineOptions.fromEnvironmentVariables(env).mutate().keyPrefix(prefix).readOnly(readOnly);
        if (allowEvictingRedis) {
            builder.allowEvictingRedis(true);
        }
        if (url != null && !url.isBlank()) {
            builder.redisUrl(url);
        }
        return builder;
    }

    boolean given() {
        return (url != null && !url.isBlank()) || (System.getenv("REDIS_URL") != null && !System.getenv("REDIS_URL").isBlank());
    }
}
