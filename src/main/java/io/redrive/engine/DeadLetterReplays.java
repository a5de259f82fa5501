package io.redrive.engine;

import io.redrive.engine.DeadLetterIndex.Ref;
import io.redrive.ops.BulkOperation;
import io.redrive.redis.Args;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.Replies;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static io.redrive.engine.DeadLetters.CHUNK;
import static io.redrive.engine.DeadLetters.CLAIM_TIMEOUT;

/**
 * Replays dead letters: in place (back to their own queue's ready list) or into another queue (claim in the
 * source, write whole into the target, then remove from the source), and writes whole messages into a queue.
 */
final class DeadLetterReplays {
    private final Engine engine;
    private final RedisConnection redis;
    private final DeadLetterRuns runs;

    DeadLetterReplays(Engine engine, DeadLetterRuns runs) {
        this.engine = engine;
        this.redis = engine.redis();
        this.runs = runs;
    }

    BulkOperation replay(List<Ref> refs, String description, long arrived, String previewId, ReplayOptions options) {
        if (options.toQueue() != null) {
            engine.queue(options.toQueue());  // declares it, and checks the name
        }
        String destination = options.toQueue() == null ? "own queue" : "queue " + options.toQueue();
        Map<String, String> details = Map.of("to", destination, "resetAttempts", String.valueOf(options.resetAttempts()));
        return runs.run("replay", description, refs, arrived, previewId, options.ratePerSecond(), options.actor(), details,
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
        return runs.pipelined(ids, part -> {
            long now = engine.options().clock().millis();
            Args args = new Args().add(now).add(keys.base()).add(options.actor().name())
                    .add(options.resetAttempts() ? 1 : 0).add(engine.options().maxReplays()).add(engine.metricsTtlSeconds());
            part.forEach(args::add);
            return Scripts.DLQ_REPLAY.run(redis, List.of(keys.ready(), keys.dead(), keys.metrics(now / 60_000)), args.list());
        }, replayed);
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

}
