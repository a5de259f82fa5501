package io.redrive.redis;

import java.util.regex.Pattern;

/**
 * Builds every Redis key Redrive uses; no other class concatenates key names. All keys of one queue share the
 * hash tag {@code {queue}}, so in a Cluster they live in one slot and one Lua script may touch them together.
 * The layout is described in {@code src/docs/redis-schema.md}.
 */
public final class KeySchema {
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final String prefix;

    public KeySchema(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Key prefix must be 1-64 letters, digits or . _ : -, got '" + prefix + "'");
        }
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The set of every queue name that has been declared. */
    public String queueRegistry() {
        return prefix + ":queues";
    }

    /**
     * The engines alive on this Redis (HASH: engine id → heartbeat JSON), written by each engine that runs an upkeep
     * or a worker; the key expires when no engine beats any more. No hash tag, like {@link #queueRegistry()}.
     */
    public String engines() {
        return prefix + ":engines";
    }

    /** Alert rules: a HASH of rule id → the rule as JSON, shared by every engine and console. */
    public String alertRules() {
        return prefix + ":alerts:rules";
    }

    /** Open alert incidents: a HASH of {@code <rule id>|<subject>} → when and why it fired, as JSON. */
    public String alertIncidents() {
        return prefix + ":alerts:incidents";
    }

    /**
     * When each queue was last seen served: a HASH of queue → epoch ms of the last alert tick that found a live engine
     * running a worker for it, kept in Redis so every watcher measures "no worker for N minutes" from the same time.
     */
    public String alertServed() {
        return prefix + ":alerts:served";
    }

    /** The alert history: a capped STREAM of fired, resolved, test and delivery-failed notices. */
    public String alertHistory() {
        return prefix + ":alerts:history";
    }

    /** The audit log: a STREAM of every operator action, shared by all queues. */
    public String audit() {
        return prefix + ":audit";
    }

    /**
     * A dry run's fixed set (HASH: what it was for; with {@link #previewRefs}), so a confirmed bulk action acts
     * on exactly what was counted; kept for an hour. Its two keys share a hash tag.
     */
    public String preview(String id) {
        return prefix + ":preview:{" + id + "}";
    }

    /** The dead letters a dry run counted (LIST of "queue id"). */
    public String previewRefs(String id) {
        return preview(id) + ":refs";
    }

    /** Recent bulk operations (ZSET of operation ids, score = start time). */
    public String operations() {
        return prefix + ":ops";
    }

    /** One bulk operation: what, who, when, progress and, for a replay, its outcome once settled (HASH). */
    public String operation(String id) {
        return prefix + ":op:{" + id + "}";
    }

    /** The messages a replay put back (LIST of "queue id"), whose fate its outcome follows. */
    public String operationRefs(String id) {
        return operation(id) + ":refs";
    }

    /** The keys of the cache helper. */
    public CacheKeys cache() {
        return new CacheKeys(prefix + ":cache:");
    }

    /**
     * The cache helper's keys. Values are {@code <base>v:<namespace>:<key>}; a tag's SET lists the value keys
     * that carry it; settings and statistics are shared by every process using the helper.
     */
    public record CacheKeys(String base) {
        public String valuePrefix(String namespace) { return base + "v:" + namespace + ":"; }
        public String value(String namespace, String key) { return valuePrefix(namespace) + key; }
        public String tag(String tag) { return base + "tag:" + tag; }
        /** Per-namespace TTL and enabled overrides (HASH: namespace → JSON). */
        public String settings() { return base + "settings"; }
        /** Pub/sub channel for invalidations and settings changes, so near caches and settings stay coherent. */
        public String channel() { return base + "events"; }
        /** One namespace's counters for one minute (HASH), {@code epochMinute} = epoch ms / 60,000. */
        public String stats(String namespace, long epochMinute) { return base + "stats:" + namespace + ":" + epochMinute; }
        /**
         * Which {@link #stats} minutes exist (ZSET, member {@code <namespace>:<epochMinute>}, score = the minute, and
         * the member {@code end} at +inf), so readers look up only minutes that have counters.
         */
        public String statsMinutes() { return base + "stats-minutes"; }
        /** A short lock that lets one process load a missing key while the others wait for its value. */
        public String loadLock(String valueKey) { return base + "lock:" + valueKey; }
        /** The namespaces ever used (SET). */
        public String namespaces() { return base + "namespaces"; }
        /** Markers of TTL and enabled changes (ZSET, score = time), for the console's charts. */
        public String changes() { return base + "changes"; }
    }

    /** Rejects names that would break the hash tag or the CLI with a message that says what is allowed. */
    public static String requireValidQueueName(String name) {
        if (name == null || !QUEUE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid queue name '" + name
                    + "': use 1-100 letters, digits or . _ : - starting with a letter or digit");
        }
        return name;
    }

    public QueueKeys queue(String name) {
        return new QueueKeys(prefix + ":{" + requireValidQueueName(name) + "}:");
    }

    /** The keys of one queue. Per-message keys are the returned prefixes followed by the message id. */
    public record QueueKeys(String base) {
        public String ready() { return base + "ready"; }
        public String inflight() { return base + "inflight"; }
        public String scheduled() { return base + "scheduled"; }
        public String dead() { return base + "dead"; }
        public String done() { return base + "done"; }
        public String policy() { return base + "policy"; }
        /** Dead letters by attempts (ZSET, score = attempts); {@link #dead()} orders them by time of death. */
        public String deadByAttempts() { return base + "dead:attempts"; }
        /** Dead letters of one error class (ZSET, score = time of death). */
        public String deadByClass(String errorClass) { return base + "dead:class:" + errorClass; }
        /** Dead letters of one failure group (ZSET, score = time of death). */
        public String deadByGroup(String fingerprint) { return base + "dead:group:" + fingerprint; }
        /** The failure groups that hold dead letters (ZSET, score = last death). */
        public String groups() { return base + "groups"; }
        /** One failure group's description, counts and per-hour counts (HASH). */
        public String group(String fingerprint) { return base + "group:" + fingerprint; }
        /** Purged dead letters, restorable until their trash retention ends (ZSET, score = time of purge). */
        public String trash() { return base + "trash"; }
        /**
         * Index entries met whose message hash was missing, counted by the script that dropped them (HASH: index name
         * → count, and {@code <index>:lastId}, {@code <index>:lastAt}); a message lost, usually to eviction.
         */
        public String missing() { return base + "missing"; }
        public String versionsPrefix() { return base + "ver:"; }
        /** Earlier versions of an edited message (LIST of metadata JSON and payload, in pairs). */
        public String versions(String id) { return versionsPrefix() + id; }
        public String messagePrefix() { return base + "m:"; }
        public String eventsPrefix() { return base + "ev:"; }
        public String idempotencyPrefix() { return base + "idem:"; }
        public String metricsPrefix() { return base + "metrics:"; }

        public String message(String id) { return messagePrefix() + id; }
        public String events(String id) { return eventsPrefix() + id; }
        public String idempotency(String key) { return idempotencyPrefix() + key; }
        /** Lifetime counters of the queue (HASH, no TTL), incremented with the per-minute {@link #metrics}. */
        public String totals() { return base + "totals"; }
        /**
         * How long the dead letters resolved (replayed or purged) in one hour had been dead (HASH: bucket upper bound in
         * seconds, or {@code inf} → count), {@code epochHour} = epoch milliseconds / 3,600,000.
         */
        public String resolution(long epochHour) { return base + "resolution:" + epochHour; }
        /** Counters for one minute, {@code epochMinute} = epoch milliseconds / 60,000. */
        public String metrics(long epochMinute) { return metricsPrefix() + epochMinute; }
    }
}
