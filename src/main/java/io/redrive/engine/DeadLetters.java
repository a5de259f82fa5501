package io.redrive.engine;

import io.lettuce.core.RedisFuture;
import io.redrive.engine.DeadLetterIndex.Ref;
import io.redrive.ops.Actor;
import io.redrive.ops.AuditAction;
import io.redrive.ops.BulkOperation;
import io.redrive.ops.Ticker;
import io.redrive.redis.Args;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.Replies;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Operator work on dead letters: find them (pages, filters, failure groups), inspect one in full, and recover:
 * replay (to their queue or another, rate-limited, with a replay cap), edit (versioned, with conflict
 * detection), purge to a trash and restore, export and import. Every change is a Lua script that acts only on
 * messages still in the expected state, so operators working on overlapping sets never replay a message twice
 * or lose one; every operator action is written to the {@link AuditLog}.
 */
public final class DeadLetters {
    /** Messages per script call in bulk operations: large enough to amortise the round trip, small enough to keep Redis responsive. */
    static final int CHUNK = 500;
    /** How long a claim for a move to another queue holds before someone else may take the message. */
    static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(1);
    /** A purge of at most this many messages names each in its audit entry. */
    private static final int NAMED_IN_AUDIT = 20;

    private final Engine engine;
    private final RedisConnection redis;
    private final DeadLetterIndex index;
    private final Previews previews;
    private final DeadLetterDetails details;
    private final DeadLetterEdits edits;
    private final DryRuns dryRuns;
    private final DeadLetterRuns runs;
    private final DeadLetterReplays replays;

    DeadLetters(Engine engine, Ticker ticker) {
        this.engine = engine;
        this.redis = engine.redis();
        this.index = new DeadLetterIndex(engine);
        this.previews = new Previews(redis, engine.keys());
        this.details = new DeadLetterDetails(engine);
        this.edits = new DeadLetterEdits(engine, details);
        this.dryRuns = new DryRuns(engine, index, previews);
        this.runs = new DeadLetterRuns(engine, index, ticker);
        this.replays = new DeadLetterReplays(engine, runs);
    }

    // ---- Find

    /** The first page of the query's dead letters. */
    public DeadLetterPage page(DeadLetterQuery query) {
        return page(query, null);
    }

    /**
     * A page of the query's dead letters from a cursor a previous page returned. A page of 100 costs the same on
     * a DLQ of a million as on one of a thousand. With conditions checked row by row, a page may come back short
     * after {@value DeadLetterIndex#SCAN_BUDGET} rows with a cursor to go on from: that is how a free-text search
     * streams, reports progress ({@link DeadLetterPage#scanned()} of {@link DeadLetterPage#total()}) and stops.
     */
    public DeadLetterPage page(DeadLetterQuery query, String cursor) {
        return index.page(query, cursor);
    }

    /**
     * The page that starts {@code offset} dead letters into a one-queue query's order, in O(log n + page):
     * how a console jumps straight to any page of a large DLQ.
     */
    public DeadLetterPage pageAt(DeadLetterQuery query, long offset) {
        if (query.queues().size() != 1) {
            throw new IllegalArgumentException("Jumping to a page needs a query on exactly one queue; across queues, page with cursors");
        }
        return index.page(query, query.queues().iterator().next() + "=" + Math.max(0, offset));
    }

    /** How many dead letters the query's indexes hold: exact for queue, class, group and time conditions. */
    public long count(DeadLetterQuery query) {
        return index.total(query);
    }

    /** The failure groups of one queue, or of every queue when {@code queue} is null; largest first. */
    public List<FailureGroup> groups(String queue) {
        List<String> queues = queue == null ? engine.queueNames() : List.of(queue);
        List<FailureGroup> groups = new ArrayList<>();
        for (String q : queues) {
            QueueKeys keys = engine.keys().queue(q);
            List<byte[]> fingerprints = redis.await(redis.commands().zrevrange(keys.groups(), 0, -1));
            List<RedisFuture<Map<String, byte[]>>> replies = new ArrayList<>();
            for (byte[] fp : fingerprints) {
                replies.add(redis.commands().hgetall(keys.group(DeadLetterIndex.text(fp))));
            }
            for (int i = 0; i < fingerprints.size(); i++) {
                Map<String, byte[]> f = redis.await(replies.get(i));
                if (!f.isEmpty()) {
                    groups.add(group(q, DeadLetterIndex.text(fingerprints.get(i)), f));
                }
            }
        }
        groups.sort(Comparator.comparingLong(FailureGroup::count).reversed().thenComparing(FailureGroup::lastSeen,
                Comparator.nullsLast(Comparator.reverseOrder())));
        return groups;
    }

    // package-private: QueueHealth reads the groups new in the last hour the same way
    static FailureGroup group(String queue, String fingerprint, Map<String, byte[]> f) {
        SortedMap<Instant, Long> perHour = new TreeMap<>();
        f.forEach((name, value) -> {
            if (name.startsWith("h:")) {
                perHour.put(Instant.ofEpochMilli(Long.parseLong(name.substring(2)) * 3_600_000), Replies.number(value));
            }
        });
        return new FailureGroup(queue, fingerprint, Replies.text(f.get("exception")), Replies.text(f.get("sample")),
                Replies.number(f.get("count")), millis(f.get("firstSeen")), millis(f.get("lastSeen")), perHour);
    }

    // ---- Inspect

    /** One dead (or trashed) message in full; empty when there is no such message. */
    public Optional<DeadLetterDetail> show(String queue, String id) {
        return details.show(queue, id);
    }

    // ---- Edit

    /**
     * Replaces a dead letter's payload and headers. The previous version is kept with who, when and why.
     *
     * @param expectedVersion the version the editor read ({@link DeadLetterDetail#version()})
     * @return the new version number
     * @throws EditConflictException   when someone else edited it since
     * @throws InvalidPayloadException when the content type (or the original payload) is JSON and the new payload is not
     * @throws IllegalStateException   when the message is no longer a dead letter
     */
    public int edit(String queue, String id, int expectedVersion, byte[] payload, Map<String, String> headers,
                    String reason, Actor actor) {
        return edits.edit(queue, id, expectedVersion, payload, headers, reason, actor);
    }

    /**
     * Makes an earlier version current again, as a new edit (so the version being replaced is kept too); audited
     * as a {@code revert} from the version that was current to the one brought back.
     */
    public int revert(String queue, String id, int toVersion, int expectedVersion, String reason, Actor actor) {
        return edits.revert(queue, id, toVersion, expectedVersion, reason, actor);
    }

    // ---- Recover

    /**
     * What a bulk operation would do now, changing nothing. The dead letters it counted are kept for an hour under
     * {@link DryRun#previewId()}, so that {@link #replay(String, ReplayOptions)} and {@link #purge(String, double, Actor)}
     * act on exactly those, from this process or another, and leave alone any that arrive meanwhile.
     *
     * @param operation replay or purge
     */
    public DryRun preview(String operation, DeadLetterTarget target, double ratePerSecond, String toQueue) {
        return dryRuns.preview(operation, target, ratePerSecond, toQueue);
    }

    /**
     * What restoring would do now: {@code idsByQueue} names purged messages per queue, an empty list standing for
     * that queue's whole trash. Kept like {@link #preview}, for {@link #restore(String, Actor)}.
     */
    public DryRun previewRestore(Map<String, List<String>> idsByQueue) {
        return dryRuns.previewRestore(idsByQueue);
    }

    /**
     * Starts replaying the target's dead letters as they are now, without a dry run (for scripts); returns, once
     * the target's ids are gathered (about a second for a million), with a handle to follow, pause, resume or
     * cancel the operation. Messages replayed more often than the engine's replay cap are refused (skipped).
     */
    public BulkOperation replay(DeadLetterTarget target, ReplayOptions options) {
        engine.requireWritable();
        return replays.replay(runs.allRefs(target), target.describe(), 0, null, options);
    }

    /**
     * Replays exactly the dead letters a {@link #preview dry run} counted that are still dead; ones that arrived
     * since are left alone and counted ({@link BulkOperation#leftAlone()}). A preview is used once.
     *
     * @throws IllegalStateException    when the preview has expired or was used already
     * @throws IllegalArgumentException when it was made for another operation or another destination
     */
    public BulkOperation replay(String previewId, ReplayOptions options) {
        engine.requireWritable();
        Previews.Stored preview = previews.load(previewId, "replay");
        if (options.toQueue() != null && preview.toQueue() != null && !options.toQueue().equals(preview.toQueue())) {
            throw new IllegalArgumentException("Preview " + previewId + " was for a replay into queue " + preview.toQueue()
                    + ", not " + options.toQueue());
        }
        ReplayOptions chosen = options.toQueue() == null && preview.toQueue() != null ? options.toQueue(preview.toQueue()) : options;
        long arrived = dryRuns.arrivedSince(preview);
        previews.delete(previewId);
        return replays.replay(preview.refs(), preview.target(), arrived, previewId, chosen);
    }

    /** Writes whole messages into a queue (ready or dead, as their state field says); existing ids are left alone. */
    long adopt(QueueKeys keys, List<ArchivedMessage> messages, long now) {
        return replays.adopt(keys, messages, now);
    }

    /**
     * Starts moving the target's dead letters, as they are now, to the trash, without a dry run (for scripts);
     * they can be restored until the trash retention ends.
     */
    public BulkOperation purge(DeadLetterTarget target, double ratePerSecond, Actor actor) {
        engine.requireWritable();
        return purge(runs.allRefs(target), target.describe(), 0, null, ratePerSecond, actor);
    }

    /** Purges exactly the dead letters a {@link #preview dry run} counted that are still dead; see {@link #replay(String, ReplayOptions)}. */
    public BulkOperation purge(String previewId, double ratePerSecond, Actor actor) {
        engine.requireWritable();
        Previews.Stored preview = previews.load(previewId, "purge");
        long arrived = dryRuns.arrivedSince(preview);
        previews.delete(previewId);
        return purge(preview.refs(), preview.target(), arrived, previewId, ratePerSecond, actor);
    }

    private BulkOperation purge(List<Ref> refs, String description, long arrived, String previewId, double rate, Actor actor) {
        // what was trashed, by id, when that is few enough to read
        Map<String, String> named = refs.isEmpty() || refs.size() > NAMED_IN_AUDIT ? Map.of()
                : Map.of("ids", refs.stream().map(Ref::id).collect(Collectors.joining(", ")));
        return runs.run("purge", description, refs, arrived, previewId, rate, actor, named, "the trash", (queue, ids, acted) -> {
            QueueKeys keys = engine.keys().queue(queue);
            return runs.pipelined(ids, part -> {
                long now = engine.options().clock().millis();
                Args args = new Args().add(now).add(keys.base()).add(actor.name()).add(engine.metricsTtlSeconds());
                part.forEach(args::add);
                return Scripts.DLQ_PURGE.run(redis, List.of(keys.trash(), keys.dead(), keys.metrics(now / 60_000)), args.list());
            }, done -> { });
        });
    }

    /** Purged dead letters of one queue, most recently purged first. */
    public List<DeadLetter> trash(String queue, int limit) {
        List<byte[]> ids = redis.await(redis.commands().zrevrange(engine.keys().queue(queue).trash(), 0, limit - 1L));
        List<Ref> refs = ids.stream().map(id -> new Ref(queue, DeadLetterIndex.text(id))).toList();
        return index.rows(refs, false, "trashed").stream().filter(Objects::nonNull).map(DeadLetterIndex.Row::letter).toList();
    }

    /** How many purged dead letters one queue's trash holds. */
    public long trashCount(String queue) {
        return redis.await(redis.commands().zcard(engine.keys().queue(queue).trash()));
    }

    /**
     * Takes purged messages out of the trash, dead again as before, without a dry run (for scripts); no ids
     * means the queue's whole trash.
     */
    public BulkOperation restore(String queue, List<String> ids, Actor actor) {
        engine.requireWritable();
        QueueKeys keys = engine.keys().queue(queue);
        List<String> targets = ids.isEmpty() ? dryRuns.trashIds(keys) : List.copyOf(ids);
        return restore(targets.stream().map(id -> new Ref(queue, id)).toList(), DeadLetterTarget.ids(queue, targets).describe(),
                0, null, actor);
    }

    /** Restores exactly the purged messages a {@link #previewRestore dry run} counted that are still in the trash. */
    public BulkOperation restore(String previewId, Actor actor) {
        engine.requireWritable();
        Previews.Stored preview = previews.load(previewId, "restore");
        long arrived = dryRuns.arrivedSince(preview);
        previews.delete(previewId);
        return restore(preview.refs(), preview.target(), arrived, previewId, actor);
    }

    private BulkOperation restore(List<Ref> refs, String description, long arrived, String previewId, Actor actor) {
        return runs.run("restore", description, refs, arrived, previewId, 0, actor, Map.of(), "the dead-letter queue",
                (queue, chunk, acted) -> {
            QueueKeys keys = engine.keys().queue(queue);
            return runs.pipelined(chunk, part -> {
                long now = engine.options().clock().millis();
                long cutoff = now - engine.policies().current(queue).deadLetterRetention().toMillis();
                Args args = new Args().add(now).add(keys.base()).add(actor.name()).add(cutoff);
                part.forEach(args::add);
                return Scripts.DLQ_RESTORE.run(redis, List.of(keys.trash(), keys.dead()), args.list());
            }, done -> { });
        });
    }

    /** "6 new dead letters arrived after the preview and were not touched". */
    public static String arrivedSentence(long arrived) {
        return String.format("%,d new dead letter%s arrived after the preview and %s not touched", arrived,
                arrived == 1 ? "" : "s", arrived == 1 ? "was" : "were");
    }

    // ---- Export and import

    /**
     * Writes the target's dead letters as JSON Lines, one whole message a line; returns how many. {@code out} is
     * flushed but not closed.
     */
    public long export(DeadLetterTarget target, OutputStream out, Consumer<Long> progress) {
        return DeadLetterArchive.export(this, engine, target, out, progress);
    }

    /**
     * Imports a JSON Lines file written by {@link #export}: every line is checked first, and a malformed one
     * fails the import with its line number before anything is written. Messages whose id exists already are
     * skipped. {@code intoQueue} (nullable) sends everything into one queue instead of the queues in the file.
     *
     * @return how many messages were written
     */
    public long importFrom(Path file, String intoQueue, Actor actor) {
        engine.requireWritable();
        long written = DeadLetterArchive.importFrom(this, engine, file, intoQueue);
        engine.audit().record(actor, AuditAction.IMPORT, file.getFileName() + (intoQueue == null ? "" : " into queue " + intoQueue),
                written, "ok", Map.of("file", file.toString()));
        return written;
    }

    /** Ids of a target, for export: chunks of one queue. */
    void forEachChunk(DeadLetterTarget target, BiConsumer<String, List<String>> consumer) {
        runs.forEachChunk(target, consumer);
    }

    private static Instant millis(byte[] value) {
        return value == null ? null : Instant.ofEpochMilli(Replies.number(value));
    }
}
