package io.redrive.cache;

import io.redrive.ops.AuditAction;
import io.lettuce.core.Range;
import io.redrive.ops.Actor;
import io.redrive.ops.AuditLog;
import io.redrive.ops.BulkOperation;
import io.redrive.ops.TimeWords;
import io.redrive.redis.KeySchema.CacheKeys;
import io.redrive.redis.Lookups;
import io.redrive.redis.RedisConnection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The operator's side of a {@link Cache}: namespaces and their live settings, statistics summed over every process,
 * key counts and sizes, and invalidation. Unlike the service-facing cache, which never lets Redis trouble reach a
 * caller, every call here reports it (an unavailable Redis, a Redis user that may only read), since pretending it
 * worked would mislead; every change is written to the audit log with who made it.
 */
public final class CacheAdmin {
    /** The longest TTL a namespace may be given: the one limit the console, the command line and the API share. */
    public static final Duration MAX_TTL = Duration.ofDays(30);

    private final Cache cache;
    private final CacheKeys keys;
    private final Settings settings;

    CacheAdmin(Cache cache) {
        this.cache = cache;
        this.keys = cache.keys();
        this.settings = cache.settingsStore();
    }

    // ---- Settings

    /** The namespace's TTL and enabled flag in force. */
    public NamespaceSettings settings(String namespace) {
        return cache.settings(namespace);
    }

    /** Every namespace in use or configured, with its settings. */
    public List<NamespaceSettings> namespaces() {
        Set<String> names = new TreeSet<>(cache.options().namespaceTtls().keySet());
        Set<byte[]> used = cache.call("", () -> cache.redis().commands().smembers(keys.namespaces()));
        if (used != null) {
            cache.redis().countLookup(!used.isEmpty());
            used.forEach(n -> names.add(new String(n, StandardCharsets.UTF_8)));
        }
        names.addAll(cache.knownNamespaces());
        return names.stream().map(settings::of).toList();
    }

    /** Refuses a TTL outside 1 s to {@link #MAX_TTL} with the sentence every caller shows. */
    public static Duration requireValidTtl(Duration ttl) {
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("A TTL must be between 1 s and " + TimeWords.duration(MAX_TTL) + ", got "
                    + TimeWords.duration(ttl.isNegative() ? Duration.ZERO : ttl) + ".");
        }
        return ttl;
    }

    /**
     * Changes a namespace's TTL for every process using the helper (within a second), keeping its enabled flag as
     * Redis holds it, and records it in the audit log and on the change markers. Returns the settings now in force.
     */
    public NamespaceSettings setTtl(String namespace, Duration ttl, Actor actor) {
        requireValidTtl(ttl);
        cache.requireWritable();
        Settings.Before before = settings.change(namespace, "ttl", Long.toString(ttl.toMillis()), actor);
        audit().record(actor, AuditAction.CACHE_TTL, "namespace " + namespace, 1, "ok",
                Map.of("from", before.ttl().toSeconds() + "s", "to", ttl.toSeconds() + "s"));
        return settings.of(namespace);
    }

    /** Turns caching of a namespace on or off for every process, keeping its TTL; returns the settings now in force. */
    public NamespaceSettings setEnabled(String namespace, boolean enabled, Actor actor) {
        cache.requireWritable();
        settings.change(namespace, "enabled", Boolean.toString(enabled), actor);
        audit().record(actor, enabled ? AuditAction.CACHE_ENABLE : AuditAction.CACHE_DISABLE, "namespace " + namespace, 1, "ok", Map.of());
        return settings.of(namespace);
    }

    /** Drops a namespace's live override, so the configured TTL applies again; returns the settings now in force. */
    public NamespaceSettings resetSettings(String namespace, Actor actor) {
        cache.requireWritable();
        settings.change(namespace, "reset", "", actor);
        audit().record(actor, AuditAction.CACHE_RESET, "namespace " + namespace, 1, "ok", Map.of());
        return settings.of(namespace);
    }

    /** When TTLs and enabled flags were changed, newest last: markers for the console's charts. */
    public List<SettingsChange> changes(Instant from, Instant to) {
        return settings.changes(from, to);
    }

    /** Goes up whenever the settings change (here, or announced by another process): a reason to reread {@link #changes}. */
    public long settingsVersion() {
        return settings.version();
    }

    /**
     * Applies the namespace's current TTL to the keys it already has (SCAN and EXPIRE in batches), as a bulk
     * operation with progress and cancel.
     */
    public BulkOperation reapplyTtl(String namespace, Actor actor) {
        cache.requireWritable();
        RedisConnection redis = cache.requireRedis();
        String prefix = keys.valuePrefix(Namespaces.requireValid(namespace));
        long ttlMillis = settings.of(namespace).ttl().toMillis();
        long total = keyCount(namespace);
        KeyScanner scanner = new KeyScanner(redis, prefix + "*");
        BulkOperation operation = BulkOperation.builder("re-apply TTL to namespace " + namespace, scanner::next, batch -> {
            List<CompletableFuture<Boolean>> replies = new ArrayList<>(batch.size());
            for (String key : batch) {
                replies.add(redis.commands().pexpire(key, ttlMillis).toCompletableFuture());
            }
            long applied = 0;
            for (CompletableFuture<Boolean> r : replies) {
                if (Boolean.TRUE.equals(redis.await(r))) applied++;
            }
            return new BulkOperation.ChunkResult(applied, batch.size() - applied, 0);
        }).total(total).start(r -> {
            Thread t = new Thread(r, "redrive-cache-reapply");
            t.setDaemon(true);
            t.start();
        });
        operation.completion().thenAccept(p -> audit().record(actor, AuditAction.CACHE_TTL_REAPPLY, "namespace " + namespace,
                p.succeeded(), p.state().name().toLowerCase(Locale.ROOT), Map.of("ttl", ttlMillis / 1000 + "s")));
        return operation;
    }

    // ---- Invalidation by an operator: it fails when Redis refuses it, and is audited

    /** Removes one entry, here and from every near cache; returns 1, or 0 when it was not cached. */
    public long invalidate(String namespace, String key, Actor actor) {
        cache.requireWritable();
        RedisConnection redis = cache.requireRedis();
        String valueKey = keys.value(Namespaces.requireValid(namespace), Cache.requireKey(key));
        long removed = redis.await(redis.commands().unlink(valueKey));
        cache.forgetNear(List.of(valueKey));
        announce(redis, "k\n" + valueKey);
        audit().record(actor, AuditAction.CACHE_INVALIDATE, "key " + key + " in namespace " + namespace, removed, "ok", Map.of());
        return removed;
    }

    /** Removes every entry of the namespace (a SCAN, in batches); returns how many. */
    public long invalidateNamespace(String namespace, Actor actor) {
        cache.requireWritable();
        RedisConnection redis = cache.requireRedis();
        String prefix = keys.valuePrefix(Namespaces.requireValid(namespace));
        long[] removed = {0};
        cache.scan(prefix + "*", batch -> removed[0] += redis.await(redis.commands().unlink(batch.toArray(String[]::new))));
        cache.forgetNearPrefix(prefix);
        announce(redis, "n\n" + prefix);
        audit().record(actor, AuditAction.CACHE_INVALIDATE, "namespace " + namespace, removed[0], "ok", Map.of());
        return removed[0];
    }

    /** Removes every entry that carries the tag; returns how many. */
    public long invalidateTag(String tag, Actor actor) {
        cache.requireWritable();
        RedisConnection redis = cache.requireRedis();
        String tagKey = keys.tag(Cache.requireKey(tag));
        Set<byte[]> members = redis.await(redis.commands().smembers(tagKey));
        long removed = 0;
        if (!members.isEmpty()) {
            List<String> valueKeys = members.stream().map(m -> new String(m, StandardCharsets.UTF_8)).toList();
            removed = redis.await(redis.commands().unlink(valueKeys.toArray(String[]::new)));
            redis.await(redis.commands().unlink(tagKey));
            cache.forgetNear(valueKeys);
            announce(redis, "k\n" + String.join("\n", valueKeys));
        }
        audit().record(actor, AuditAction.CACHE_INVALIDATE, "tag " + tag, removed, "ok", Map.of());
        return removed;
    }

    private void announce(RedisConnection redis, String event) {
        redis.await(redis.commands().publish(keys.channel(), event.getBytes(StandardCharsets.UTF_8)));
    }

    // ---- Statistics

    /** A namespace's counters per minute, summed over every process, zeros where nothing happened. */
    public List<CacheMinuteStats> stats(String namespace, Instant from, Instant to) {
        return stats(List.of(namespace), from, to).get(namespace);
    }

    /**
     * The counters per minute of these namespaces, and of any other that has some in the range, summed over every
     * process, zeros where nothing happened. Only minutes the index lists are read, so an idle namespace costs no
     * lookup of a missing key (which Redis would count as a keyspace miss).
     */
    public Map<String, List<CacheMinuteStats>> stats(Collection<String> namespaces, Instant from, Instant to) {
        RedisConnection redis = cache.requireRedis();
        long first = from.toEpochMilli() / 60_000;
        long last = to.toEpochMilli() / 60_000;
        List<byte[]> listed = redis.await(redis.commands().zrangebyscore(keys.statsMinutes(),
                Range.create((double) first, Double.POSITIVE_INFINITY)));
        // the index holds "end" at +inf for as long as it exists: an empty reply means no index, a miss Redis counted
        redis.countLookup(!listed.isEmpty());
        Map<String, TreeMap<Long, CompletableFuture<Map<String, byte[]>>>> reads = new TreeMap<>();
        namespaces.forEach(ns -> reads.put(ns, new TreeMap<>()));
        for (byte[] member : listed) {
            String entry = new String(member, StandardCharsets.UTF_8);
            int colon = entry.lastIndexOf(':');
            if (colon < 0) {
                continue;  // the "end" member
            }
            String ns = entry.substring(0, colon);
            long minute = Long.parseLong(entry.substring(colon + 1));
            if (minute <= last) {
                reads.computeIfAbsent(ns, k -> new TreeMap<>())
                        .put(minute, redis.commands().hgetall(keys.stats(ns, minute)).toCompletableFuture());
            }
        }
        Map<String, List<CacheMinuteStats>> out = new LinkedHashMap<>();
        reads.forEach((ns, minutes) -> {
            List<CacheMinuteStats> series = new ArrayList<>((int) (last - first + 1));
            for (long m = first; m <= last; m++) {
                CompletableFuture<Map<String, byte[]>> reply = minutes.get(m);
                Map<String, byte[]> f = reply == null ? Map.of() : redis.await(reply);
                if (reply != null) {
                    redis.countLookup(!f.isEmpty());  // empty: the minute expired after the index listed it
                }
                series.add(new CacheMinuteStats(ns, Instant.ofEpochMilli(m * 60_000), new CacheCounters(
                        num(f, "hits"), num(f, "misses"), num(f, "loads"), num(f, "loadNanos"), num(f, "errors"),
                        num(f, "nearHits"), num(f, "bytes"))));
            }
            out.put(ns, series);
        });
        return out;
    }

    /** Each of these namespaces' counters summed over the range and every process. */
    public Map<String, CacheCounters> totals(Collection<String> namespaces, Instant from, Instant to) {
        Map<String, CacheCounters> out = new LinkedHashMap<>();
        Map<String, List<CacheMinuteStats>> minutes = stats(namespaces, from, to);
        for (String ns : namespaces) {
            out.put(ns, CacheMinuteStats.total(minutes.get(ns)));
        }
        return out;
    }

    /** Every namespace's counters added up per minute (epoch minute → counters), for minutes that have some. */
    public Map<Long, CacheCounters> minuteTotals(Instant from, Instant to) {
        Map<Long, CacheCounters> out = new TreeMap<>();
        for (List<CacheMinuteStats> minutes : stats(List.of(), from, to).values()) {
            for (CacheMinuteStats m : minutes) {
                out.merge(m.minute().toEpochMilli() / 60_000, m.counters(), CacheCounters::plus);
            }
        }
        return out;
    }

    /** How many keys a namespace has now (a SCAN). */
    public long keyCount(String namespace) {
        long[] n = {0};
        cache.scan(keys.valuePrefix(Namespaces.requireValid(namespace)) + "*", batch -> n[0] += batch.size());
        return n[0];
    }

    /** A namespace's size now: key count, and memory estimated from up to {@code sample} keys. */
    public NamespaceSize size(String namespace, int sample) {
        List<String> sampled = new ArrayList<>();
        long[] count = {0};
        cache.scan(keys.valuePrefix(Namespaces.requireValid(namespace)) + "*", batch -> {
            count[0] += batch.size();
            for (String k : batch) {
                if (sampled.size() < sample) sampled.add(k);
            }
        });
        RedisConnection redis = cache.requireRedis();
        long sampledBytes = 0;
        List<Long> ttls = new ArrayList<>();
        for (String k : sampled) {
            Long bytes = redis.await(redis.commands().memoryUsage(k));
            sampledBytes += bytes == null ? 0 : bytes;
            Long pttl = redis.await(redis.commands().pttl(k));
            if (pttl != null && pttl >= 0) ttls.add(pttl);
        }
        long memory = sampled.isEmpty() ? 0 : sampledBytes * count[0] / sampled.size();
        return new NamespaceSize(namespace, count[0], memory, sampled.size(), ttls);
    }

    /**
     * Redis's own keyspace hits and misses since its statistics were last reset (for servers where no helper runs);
     * none when the Redis user may not run INFO (a read-only operator's user need not).
     */
    public Map<String, Long> serverKeyspaceStats() {
        RedisConnection redis = cache.requireRedis();
        String info;
        try {
            info = redis.await(redis.commands().info("stats"));
        } catch (RuntimeException e) {
            if (RedisConnection.isPermissionDenied(e)) {
                return Map.of();
            }
            throw e;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("keyspace_hits:") || line.startsWith("keyspace_misses:")) {
                String[] kv = line.split(":");
                out.put(kv[0], Long.parseLong(kv[1].trim()));
            }
        }
        return out;
    }

    /**
     * The key lookups this cache's own connection made while polling (statistics, namespaces, settings), for a hit
     * rate that leaves them out; none when the cache shares its caller's connection, whose count has them.
     */
    public Lookups ownLookups() {
        return cache.ownLookups();
    }

    private AuditLog audit() {
        return AuditLog.on(cache.requireRedis(), cache.schema(), cache.options().clock());
    }

    private static long num(Map<String, byte[]> f, String name) {
        byte[] v = f.get(name);
        return v == null ? 0 : Long.parseLong(new String(v, StandardCharsets.UTF_8));
    }
}
