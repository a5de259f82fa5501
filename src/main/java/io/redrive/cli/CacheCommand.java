package io.redrive.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.redrive.cache.Cache;
import io.redrive.cache.CacheAdmin;
import io.redrive.cache.CacheCounters;
import io.redrive.cache.CacheOptions;
import io.redrive.cache.NamespaceSettings;
import io.redrive.cache.NamespaceSize;
import io.redrive.ops.Actor;
import io.redrive.ops.BulkOperation;
import io.redrive.redis.RedisConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code redrive cache stats|ttl|invalidate|keys}: the cache helper's statistics and settings, from the shell. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "Cache statistics, live TTLs, invalidation and key counts of the Redrive cache helper.",
        subcommands = {CacheCommand.Stats.class, CacheCommand.Ttl.class, CacheCommand.Invalidate.class, CacheCommand.Keys.class})
final class CacheCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Opens Redis first, so a command fails with a clear reason instead of running degraded. */
    abstract static class CacheSubcommand implements Callable<Integer> {
        @Mixin
        RedisOptions redis;

        @Option(names = "--json", description = "Print JSON for scripts")
        boolean json;

        @Override
        public Integer call() throws Exception {
            CacheOptions options = CacheOptions.fromEnvironmentVariables(System.getenv()).mutate()
                    .redisUrl(redis.engineOptions().build().redisUrl()).keyPrefix(redis.prefix).readOnly(redis.readOnly).build();
            try (RedisConnection connection = RedisConnection.open(options.redisUrl(), Duration.ofSeconds(10));
                 Cache cache = Cache.on(connection, options.mutate().redisTimeout(Duration.ofSeconds(5)).build())) {
                return run(cache.admin());
            }
        }

        abstract int run(CacheAdmin cache) throws Exception;

        void print(Object value) throws Exception {
            System.out.println(JSON.writeValueAsString(value));
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Hits, misses, hit rate, loads, load time, errors and near-cache hits per namespace, summed over every process.")
    static final class Stats extends CacheSubcommand {
        @Option(names = "--namespace", description = "Only this namespace")
        String namespace;

        @Option(names = "--minutes", defaultValue = "60", description = "Over the last N minutes (default: ${DEFAULT-VALUE})")
        int minutes;

        @Override
        int run(CacheAdmin cache) throws Exception {
            Instant to = Instant.now();
            Instant from = to.minus(Duration.ofMinutes(Math.max(1, minutes) - 1L));
            List<String> names = namespace != null ? List.of(namespace)
                    : cache.namespaces().stream().map(NamespaceSettings::namespace).toList();
            Map<String, CacheCounters> totals = cache.totals(names, from, to);
            Map<String, Long> server = cache.serverKeyspaceStats();
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                Map<String, Object> perNamespace = new LinkedHashMap<>();
                totals.forEach((ns, c) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("hits", c.hits());
                    row.put("misses", c.misses());
                    row.put("hitRate", c.hitRate());
                    row.put("loads", c.loads());
                    row.put("averageLoadMillis", c.averageLoadMillis());
                    row.put("errors", c.errors());
                    row.put("nearHits", c.nearHits());
                    row.put("bytesWritten", c.bytes());
                    perNamespace.put(ns, row);
                });
                out.put("minutes", minutes);
                out.put("namespaces", perNamespace);
                out.put("server", server);
                print(out);
                return 0;
            }
            System.out.printf("Last %d minutes, all processes:%n", minutes);
            System.out.printf("%-16s %10s %10s %8s %8s %10s %8s %10s %12s%n", "NAMESPACE", "HITS", "MISSES", "HIT %",
                    "LOADS", "LOAD ms", "ERRORS", "NEAR HITS", "BYTES");
            totals.forEach((ns, c) -> System.out.printf("%-16s %10d %10d %7.1f%% %8d %10.2f %8d %10d %12d%n", Display.oneLine(ns), c.hits(),
                    c.misses(), 100 * c.hitRate(), c.loads(), c.averageLoadMillis(), c.errors(), c.nearHits(), c.bytes()));
            if (server.isEmpty()) {
                System.out.println("Redis keyspace (whole server): not shown, as this Redis user may not run INFO.");
                return 0;
            }
            long hits = server.getOrDefault("keyspace_hits", 0L);
            long misses = server.getOrDefault("keyspace_misses", 0L);
            System.out.printf("Redis keyspace (whole server, since its stats were reset): %d hits, %d misses, %.1f%% hits%n",
                    hits, misses, hits + misses == 0 ? 0.0 : 100.0 * hits / (hits + misses));
            return 0;
        }
    }

    @Command(name = "ttl", mixinStandardHelpOptions = true,
            description = {"Without arguments: every namespace's TTL in force beside its configured one.",
                    "With NAMESPACE SECONDS: change that TTL live for every process (audited)."})
    static final class Ttl extends CacheSubcommand {
        @Parameters(index = "0", arity = "0..1", description = "The namespace")
        String namespace;

        @Parameters(index = "1", arity = "0..1", description = "The new TTL in seconds")
        Long seconds;

        @Option(names = "--reset", description = "Drop the live override: the configured TTL applies again")
        boolean reset;

        @Option(names = "--enable", description = "Turn caching of the namespace on")
        boolean enable;

        @Option(names = "--disable", description = "Turn caching of the namespace off (loads go straight through)")
        boolean disable;

        @Option(names = "--reapply", description = "Also apply the new TTL to the namespace's existing keys")
        boolean reapply;

        @Option(names = "--actor", description = "Who makes the change, for the audit log (default: user@host)")
        String actor;

        @Override
        int run(CacheAdmin cache) throws Exception {
            if (namespace == null) {
                return list(cache);
            }
            Actor who = actor == null ? Actor.current() : Actor.named(actor);
            if (reset) {
                cache.resetSettings(namespace, who);
            } else if (enable || disable) {
                cache.setEnabled(namespace, enable, who);
            }
            if (seconds != null) {
                cache.setTtl(namespace, Duration.ofSeconds(seconds), who);
            } else if (!reset && !enable && !disable && !reapply) {
                return show(cache.settings(namespace));
            }
            NamespaceSettings now = cache.settings(namespace);
            System.out.printf("%s: TTL %ds (configured %ds), caching %s%n", Display.oneLine(namespace), now.ttl().toSeconds(),
                    now.configuredTtl().toSeconds(), now.enabled() ? "on" : "off");
            if (reapply) {
                BulkOperation operation = cache.reapplyTtl(namespace, who);
                operation.onProgress(p -> System.err.printf("\rre-applying: %d of %d keys", p.processed(), Math.max(p.total(), p.processed())));
                BulkOperation.Progress done = operation.await();
                System.err.println();
                System.out.printf("Re-applied the TTL to %d keys (%s)%n", done.succeeded(), done.state());
            }
            return 0;
        }

        private int show(NamespaceSettings s) throws Exception {
            if (json) {
                print(row(s));
            } else {
                System.out.printf("%s: TTL %ds (configured %ds), caching %s%s%n", Display.oneLine(s.namespace()), s.ttl().toSeconds(),
                        s.configuredTtl().toSeconds(), s.enabled() ? "on" : "off",
                        s.overridden() ? ", set by " + Display.oneLine(s.changedBy()) + " at " + s.changedAt() : "");
            }
            return 0;
        }

        private int list(CacheAdmin cache) throws Exception {
            List<Map<String, Object>> rows = new ArrayList<>();
            cache.namespaces().forEach(s -> rows.add(row(s)));
            if (json) {
                print(rows);
                return 0;
            }
            System.out.printf("%-16s %10s %12s %8s  %s%n", "NAMESPACE", "TTL s", "CONFIGURED s", "ENABLED", "OVERRIDE");
            for (NamespaceSettings s : cache.namespaces()) {
                System.out.printf("%-16s %10d %12d %8s  %s%n", Display.oneLine(s.namespace()), s.ttl().toSeconds(), s.configuredTtl().toSeconds(),
                        s.enabled() ? "yes" : "no", s.overridden() ? Display.oneLine(s.changedBy()) + " at " + s.changedAt() : "-");
            }
            return 0;
        }

        private static Map<String, Object> row(NamespaceSettings s) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("namespace", s.namespace());
            row.put("ttlSeconds", s.ttl().toSeconds());
            row.put("configuredTtlSeconds", s.configuredTtl().toSeconds());
            row.put("enabled", s.enabled());
            row.put("overridden", s.overridden());
            row.put("changedBy", s.changedBy());
            row.put("changedAt", s.changedAt() == null ? null : s.changedAt().toString());
            return row;
        }
    }

    @Command(name = "invalidate", mixinStandardHelpOptions = true,
            description = "Remove one key, a whole namespace (--all), or every entry with a tag (--tag) (audited).")
    static final class Invalidate extends CacheSubcommand {
        @Parameters(index = "0", arity = "0..1", description = "The namespace")
        String namespace;

        @Parameters(index = "1", arity = "0..1", description = "The key")
        String key;

        @Option(names = "--all", description = "Every key of the namespace")
        boolean all;

        @Option(names = "--tag", description = "Every entry carrying this tag")
        String tag;

        @Option(names = "--actor", description = "Who invalidates, for the audit log (default: user@host)")
        String actor;

        @Override
        int run(CacheAdmin cache) throws Exception {
            long removed;
            Actor who = actor == null ? Actor.current() : Actor.named(actor);
            if (tag != null) {
                removed = cache.invalidateTag(tag, who);
            } else if (namespace != null && all) {
                removed = cache.invalidateNamespace(namespace, who);
            } else if (namespace != null && key != null) {
                removed = cache.invalidate(namespace, key, who);
            } else {
                throw new IllegalArgumentException("Say what to invalidate: NAMESPACE KEY, NAMESPACE --all, or --tag TAG");
            }
            if (json) {
                print(Map.of("removed", removed));
            } else {
                System.out.printf("Invalidated %d entr%s%n", removed, removed == 1 ? "y" : "ies");
            }
            return 0;
        }
    }

    @Command(name = "keys", mixinStandardHelpOptions = true,
            description = "A namespace's key count, estimated memory and remaining TTLs (from a sample).")
    static final class Keys extends CacheSubcommand {
        @Parameters(index = "0", description = "The namespace")
        String namespace;

        @Option(names = "--sample", defaultValue = "200", description = "Keys sampled for memory and TTLs (default: ${DEFAULT-VALUE})")
        int sample;

        @Override
        int run(CacheAdmin cache) throws Exception {
            NamespaceSize size = cache.size(namespace, sample);
            List<Long> ttls = new ArrayList<>(size.remainingTtls());
            ttls.sort(null);
            Long median = ttls.isEmpty() ? null : ttls.get(ttls.size() / 2);
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("namespace", namespace);
                out.put("keys", size.keys());
                out.put("memoryBytes", size.memoryBytes());
                out.put("sampled", size.sampled());
                out.put("medianRemainingTtlMillis", median);
                print(out);
            } else {
                System.out.printf("%s: %d keys, about %d bytes (from %d sampled)%s%n", Display.oneLine(namespace), size.keys(), size.memoryBytes(),
                        size.sampled(), median == null ? "" : ", median remaining TTL " + median / 1000 + "s");
            }
            return 0;
        }
    }
}
