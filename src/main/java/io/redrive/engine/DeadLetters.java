package io.redrive.engine;

import io.lettuce.core.KeyValue;
import io.redrive.ops.AuditAction;
import io.redrive.redis.Replies;
import io.redrive.ops.Actor;
import io.redrive.ops.BulkOperation;
import io.redrive.ops.Ticker;
import io.lettuce.core.RedisFuture;
import io.redrive.engine.DeadLetterIndex.Ref;
import io.redrive.redis.Args;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.RedisUnavailableException;

import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    /** Script calls a bulk operation keeps in flight at once, so Redis never waits for the next round trip. */
    private static final int PIPELINE = 4;
    /** How long a claim for a move to another queue holds before someone else may take the message. */
    static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(1);
    /** The pace a dry run assumes without a rate limit (the order of what {@code bench dlq} measures). */
    private static final double NOMINAL_RATE = 50_000;
    private static final int SAMPLE = 10;
    /** How long the end of a bulk operation waits for Redis to come back to record its counts. */
    private static final Duration RECORD_PATIENCE = Duration.ofMinutes(2);
    private static final Duration RECORD_RETRY = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final Engine engine;
    private final RedisConnection redis;
    private final DeadLetterIndex index;
    private final Ticker ticker;
    private final Previews previews;

    DeadLetters(Engine engine, Ticker ticker) {
        this.engine = engine;
        this.redis = engine.redis();
        this.index = new DeadLetterIndex(engine);
        this.previews = new Previews(redis, engine.keys());
        this.ticker = ticker;
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

    private static FailureGroup group(String queue, String fingerprint, Map<String, byte[]> f) {
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
        Queue q = engine.existingQueue(queue);
        Optional<Message> message = q.message(id);
        if (message.isEmpty()) {
            return Optional.empty();
        }
        QueueKeys keys = engine.keys().queue(queue);
        RedisFuture<List<KeyValue<String, byte[]>>> extra = redis.commands().hmget(keys.message(id),
                "errorClass", "group", "version", "editedBy", "editedAt", "editReason", "headers");
        RedisFuture<List<byte[]>> versions = redis.commands().lrange(keys.versions(id), 0, -1);
        List<TimelineEvent> timeline = q.timeline(id);
        List<AttemptError> errors = timeline.stream().filter(ErrorRecords::isError).map(ErrorRecords::fromEvent).toList();
        List<KeyValue<String, byte[]>> f = redis.await(extra);
        Message m = message.get();
        int version = (int) wholeNumber(value(f.get(2)));
        String editedBy = value(f.get(3));
        String editedAt = value(f.get(4));
        byte[] storedHeaders = f.get(6).getValueOrElse(null);
        // who made the current content, as the edit script records it for the version it replaces
        MessageVersion current = new MessageVersion(version, m.payload(), m.headers(), editedBy == null ? "original" : editedBy,
                editedAt == null ? m.enqueuedAt() : Instant.ofEpochMilli(wholeNumber(editedAt)),
                editedBy == null ? "" : Objects.requireNonNullElse(value(f.get(5)), ""));
        return Optional.of(new DeadLetterDetail(m, value(f.get(0)), value(f.get(1)), version, errors,
                versions(redis.await(versions)), timeline, current,
                Json.headersOrNull(storedHeaders) == null ? Replies.text(storedHeaders) : null));
    }

    /**
     * Earlier versions as the edit script stores them. Damaged entries are read as far as they go (a version whose
     * headers cannot be read has none), so one cannot hide the message.
     */
    private static List<MessageVersion> versions(List<byte[]> entries) {
        List<MessageVersion> versions = new ArrayList<>(entries.size() / 2);
        for (int i = 0; i + 1 < entries.size(); i += 2) {
            Map<String, Object> meta;
            try {
                meta = Objects.requireNonNullElse(Json.objectMap(entries.get(i)), Map.of());
            } catch (UncheckedIOException e) {
                meta = Map.of();
            }
            Map<String, String> headers = Json.headersOrNull(Replies.bytes(String.valueOf(meta.getOrDefault("headers", "{}"))));
            versions.add(new MessageVersion(meta.get("version") instanceof Number n ? n.intValue() : i / 2, entries.get(i + 1),
                    headers == null ? Map.of() : headers, String.valueOf(meta.getOrDefault("by", "")),
                    Instant.ofEpochMilli(meta.get("at") instanceof Number at ? at.longValue() : 0),
                    String.valueOf(meta.getOrDefault("why", ""))));
        }
        return versions;
    }

    /** A stored whole number; 0 when absent or damaged, so reading a message never fails on one field. */
    private static long wholeNumber(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
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
        engine.requireWritable();
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(headers, "headers");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("An edit needs a reason, for the message's history");
        }
        if (payload.length > engine.options().maxPayloadBytes()) {
            throw new PayloadTooLargeException(payload.length, engine.options().maxPayloadBytes());
        }
        Message current = engine.existingQueue(queue).message(id)
                .orElseThrow(() -> new IllegalStateException("There is no message " + id + " in queue " + queue));
        PayloadValidation.check(payload, headers, current);
        QueueKeys keys = engine.keys().queue(queue);
        long now = engine.options().clock().millis();
        List<Object> reply = Replies.list(Scripts.DLQ_EDIT.call(redis,
                List.of(keys.message(id), keys.events(id), keys.versions(id)),
                new Args().add(now).add(actor.name()).add(reason).add(expectedVersion).add(payload).add(Json.write(headers)).list()));
        String status = Replies.text(reply.get(0));
        switch (status) {
            case "ok", "conflict" -> { }
            case "claimed" -> throw new IllegalStateException("Message " + id + " is being replayed to another queue "
                    + "right now, so it cannot be edited; try again in a minute");
            // the second value is the message's state here, not a version
            default -> throw new IllegalStateException("Message " + id + " is no longer a dead letter (it is "
                    + (Replies.text(reply.get(1)).isEmpty() ? "gone" : Replies.text(reply.get(1))) + "), so it cannot be edited");
        }
        int version = (int) Replies.number(reply.get(1));
        Map<String, String> details = Map.of("queue", queue, "version", String.valueOf(version), "why", reason);
        if (status.equals("conflict")) {
            engine.audit().record(actor, AuditAction.EDIT, "message " + id + " in queue " + queue, 0, "failed: edit conflict", details);
            throw new EditConflictException(id, expectedVersion, version);
        }
        engine.audit().record(actor, AuditAction.EDIT, "message " + id + " in queue " + queue, 1, "ok", details);
        return version;
    }

    /** Makes an earlier version current again, as a new edit (so the version being replaced is kept too). */
    public int revert(String queue, String id, int toVersion, int expectedVersion, String reason, Actor actor) {
        engine.requireWritable();
        DeadLetterDetail detail = show(queue, id)
                .orElseThrow(() -> new IllegalStateException("There is no message " + id + " in queue " + queue));
        MessageVersion old = detail.versions().stream().filter(v -> v.version() == toVersion).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Message " + id + " has no earlier version " + toVersion));
        return edit(queue, id, expectedVersion, old.payload(), old.headers(),
                reason == null || reason.isBlank() ? "revert to version " + toVersion : reason, actor);
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
        engine.requireWritable();
        if (!operation.equals("replay") && !operation.equals("purge")) {
            throw new IllegalArgumentException("A dry run is for a replay or a purge, not '" + operation + "'");
        }
        List<Ref> refs = deadRefs(target);
        Map<String, String> conditions = target instanceof DeadLetterTarget.Matching m ? m.query().conditions() : Map.of();
        List<DeadLetter> sample = sample(refs, "dead");
        String destination = operation.equals("replay") ? (toQueue == null ? "their own queue" : "queue " + toQueue)
                : "the trash (restorable for " + engine.options().trashRetention().toHours() + " h)";
        return stored(operation, target.describe(), toQueue, conditions, refs, sample, destination, ratePerSecond);
    }

    /**
     * What restoring would do now: {@code idsByQueue} names purged messages per queue, an empty list standing for
     * that queue's whole trash. Kept like {@link #preview}, for {@link #restore(String, Actor)}.
     */
    public DryRun previewRestore(Map<String, List<String>> idsByQueue) {
        engine.requireWritable();
        List<Ref> refs = new ArrayList<>();
        List<String> wholeTrash = new ArrayList<>();
        idsByQueue.forEach((queue, ids) -> {
            engine.existingQueue(queue);
            if (ids.isEmpty()) {
                wholeTrash.add(queue);
                trashIds(engine.keys().queue(queue)).forEach(id -> refs.add(new Ref(queue, id)));
            } else {
                List<Ref> named = ids.stream().distinct().map(id -> new Ref(queue, id)).toList();
                List<DeadLetterIndex.Row> rows = index.rows(named, false, "trashed");
                for (int i = 0; i < named.size(); i++) {
                    if (rows.get(i) != null) refs.add(named.get(i));
                }
            }
        });
        String target = refs.size() == 1 ? "purged message " + refs.get(0).id() + " in queue " + refs.get(0).queue()
                : "purged dead letters of " + (idsByQueue.size() == 1 ? "queue " : "queues ") + String.join(", ", idsByQueue.keySet());
        Map<String, String> conditions = wholeTrash.isEmpty() ? Map.of() : Map.of("trash", String.join(",", wholeTrash));
        return stored("restore", target, null, conditions, refs, sample(refs, "trashed"),
                "the dead-letter queue, as they were before the purge", 0);
    }

    private DryRun stored(String operation, String target, String toQueue, Map<String, String> conditions, List<Ref> refs,
                          List<DeadLetter> sample, String destination, double ratePerSecond) {
        Instant now = engine.options().clock().instant();
        String id = previews.save(operation, target, toQueue, now, conditions, refs);
        double rate = ratePerSecond > 0 ? ratePerSecond : NOMINAL_RATE;
        return new DryRun(operation, target, refs.size(), sample, destination,
                Duration.ofMillis((long) Math.ceil(refs.size() * 1000 / rate)), id, now.plus(Previews.TTL));
    }

    /** The target's dead letters now: a query's matches, or those of the named ids that are still dead. */
    private List<Ref> deadRefs(DeadLetterTarget target) {
        List<Ref> refs = new ArrayList<>();
        if (target instanceof DeadLetterTarget.Ids ids) {
            List<Ref> named = ids.ids().stream().distinct().map(id -> new Ref(ids.queue(), id)).toList();
            List<DeadLetterIndex.Row> rows = index.rows(named, false);
            for (int i = 0; i < named.size(); i++) {
                if (rows.get(i) != null) refs.add(named.get(i));
            }
        } else {
            index.forEach(((DeadLetterTarget.Matching) target).query(), 10_000, refs::addAll, () -> false);
        }
        return refs;
    }

    private List<DeadLetter> sample(List<Ref> refs, String state) {
        return index.rows(refs.subList(0, Math.min(SAMPLE, refs.size())), false, state).stream()
                .filter(Objects::nonNull).map(DeadLetterIndex.Row::letter).toList();
    }

    /**
     * Dead letters that match a preview's target now but were not counted by it: they arrived after the dry run,
     * and the confirmed action leaves them alone.
     */
    private long arrivedSince(Previews.Stored preview) {
        Map<String, String> conditions = preview.conditions();
        if (conditions.isEmpty()) {
            return 0;  // ids named one by one: nothing new can match
        }
        List<Ref> now = new ArrayList<>();
        if (conditions.containsKey("trash")) {
            for (String queue : conditions.get("trash").split(",")) {
                trashIds(engine.keys().queue(queue)).forEach(id -> now.add(new Ref(queue, id)));
            }
        } else {
            index.forEach(DeadLetterQuery.fromConditions(conditions), 10_000, now::addAll, () -> false);
        }
        Set<Ref> counted = new HashSet<>(preview.refs());
        return now.stream().filter(r -> !counted.contains(r)).count();
    }

    /**
     * Starts replaying the target's dead letters as they are now, without a dry run (for scripts); returns, once
     * the target's ids are gathered (about a second for a million), with a handle to follow, pause, resume or
     * cancel the operation. Messages replayed more often than the engine's replay cap are refused (skipped).
     */
    public BulkOperation replay(DeadLetterTarget target, ReplayOptions options) {
        engine.requireWritable();
        return replay(allRefs(target), target.describe(), 0, null, options);
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
        long arrived = arrivedSince(preview);
        previews.delete(previewId);
        return replay(preview.refs(), preview.target(), arrived, previewId, chosen);
    }

    private BulkOperation replay(List<Ref> refs, String description, long arrived, String previewId, ReplayOptions options) {
        if (options.toQueue() != null) {
            engine.queue(options.toQueue());  // declares it, and checks the name
        }
        String destination = options.toQueue() == null ? "own queue" : "queue " + options.toQueue();
        Map<String, String> details = Map.of("to", destination, "resetAttempts", String.valueOf(options.resetAttempts()));
        return run("replay", description, refs, arrived, previewId, options.ratePerSecond(), options.actor(), details,
                options.toQueue() == null ? "their own queue" : "queue " + options.toQueue(), (queue, ids, acted) -> {
            if (options.toQueue() == null || options.toQueue().equals(queue)) {
                return replayInPlace(queue, ids, options, done -> acted.accept(queue, done));
            }
            long moved = 0;
            long skipped = 0;
            for (int from = 0; from < ids.size(); from += CHUNK) {
                BulkOperation.ChunkResult r = move(queue, options.toQueue(), ids.subList(from, Math.min(ids.size(), from + CHUNK)),
                        options, done -> acted.accept(options.toQueue(), done));
                moved += r.succeeded();
                skipped += r.skipped();
            }
            return new BulkOperation.ChunkResult(moved, skipped, 0);
        });
    }

    private BulkOperation.ChunkResult replayInPlace(String queue, List<String> ids, ReplayOptions options,
                                                    Consumer<List<String>> replayed) {
        QueueKeys keys = engine.keys().queue(queue);
        return pipelined(ids, part -> {
            Args args = new Args().add(engine.options().clock().millis()).add(keys.base()).add(options.actor().name())
                    .add(options.resetAttempts() ? 1 : 0).add(engine.options().maxReplays());
            part.forEach(args::add);
            return Scripts.DLQ_REPLAY.run(redis, List.of(keys.ready(), keys.dead()), args.list());
        }, replayed);
    }

    /** One script call in flight, with the ids it was sent. */
    private record InFlight(List<String> ids, CompletableFuture<Object> reply) { }

    /**
     * Sends one script call per {@link #CHUNK} ids, keeping {@link #PIPELINE} of them in flight (the next one goes
     * out as soon as the oldest answers), and adds up their per-id replies (1 = done), handing the done ids to
     * {@code done}.
     */
    private BulkOperation.ChunkResult pipelined(List<String> ids, Function<List<String>, CompletableFuture<Object>> call,
                                                Consumer<List<String>> done) {
        Deque<InFlight> inFlight = new ArrayDeque<>();
        long succeeded = 0;
        long skipped = 0;
        int from = 0;
        while (from < ids.size() || !inFlight.isEmpty()) {
            if (from < ids.size() && inFlight.size() < PIPELINE) {
                List<String> part = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                inFlight.add(new InFlight(part, call.apply(part)));
                from += CHUNK;
            } else {
                InFlight oldest = inFlight.removeFirst();
                List<Object> replies = Replies.list(redis.await(oldest.reply()));
                List<String> ok = new ArrayList<>(replies.size());
                for (int i = 0; i < replies.size(); i++) {
                    if (Replies.number(replies.get(i)) == 1) ok.add(oldest.ids().get(i));
                }
                succeeded += ok.size();
                skipped += replies.size() - ok.size();
                done.accept(ok);
            }
        }
        return new BulkOperation.ChunkResult(succeeded, skipped, 0);
    }

    /** Replays into another queue: claim in the source, write whole into the target, then remove from the source. */
    private BulkOperation.ChunkResult move(String from, String to, List<String> ids, ReplayOptions options,
                                           Consumer<List<String>> moved) {
        QueueKeys source = engine.keys().queue(from);
        QueueKeys target = engine.keys().queue(to);
        long now = engine.options().clock().millis();
        String token = UUID.randomUUID().toString();
        Args claim = new Args().add(now).add(source.base()).add(token).add(now + CLAIM_TIMEOUT.toMillis())
                .add(engine.options().maxReplays());
        ids.forEach(claim::add);
        List<Object> reply = Replies.list(Scripts.DLQ_CLAIM.call(redis, List.of(source.dead()), claim.list()));
        List<ArchivedMessage> claimed = new ArrayList<>();
        long skipped = 0;
        long refused = 0;
        int i = 0;
        while (i < reply.size()) {
            String id = Replies.text(reply.get(i));
            long status = Replies.number(reply.get(i + 1));
            i += 2;
            if (status != 1) {
                if (status == 0) skipped++; else refused++;
                continue;
            }
            ArchivedMessage m = ArchivedMessage.read(from, id, reply, i);
            i = m.end();
            claimed.add(m.replayedInto(to, now, options.actor().name(), options.resetAttempts()));
        }
        if (!claimed.isEmpty()) {
            adopt(target, claimed, now);
            Args finish = new Args().add(source.base()).add(token);
            claimed.forEach(m -> finish.add(m.id()));
            Scripts.DLQ_FINISH.call(redis, List.of(source.dead()), finish.list());
            moved.accept(claimed.stream().map(ArchivedMessage::id).toList());
        }
        return new BulkOperation.ChunkResult(claimed.size(), skipped + refused, 0);
    }

    /** Writes whole messages into a queue (ready or dead, as their state field says); existing ids are left alone. */
    long adopt(QueueKeys keys, List<ArchivedMessage> messages, long now) {
        Args args = new Args().add(now).add(keys.base()).add(messages.size());
        messages.forEach(m -> m.appendTo(args));
        List<Object> written = Replies.list(Scripts.DLQ_ADOPT.call(redis, List.of(keys.ready(), keys.dead()), args.list()));
        return written.stream().mapToLong(Replies::number).sum();
    }

    /**
     * Starts moving the target's dead letters, as they are now, to the trash, without a dry run (for scripts);
     * they can be restored until the trash retention ends.
     */
    public BulkOperation purge(DeadLetterTarget target, double ratePerSecond, Actor actor) {
        engine.requireWritable();
        return purge(allRefs(target), target.describe(), 0, null, ratePerSecond, actor);
    }

    /** Purges exactly the dead letters a {@link #preview dry run} counted that are still dead; see {@link #replay(String, ReplayOptions)}. */
    public BulkOperation purge(String previewId, double ratePerSecond, Actor actor) {
        engine.requireWritable();
        Previews.Stored preview = previews.load(previewId, "purge");
        long arrived = arrivedSince(preview);
        previews.delete(previewId);
        return purge(preview.refs(), preview.target(), arrived, previewId, ratePerSecond, actor);
    }

    private BulkOperation purge(List<Ref> refs, String description, long arrived, String previewId, double rate, Actor actor) {
        return run("purge", description, refs, arrived, previewId, rate, actor, Map.of(), "the trash", (queue, ids, acted) -> {
            QueueKeys keys = engine.keys().queue(queue);
            return pipelined(ids, part -> {
                Args args = new Args().add(engine.options().clock().millis()).add(keys.base()).add(actor.name());
                part.forEach(args::add);
                return Scripts.DLQ_PURGE.run(redis, List.of(keys.trash(), keys.dead()), args.list());
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
        List<String> targets = ids.isEmpty() ? trashIds(keys) : List.copyOf(ids);
        return restore(targets.stream().map(id -> new Ref(queue, id)).toList(), DeadLetterTarget.ids(queue, targets).describe(),
                0, null, actor);
    }

    /** Restores exactly the purged messages a {@link #previewRestore dry run} counted that are still in the trash. */
    public BulkOperation restore(String previewId, Actor actor) {
        engine.requireWritable();
        Previews.Stored preview = previews.load(previewId, "restore");
        long arrived = arrivedSince(preview);
        previews.delete(previewId);
        return restore(preview.refs(), preview.target(), arrived, previewId, actor);
    }

    private BulkOperation restore(List<Ref> refs, String description, long arrived, String previewId, Actor actor) {
        return run("restore", description, refs, arrived, previewId, 0, actor, Map.of(), "the dead-letter queue",
                (queue, chunk, acted) -> {
            QueueKeys keys = engine.keys().queue(queue);
            return pipelined(chunk, part -> {
                long now = engine.options().clock().millis();
                long cutoff = now - engine.policies().current(queue).deadLetterRetention().toMillis();
                Args args = new Args().add(now).add(keys.base()).add(actor.name()).add(cutoff);
                part.forEach(args::add);
                return Scripts.DLQ_RESTORE.run(redis, List.of(keys.trash(), keys.dead()), args.list());
            }, done -> { });
        });
    }

    private List<String> trashIds(QueueKeys keys) {
        List<String> ids = new ArrayList<>();
        for (byte[] id : redis.await(redis.commands().zrange(keys.trash(), 0, -1))) {
            ids.add(DeadLetterIndex.text(id));
        }
        return ids;
    }

    // ---- The runner behind every bulk operation

    @FunctionalInterface
    interface QueueChunkAction {
        /** Applies the action to ids of one queue, telling {@code acted} which messages it put where (for replays). */
        BulkOperation.ChunkResult apply(String queue, List<String> ids, BiConsumer<String, List<String>> acted);
    }

    /** The audit action of a bulk run named "replay", "purge" or "restore". */
    private static AuditAction audited(String action) {
        return AuditAction.fromStored(action).orElseThrow(() -> new IllegalArgumentException("Not audited: " + action));
    }

    private BulkOperation run(String action, String description, List<Ref> refs, long arrived, String previewId, double rate,
                              Actor actor, Map<String, String> details, String destination, QueueChunkAction perChunk) {
        // with a rate, chunks of a tenth of a second's worth, so the operation flows instead of coming in bursts;
        // without, a runner chunk of several pipelines' worth, so Redis seldom waits while the runner reports progress
        int chunkSize = rate > 0 ? (int) Math.max(1, Math.min(CHUNK * PIPELINE, rate / 10)) : CHUNK * PIPELINE * 4;
        ChunkFeed feed = new ChunkFeed(refs, chunkSize);
        String operationId = engine.operations().begin(action, description, actor, refs.size(), arrived, destination);
        // written first, so an operation that an outage (or a crash) cuts short still has its entry: who, what, how many
        Map<String, String> started = new LinkedHashMap<>(details);
        started.put("operation", operationId);
        engine.audit().record(actor, audited(action).started(), description, refs.size(), "started", started);
        BiConsumer<String, List<String>> acted = action.equals("replay")
                ? (queue, ids) -> engine.operations().replayed(operationId, queue, ids) : (queue, ids) -> { };
        Executor executor = runnable -> {
            Thread thread = new Thread(runnable, "redrive-" + action);
            thread.setDaemon(true);
            thread.start();
        };
        // the runner asks for a chunk and then applies it, in turn on one thread, so the feed's current queue is the chunk's
        // the audit entry is written by a listener, which sees the final progress before completion() completes:
        // a caller that closes the engine as soon as the operation is over must not lose the entry
        return BulkOperation.builder(action + " " + description, feed::next, ids -> perChunk.apply(feed.currentQueue(), ids, acted))
                .total(refs.size()).ratePerSecond(rate).ticker(ticker).id(operationId).leftAlone(arrived)
                .onProgress(p -> {
                    if (p.isDone()) {
                        Map<String, String> all = new LinkedHashMap<>(details);
                        all.put("skipped", String.valueOf(p.skipped()));
                        all.put("operation", operationId);
                        if (previewId != null) {
                            all.put("preview", previewId);
                            all.put("arrivedAfterPreview", String.valueOf(arrived));
                        }
                        // an operation that failed because Redis went away ends with its counts once Redis is back
                        whenRedisAnswers("the end of " + action + " " + operationId, () -> {
                            engine.operations().end(operationId, p);
                            engine.audit().record(actor, audited(action), description, p.succeeded(), outcome(p, arrived), all);
                        });
                    }
                })
                .start(executor);
    }

    /**
     * Runs a write, retrying while Redis is unreachable for up to {@link #RECORD_PATIENCE}; the operation's
     * completion waits for it, so a caller that closes the engine at the end does not lose the record.
     */
    private static void whenRedisAnswers(String what, Runnable write) {
        long deadline = System.nanoTime() + RECORD_PATIENCE.toNanos();
        while (true) {
            try {
                write.run();
                return;
            } catch (RedisUnavailableException e) {
                // unreachable, or restarted and still reading its data back
                if (System.nanoTime() > deadline) {
                    log.error("Could not record {} within {}: {}", what, RECORD_PATIENCE, e.getMessage());
                    return;
                }
                log.warn("Redis is not answering; recording {} when it is back: {}", what, e.getMessage());
                try {
                    Thread.sleep(RECORD_RETRY.toMillis());  // a pause between attempts, not a synchronisation
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static String outcome(BulkOperation.Progress p, long arrived) {
        String outcome = switch (p.state()) {
            case COMPLETED -> p.skipped() == 0 ? "ok" : "ok, " + p.skipped() + " skipped";
            case CANCELLED -> "cancelled after " + p.processed();
            default -> "failed: " + p.lastError();
        };
        return arrived == 0 ? outcome : outcome + "; " + arrivedSentence(arrived);
    }

    /** "6 new dead letters arrived after the preview and were not touched". */
    public static String arrivedSentence(long arrived) {
        return String.format("%,d new dead letter%s arrived after the preview and %s not touched", arrived,
                arrived == 1 ? "" : "s", arrived == 1 ? "was" : "were");
    }

    /** Every id a target names or matches now, dead or not: the scripts skip what is no longer dead. */
    private List<Ref> allRefs(DeadLetterTarget target) {
        if (target instanceof DeadLetterTarget.Ids ids) {
            return ids.ids().stream().map(id -> new Ref(ids.queue(), id)).toList();
        }
        List<Ref> refs = new ArrayList<>();
        index.forEach(((DeadLetterTarget.Matching) target).query(), 10_000, refs::addAll, () -> false);
        return refs;
    }

    /**
     * Hands a list of refs to the runner in chunks of one queue each. Ids of a query are gathered first (ids only,
     * about 30 bytes each), because acting on the messages moves them out of the index being walked.
     */
    private static final class ChunkFeed {
        private final List<Ref> refs;
        private final int chunkSize;
        private int next;
        private String currentQueue;

        ChunkFeed(List<Ref> refs, int chunkSize) {
            this.refs = refs;
            this.chunkSize = chunkSize;
        }

        /** The ids of the next chunk, all of one queue ({@link #currentQueue()}); empty at the end. */
        synchronized List<String> next() {
            if (next >= refs.size()) {
                return List.of();
            }
            currentQueue = refs.get(next).queue();
            int end = next;
            while (end < refs.size() && end - next < chunkSize && refs.get(end).queue().equals(currentQueue)) {
                end++;
            }
            List<String> chunk = refs.subList(next, end).stream().map(Ref::id).toList();
            next = end;
            return chunk;
        }

        synchronized String currentQueue() {
            return currentQueue;
        }
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
        ChunkFeed feed = new ChunkFeed(allRefs(target), CHUNK);
        for (List<String> chunk = feed.next(); !chunk.isEmpty(); chunk = feed.next()) {
            consumer.accept(feed.currentQueue(), chunk);
        }
    }

    private static String value(KeyValue<String, byte[]> kv) {
        byte[] v = kv.getValueOrElse(null);
        return v == null || v.length == 0 ? null : new String(v, StandardCharsets.UTF_8);
    }

    private static Instant millis(byte[] value) {
        return value == null ? null : Instant.ofEpochMilli(Replies.number(value));
    }
}
