package io.redrive.ops;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every action the engine, the cache helper and the console record in the audit log, each with the name stored in
 * Redis (unchanged, so entries written before this type existed keep reading) and words for people.
 */
public enum AuditAction {
    REPLAY("replay", "replayed dead letters"),
    REPLAY_STARTED("replay-started", "started a replay"),
    REPLAY_OUTCOME("replay-outcome", "saw how replayed messages fared"),
    PURGE("purge", "moved dead letters to the trash"),
    PURGE_STARTED("purge-started", "started moving dead letters to the trash"),
    RESTORE("restore", "restored from the trash"),
    RESTORE_STARTED("restore-started", "started a restore"),
    EDIT("edit", "edited a message"),
    REVERT("revert", "reverted a message to an earlier version"),
    IMPORT("import", "imported dead letters"),
    RETRY_NOW("retry-now", "retried scheduled messages now"),
    KILL("kill", "sent scheduled messages to the dead-letter queue"),
    POLICY("policy", "changed a queue's retry policy"),
    POLICY_RESET("policy-reset", "reset a queue's retry policy to the default"),
    REPAIR("repair", "repaired damaged queues"),
    WORKER_ON("worker-on", "started the background worker"),
    WORKER_OFF("worker-off", "stopped the background worker"),
    CACHE_TTL("cache-ttl", "changed a cache namespace's TTL"),
    CACHE_TTL_REAPPLY("cache-ttl-reapply", "applied a new TTL to cached values"),
    CACHE_ENABLE("cache-enable", "enabled a cache namespace"),
    CACHE_DISABLE("cache-disable", "disabled a cache namespace"),
    CACHE_RESET("cache-reset", "reset a cache namespace's settings"),
    CACHE_INVALIDATE("cache-invalidate", "invalidated cached values"),
    ALERT_ADD("alert-add", "added an alert rule"),
    ALERT_REMOVE("alert-remove", "removed an alert rule");

    private final String stored;
    private final String words;

    AuditAction(String stored, String words) {
        this.stored = stored;
        this.words = words;
    }

    /** The name stored in the audit log and typed on the command line, e.g. {@code retry-now}. */
    public String stored() { return stored; }

    /** What the operator did, for people: "retried scheduled messages now". */
    public String words() { return words; }

    /** The action stored under {@code name} (any case), or empty for a name no part of Redrive records. */
    public static Optional<AuditAction> fromStored(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.stored.equals(wanted)).findFirst();
    }

    /** The action that records the start of a bulk run of this one (replay, purge or restore). */
    public AuditAction started() {
        return switch (this) {
            case REPLAY -> REPLAY_STARTED;
            case PURGE -> PURGE_STARTED;
            case RESTORE -> RESTORE_STARTED;
            default -> throw new IllegalStateException(stored + " is not run in bulk");
        };
    }

    /** A sentence naming every stored action, for a reader who typed one that does not exist. */
    public static String sentenceListingAll() {
        return "The audit log records these actions: "
                + Arrays.stream(values()).map(AuditAction::stored).collect(Collectors.joining(", ")) + ".";
    }

    @Override
    public String toString() { return stored; }
}
