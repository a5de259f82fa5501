package io.redrive.engine;

import io.redrive.engine.DeadLetterIndex.Ref;
import io.redrive.ops.Actor;
import io.redrive.ops.AuditAction;
import io.redrive.ops.BulkOperation;
import io.redrive.ops.Ticker;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.RedisUnavailableException;
import io.redrive.redis.Replies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import static io.redrive.engine.DeadLetters.CHUNK;

/**
 * The runner behind every bulk operation on dead letters (replay, purge, restore): feeds their ids in chunks of
 * one queue, keeps script calls pipelined, records the operation and writes its audit entries at the start and
 * at the end, even when Redis was away meanwhile.
 */
final class DeadLetterRuns {
    /** Script calls a bulk operation keeps in flight at once, so Redis never waits for the next round trip. */
    private static final int PIPELINE = 4;
    /** How long the end of a bulk operation waits for Redis to come back to record its counts. */
    private static final Duration RECORD_PATIENCE = Duration.ofMinutes(2);
    private static final Duration RECORD_RETRY = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(DeadLetterRuns.class);

    private final Engine engine;
    private final RedisConnection redis;
    private final DeadLetterIndex index;
    private final Ticker ticker;

    DeadLetterRuns(Engine engine, DeadLetterIndex index, Ticker ticker) {
        this.engine = engine;
        this.redis = engine.redis();
        this.index = index;
        this.ticker = ticker;
    }

    @FunctionalInterface
    interface QueueChunkAction {
        /** Applies the action to ids of one queue, telling {@code acted} which messages it put where (for replays). */
        BulkOperation.ChunkResult apply(String queue, List<String> ids, BiConsumer<String, List<String>> acted);
    }

    /** The audit action of a bulk run named "replay", "purge" or "restore". */
    private static AuditAction audited(String action) {
        return AuditAction.fromStored(action).orElseThrow(() -> new IllegalArgumentException("Not audited: " + action));
    }

    BulkOperation run(String action, String description, List<Ref> refs, long arrived, String previewId, double rate,
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
        return arrived == 0 ? outcome : outcome + "; " + DeadLetters.arrivedSentence(arrived);
    }

    /** Every id a target names or matches now, dead or not: the scripts skip what is no longer dead. */
    List<Ref> allRefs(DeadLetterTarget target) {
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

    /** Ids of a target, for export: chunks of one queue. */
    void forEachChunk(DeadLetterTarget target, BiConsumer<String, List<String>> consumer) {
        ChunkFeed feed = new ChunkFeed(allRefs(target), CHUNK);
        for (List<String> chunk = feed.next(); !chunk.isEmpty(); chunk = feed.next()) {
            consumer.accept(feed.currentQueue(), chunk);
        }
    }

    /** One script call in flight, with the ids it was sent. */
    private record InFlight(List<String> ids, CompletableFuture<Object> reply) { }

    /**
     * Sends one script call per {@link #CHUNK} ids, keeping {@link #PIPELINE} of them in flight (the next one goes
     * out as soon as the oldest answers), and adds up their per-id replies (1 = done), handing the done ids to
     * {@code done}.
     */
    BulkOperation.ChunkResult pipelined(List<String> ids, Function<List<String>, CompletableFuture<Object>> call,
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
}
