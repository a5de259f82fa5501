package io.redrive.ops;

import io.redrive.redis.Replies;
import io.redrive.redis.ReadOnlyException;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.Range.Boundary;
import io.lettuce.core.StreamMessage;
import io.redrive.redis.Args;
import io.redrive.redis.KeySchema;
import io.redrive.redis.LuaScript;
import io.redrive.redis.RedisConnection;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The audit log: every operator action on dead letters and policies (replay, edit, purge, restore, import,
 * retry-now, kill, policy change...), who took it, what it touched and how it ended. One Redis STREAM
 * ({@link KeySchema#audit()}) shared by every engine and console on the installation, capped at about a million
 * entries, the oldest trimmed first. Safe to use from many threads.
 *
 * <p>Entry ids take their time from the recording engine's clock, so a time range is a range of ids and needs
 * no scan. (When another engine's clock runs ahead, a later entry takes the newer id, so ids stay in order; its
 * {@link AuditEntry#at()} keeps its own time.) Listing is newest first, a page at a time, with the id of a page's
 * last entry as the cursor of the next.
 */
public final class AuditLog {
    /** Years of operator actions, yet bounded: about 300 MB at a typical 300 bytes an entry. */
    static final long MAX_ENTRIES = 1_000_000;
    /** How many entries one XREVRANGE reads at most when filters may skip entries. */
    private static final int CHUNK = 1_000;
    /** How many entries an export holds in memory at a time. */
    static final int EXPORT_PAGE = 500;
    private static final String MAX_SEQUENCE = "18446744073709551615";
    // an append, not a state change, so it lives here rather than in Scripts
    private static final LuaScript APPEND = LuaScript.load("audit");

    private final RedisConnection redis;
    private final String key;
    private final Clock clock;
    private final long maxEntries;
    private final boolean readOnly;

    /** The audit log on a connection of the caller's, for components that run without an engine (the cache helper). */
    public static AuditLog on(RedisConnection redis, KeySchema keys, Clock clock) {
        return new AuditLog(redis, keys, clock);
    }

    /** A read-only log lists and exports, and refuses {@link #record} with {@link ReadOnlyException}. */
    public static AuditLog on(RedisConnection redis, KeySchema keys, Clock clock, boolean readOnly) {
        return new AuditLog(redis, keys, clock, MAX_ENTRIES, readOnly);
    }

    AuditLog(RedisConnection redis, KeySchema keys, Clock clock) {
        this(redis, keys, clock, MAX_ENTRIES, false);
    }

    /** With a different cap, so a test can see trimming without writing a million entries. */
    AuditLog(RedisConnection redis, KeySchema keys, Clock clock, long maxEntries) {
        this(redis, keys, clock, maxEntries, false);
    }

    private AuditLog(RedisConnection redis, KeySchema keys, Clock clock, long maxEntries, boolean readOnly) {
        this.readOnly = readOnly;
        this.redis = Objects.requireNonNull(redis, "redis");
        this.key = keys.audit();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxEntries = maxEntries;
    }

    /**
     * Appends an action to the log, stamped with the engine's clock. Stored once, even when the command is sent
     * again after a reconnect.
     *
     * @param actor   who took it ({@link Actor#current()} for the user running this process)
     * @param action  what was done, such as {@code replay}
     * @param target  what it was done to, in readable words, such as {@code group 3fa9c2 in queue documents}
     * @param count   how many items it covered; not negative
     * @param outcome {@code ok}, {@code partial: ...}, {@code failed: ...} or {@code cancelled after N}
     * @param details anything else worth keeping; may be null or empty
     * @return the entry as stored, with its id
     */
    public AuditEntry record(Actor actor, AuditAction action, String target, long count, String outcome,
                             Map<String, String> details) {
        return record(actor, action.stored(), target, count, outcome, details);
    }

    /** As {@link #record(Actor, AuditAction, String, long, String, Map)}, under a stored action name as it is. */
    public AuditEntry record(Actor actor, String action, String target, long count, String outcome,
                             Map<String, String> details) {
        return record(actor, action, target, count, outcome, details, UUID.randomUUID().toString());
    }

    /** {@link #record} with the token that makes a repeated append a no-op; tests repeat one on purpose. */
    AuditEntry record(Actor actor, String action, String target, long count, String outcome,
                      Map<String, String> details, String token) {
        if (readOnly) {
            throw new ReadOnlyException();
        }
        Objects.requireNonNull(actor, "actor");
        requireText(action, "action");
        requireText(target, "target");
        requireText(outcome, "outcome");
        if (count < 0) {
            throw new IllegalArgumentException("An audit entry's count must not be negative, got " + count);
        }
        // the stream's ids are at least 1-0; a clock at the epoch would ask for 0-0, which XADD refuses
        long at = Math.max(1, clock.millis());
        AuditEntry entry = new AuditEntry(null, Instant.ofEpochMilli(at), actor.name(), action.strip(), target.strip(),
                count, outcome.strip(), details);
        Args args = new Args().add(at).add(maxEntries).add(token)
                .add("at").add(at)
                .add("actor").add(entry.actor())
                .add("action").add(entry.action())
                .add("target").add(entry.target())
                .add("count").add(count)
                .add("outcome").add(entry.outcome())
                .add("details").add(AuditJson.write(entry.details()));
        // a script's single-value reply arrives wrapped in a one-element list
        String id = Replies.text(Replies.list(APPEND.call(redis, List.of(key), args.list())).get(0));
        return new AuditEntry(id, entry.at(), entry.actor(), entry.action(), entry.target(), entry.count(),
                entry.outcome(), entry.details());
    }

    /**
     * One page of matching entries, newest first: at most {@link AuditQuery#limit()} of them, older than
     * {@link AuditQuery#before()} when that is set. A page is short only when no more entries match; pass the id of
     * its last entry as {@code before} to read the next.
     */
    public List<AuditEntry> list(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        Boundary<String> lower = query.from() == null ? Boundary.unbounded()
                : Boundary.including(query.from().toEpochMilli() + "-0");
        Boundary<String> upper = upperBound(query);
        // without filters every entry read is kept, so read no more than the page needs
        int chunk = query.filters() ? CHUNK : Math.min(query.limit(), CHUNK);
        List<AuditEntry> page = new ArrayList<>(Math.min(query.limit(), CHUNK));
        while (page.size() < query.limit()) {
            List<StreamMessage<String, byte[]>> read = redis.await(
                    redis.commands().xrevrange(key, Range.from(lower, upper), Limit.from(chunk)));
            for (StreamMessage<String, byte[]> message : read) {
                AuditEntry entry = entry(message);
                if (query.matches(entry)) {
                    page.add(entry);
                    if (page.size() == query.limit()) {
                        break;
                    }
                }
            }
            if (read.size() < chunk) {
                break;
            }
            upper = Boundary.excluding(read.get(read.size() - 1).getId());
        }
        return page;
    }

    /**
     * Writes every entry that matches the query (ignoring its limit) to {@code out} as JSON Lines, newest first:
     * one {@linkplain AuditEntry#toJson() JSON object} per line. Reads the log a page at a time, so the export may
     * be as large as the log; {@code out} is flushed but not closed.
     *
     * @return how many entries were written
     */
    public long export(AuditQuery query, OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        AuditQuery page = query.mutate().limit(EXPORT_PAGE).build();
        long written = 0;
        while (true) {
            List<AuditEntry> entries = list(page);
            for (AuditEntry entry : entries) {
                out.write(entry.toJson().getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
            written += entries.size();
            if (entries.size() < EXPORT_PAGE) {
                break;
            }
            page = page.mutate().before(entries.get(entries.size() - 1).id()).build();
        }
        out.flush();
        return written;
    }

    /** The newer end of the range: before the cursor, or the last possible id of the {@code to} millisecond. */
    private static Boundary<String> upperBound(AuditQuery query) {
        String toId = query.to() == null ? null : query.to().toEpochMilli() + "-" + MAX_SEQUENCE;
        if (query.before() == null) {
            return toId == null ? Boundary.unbounded() : Boundary.including(toId);
        }
        if (toId != null && compareIds(toId, query.before()) < 0) {
            return Boundary.including(toId);
        }
        return Boundary.excluding(query.before());
    }

    private static int compareIds(String a, String b) {
        int dashA = a.indexOf('-');
        int dashB = b.indexOf('-');
        int byTime = Long.compareUnsigned(Long.parseUnsignedLong(a.substring(0, dashA)), Long.parseUnsignedLong(b.substring(0, dashB)));
        return byTime != 0 ? byTime
                : Long.compareUnsigned(Long.parseUnsignedLong(a.substring(dashA + 1)), Long.parseUnsignedLong(b.substring(dashB + 1)));
    }

    /** Reads a stored entry; a field that is missing (an entry written by hand, say) reads as empty. */
    private static AuditEntry entry(StreamMessage<String, byte[]> message) {
        Map<String, byte[]> f = message.getBody();
        String id = message.getId();
        byte[] at = f.get("at");
        long millis = at != null ? Replies.number(at) : Long.parseLong(id.substring(0, id.indexOf('-')));
        return new AuditEntry(id, Instant.ofEpochMilli(millis), text(f, "actor"), text(f, "action"),
                text(f, "target"), f.containsKey("count") ? Replies.number(f.get("count")) : 0, text(f, "outcome"),
                AuditJson.stringMap(f.get("details")));
    }

    private static String text(Map<String, byte[]> fields, String name) {
        byte[] value = fields.get(name);
        return value == null ? "" : Replies.text(value);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("An audit entry needs a " + what + ", got '" + value + "'");
        }
    }
}
