package io.redrive.engine;

import io.lettuce.core.RedisFuture;
import io.redrive.engine.DeadLetterIndex.Ref;
import io.redrive.redis.Args;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

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

    private final Engine engine;
    private final RedisConnection redis;
    private final DeadLetterIndex index;
    private final Ticker ticker;

    DeadLetters(Engine engine, Ticker ticker) {
        this.engine = engine;
        this.redis = engine.redis();
        this.index = new DeadLetterIndex(engine);
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
        RedisFuture<List<io.lettuce.core.KeyValue<String, byte[]>>> extra =
                redis.commands().hmget(keys.message(id), "errorClass", "group", "version");
        RedisFuture<List<byte[]>> versions = redis.commands().lrange(keys.versions(id), 0, -1);
        List<TimelineEvent> timeline = q.timeline(id);
        List<AttemptError> errors = timeline.stream().filter(ErrorRecords::isError).map(ErrorRecords::fromEvent).toList();
        List<io.lettuce.core.KeyValue<String, byte[]>> f = redis.await(extra);
        return Optional.of(new DeadLetterDetail(message.get(), value(f.get(0)), value(f.get(1)),
                (int) Replies.number(f.get(2).getValueOrElse(null)), errors, versions(redis.await(versions)), timeline));
    }

    private static List<MessageVersion> versions(List<byte[]> entries) {
        List<MessageVersion> versions = new ArrayList<>(entries.size() / 2);
        for (int i = 0; i + 1 < entries.size(); i += 2) {
            Map<String, Object> meta = Json.objectMap(entries.get(i));
            versions.add(new MessageVersion(((Number) meta.get("version")).intValue(), entries.get(i + 1),
                    Json.stringMap(Replies.bytes(String.valueOf(meta.getOrDefault("headers", "{}")))),
                    String.valueOf(meta.get("by")), Instant.ofEpochMilli(((Number) meta.getOrDefault("at", 0)).longValue()),
                    String.valueOf(meta.getOrDefault("why", ""))));
        }
        return versions;
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
            engine.audit().record(actor, "edit", "message " + id + " in queue " + queue, 0, "failed: edit conflict", details);
            throw new EditConflictException(id, expectedVersion, version);
        }
        engine.audit().record(actor, "edit", "message " + id + " in queue " + queue, 1, "ok", details);
        return version;
    }

    /** Makes an earlier version current again, as a new edit (so the version being replaced is kept too). */
    public int revert(String queue, String id, int toVersion, int expectedVersion, String reason, Actor actor) {
        DeadLetterDetail detail = show(queue, id)
                .orElseThrow(() -> new IllegalStateException("There is no message " + id + " in queue " + queue));
        MessageVersion old = detail.versions().stream().filter(v -> v.version() == toVersion).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Message " + id + " has no earlier version " + toVersion));
        return edit(queue, id, expectedVersion, old.payload(), old.headers(),
                reason == null || reason.isBlank() ? "revert to version " + toVersion : reason, actor);
    }

    // ---- Recover

    /** What a bulk operation would do now; changes nothing. */
    public DryRun preview(String operation, DeadLetterTarget target, double ratePerSecond, String toQueue) {
        long count;
        List<DeadLetter> sample;
        if (target instanceof DeadLetterTarget.Ids ids) {
            List<DeadLetterIndex.Row> rows = index.rows(ids.ids().stream().map(id -> new Ref(ids.queue(), id)).toList(), false);
            List<DeadLetter> found = rows.stream().filter(Objects::nonNull).map(DeadLetterIndex.Row::letter).toList();
            count = found.size();
            sample = found.subList(0, Math.min(SAMPLE, found.size()));
        } else {
            DeadLetterQuery query = ((DeadLetterTarget.Matching) target).query();
            sample = index.page(query.mutate().limit(SAMPLE).build(), null).items();
            count = query.scans() ? countByScan(query) : index.total(query);
        }
        String destination = switch (operation) {
            case "replay" -> toQueue == null ? "their own queue" : "queue " + toQueue;
            case "purge" -> "the trash (restorable for " + engine.options().trashRetention().toHours() + " h)";
            default -> operation;
        };
        double rate = ratePerSecond > 0 ? ratePerSecond : NOMINAL_RATE;
        return new DryRun(operation, target.describe(), count, sample, destination,
                Duration.ofMillis((long) Math.ceil(count * 1000 / rate)));
    }

    private long countByScan(DeadLetterQuery query) {
        long[] n = {0};
        index.forEach(query, 10_000, refs -> n[0] += refs.size(), () -> false);
        return n[0];
    }

    /**
     * Starts replaying the target's dead letters; returns, once the target's ids are gathered (about a second for
     * a million), with a handle to follow, pause, resume or cancel the operation. Messages replayed more often than the engine's replay cap are refused (skipped).
     */
    public BulkOperation replay(DeadLetterTarget target, ReplayOptions options) {
        if (options.toQueue() != null) {
            engine.queue(options.toQueue());  // declares it, and checks the name
        }
        String destination = options.toQueue() == null ? "own queue" : "queue " + options.toQueue();
        return run("replay", target, options.ratePerSecond(), options.actor(), Map.of("to", destination,
                "resetAttempts", String.valueOf(options.resetAttempts())), (queue, ids) -> {
            if (options.toQueue() == null || options.toQueue().equals(queue)) {
                return replayInPlace(queue, ids, options);
            }
            long moved = 0;
            long skipped = 0;
            for (int from = 0; from < ids.size(); from += CHUNK) {
                BulkOperation.ChunkResult r = move(queue, options.toQueue(), ids.subList(from, Math.min(ids.size(), from + CHUNK)), options);
                moved += r.succeeded();
                skipped += r.skipped();
            }
            return new BulkOperation.ChunkResult(moved, skipped, 0);
        });
    }

    private BulkOperation.ChunkResult replayInPlace(String queue, List<String> ids, ReplayOptions options) {
        QueueKeys keys = engine.keys().queue(queue);
        return pipelined(ids, part -> {
            Args args = new Args().add(engine.options().clock().millis()).add(keys.base()).add(options.actor().name())
                    .add(options.resetAttempts() ? 1 : 0).add(engine.options().maxReplays());
            part.forEach(args::add);
            return Scripts.DLQ_REPLAY.run(redis, List.of(keys.ready(), keys.dead()), args.list());
        });
    }

    /**
     * Sends one script call per {@link #CHUNK} ids, keeping {@link #PIPELINE} of them in flight (the next one goes
     * out as soon as the oldest answers), and adds up their per-id replies (1 = done).
     */
    private BulkOperation.ChunkResult pipelined(List<String> ids, Function<List<String>, CompletableFuture<Object>> call) {
        Deque<CompletableFuture<Object>> inFlight = new ArrayDeque<>();
        long done = 0;
        long skipped = 0;
        int from = 0;
        while (from < ids.size() || !inFlight.isEmpty()) {
            if (from < ids.size() && inFlight.size() < PIPELINE) {
                inFlight.add(call.apply(ids.subList(from, Math.min(ids.size(), from + CHUNK))));
                from += CHUNK;
            } else {
                BulkOperation.ChunkResult r = tally(redis.await(inFlight.removeFirst()));
                done += r.succeeded();
                skipped += r.skipped();
            }
        }
        return new BulkOperation.ChunkResult(done, skipped, 0);
    }

    /** Replays into another queue: claim in the source, write whole into the target, then remove from the source. */
    private BulkOperation.ChunkResult move(String from, String to, List<String> ids, ReplayOptions options) {
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

    /** Starts moving the target's dead letters to the trash; they can be restored until the trash retention ends. */
    public BulkOperation purge(DeadLetterTarget target, double ratePerSecond, Actor actor) {
        return run("purge", target, ratePerSecond, actor, Map.of(), (queue, ids) -> {
            QueueKeys keys = engine.keys().queue(queue);
            return pipelined(ids, part -> {
                Args args = new Args().add(engine.options().clock().millis()).add(keys.base()).add(actor.name());
                part.forEach(args::add);
                return Scripts.DLQ_PURGE.run(redis, List.of(keys.trash(), keys.dead()), args.list());
            });
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

    /** Takes purged messages out of the trash, dead again as before; no ids means the queue's whole trash. */
    public BulkOperation restore(String queue, List<String> ids, Actor actor) {
        QueueKeys keys = engine.keys().queue(queue);
        List<String> targets = ids.isEmpty() ? trashIds(keys) : List.copyOf(ids);
        return run("restore", DeadLetterTarget.ids(queue, targets), 0, actor, Map.of(), (q, chunk) -> pipelined(chunk, part -> {
            long now = engine.options().clock().millis();
            long cutoff = now - engine.policies().current(queue).deadLetterRetention().toMillis();
            Args args = new Args().add(now).add(keys.base()).add(actor.name()).add(cutoff);
            part.forEach(args::add);
            return Scripts.DLQ_RESTORE.run(redis, List.of(keys.trash(), keys.dead()), args.list());
        }));
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
        BulkOperation.ChunkResult apply(String queue, List<String> ids);
    }

    private BulkOperation run(String action, DeadLetterTarget target, double rate, Actor actor,
                              Map<String, String> details, QueueChunkAction perChunk) {
        // with a rate, chunks of a tenth of a second's worth, so the operation flows instead of coming in bursts;
        // without, a runner chunk of several pipelines' worth, so Redis seldom waits while the runner reports progress
        int chunkSize = rate > 0 ? (int) Math.max(1, Math.min(CHUNK * PIPELINE, rate / 10)) : CHUNK * PIPELINE * 4;
        ChunkFeed feed = new ChunkFeed(target, chunkSize);
        long total = feed.total();
        Executor executor = runnable -> {
            Thread thread = new Thread(runnable, "redrive-" + action);
            thread.setDaemon(true);
            thread.start();
        };
        // the runner asks for a chunk and then applies it, in turn on one thread, so the feed's current queue is the chunk's
        // the audit entry is written by a listener, which sees the final progress before completion() completes:
        // a caller that closes the engine as soon as the operation is over must not lose the entry
        return BulkOperation.builder(action + " " + target.describe(), feed::next, ids -> perChunk.apply(feed.currentQueue(), ids))
                .total(total).ratePerSecond(rate).ticker(ticker)
                .onProgress(p -> {
                    if (p.isDone()) {
                        Map<String, String> all = new LinkedHashMap<>(details);
                        all.put("skipped", String.valueOf(p.skipped()));
                        engine.audit().record(actor, action, target.describe(), p.succeeded(), outcome(p), all);
                    }
                })
                .start(executor);
    }

    private static String outcome(BulkOperation.Progress p) {
        return switch (p.state()) {
            case COMPLETED -> p.skipped() == 0 ? "ok" : "ok, " + p.skipped() + " skipped";
            case CANCELLED -> "cancelled after " + p.processed();
            default -> "failed: " + p.lastError();
        };
    }

    /**
     * Hands a target to the runner in chunks of one queue each. Ids of a query are gathered first (ids only,
     * about 30 bytes each), because acting on the messages moves them out of the index being walked.
     */
    private final class ChunkFeed {
        private final List<Ref> refs = new ArrayList<>();
        private int next;

        private final int chunkSize;

        ChunkFeed(DeadLetterTarget target, int chunkSize) {
            this.chunkSize = chunkSize;
            if (target instanceof DeadLetterTarget.Ids ids) {
                ids.ids().forEach(id -> refs.add(new Ref(ids.queue(), id)));
            } else {
                index.forEach(((DeadLetterTarget.Matching) target).query(), 10_000, refs::addAll, () -> false);
            }
        }

        long total() {
            return refs.size();
        }

        private String currentQueue;

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

    private static BulkOperation.ChunkResult tally(Object reply) {
        long done = 0;
        long skipped = 0;
        for (Object r : Replies.list(reply)) {
            if (Replies.number(r) == 1) done++; else skipped++;
        }
        return new BulkOperation.ChunkResult(done, skipped, 0);
    }

    // ---- Export and import

    /**
     * Writes the target's dead letters as JSON Lines, one whole message a line; returns how many. {@code out} is
     * flushed but not closed.
     */
    public long export(DeadLetterTarget target, java.io.OutputStream out, Consumer<Long> progress) {
        return DeadLetterArchive.export(this, engine, target, out, progress);
    }

    /**
     * Imports a JSON Lines file written by {@link #export}: every line is checked first, and a malformed one
     * fails the import with its line number before anything is written. Messages whose id exists already are
     * skipped. {@code intoQueue} (nullable) sends everything into one queue instead of the queues in the file.
     *
     * @return how many messages were written
     */
    public long importFrom(java.nio.file.Path file, String intoQueue, Actor actor) {
        long written = DeadLetterArchive.importFrom(this, engine, file, intoQueue);
        engine.audit().record(actor, "import", file.getFileName() + (intoQueue == null ? "" : " into queue " + intoQueue),
                written, "ok", Map.of("file", file.toString()));
        return written;
    }

    /** Ids of a target, for export: chunks of one queue. */
    void forEachChunk(DeadLetterTarget target, java.util.function.BiConsumer<String, List<String>> consumer) {
        ChunkFeed feed = new ChunkFeed(target, CHUNK);
        for (List<String> chunk = feed.next(); !chunk.isEmpty(); chunk = feed.next()) {
            consumer.accept(feed.currentQueue(), chunk);
        }
    }

    private static String value(io.lettuce.core.KeyValue<String, byte[]> kv) {
        byte[] v = kv.getValueOrElse(null);
        return v == null || v.length == 0 ? null : new String(v, StandardCharsets.UTF_8);
    }

    private static Instant millis(byte[] value) {
        return value == null ? null : Instant.ofEpochMilli(Replies.number(value));
    }
}
