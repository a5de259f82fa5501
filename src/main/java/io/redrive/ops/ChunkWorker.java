package io.redrive.ops;

import io.redrive.ops.BulkOperation.ChunkAction;
import io.redrive.ops.BulkOperation.ChunkResult;
import io.redrive.ops.BulkOperation.ChunkSource;
import io.redrive.ops.BulkOperation.Progress;
import io.redrive.ops.BulkOperation.State;
import io.redrive.redis.DamagedKeyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The worker loop of one {@link BulkOperation}: reads a chunk, waits for the rate limit, applies the chunk, counts
 * it and tells the listeners, until the source runs dry, the operation is cancelled or something throws. It runs
 * as one task on the operation's executor; the counts and the steering live in {@link BulkControl}.
 */
final class ChunkWorker implements Runnable {
    // logged under the operation's name, where operators have always looked for it
    private static final Logger log = LoggerFactory.getLogger(BulkOperation.class);

    private final String name;
    private final ChunkSource source;
    private final ChunkAction action;
    private final BulkControl control;
    private final List<Consumer<Progress>> listeners;
    private final CompletableFuture<Progress> completion;

    // Touched by the worker thread only.
    private long chunksRead;
    private State lastPublished = State.RUNNING;

    ChunkWorker(String name, ChunkSource source, ChunkAction action, BulkControl control,
                List<Consumer<Progress>> listeners, CompletableFuture<Progress> completion) {
        this.name = name;
        this.source = source;
        this.action = action;
        this.control = control;
        this.listeners = listeners;
        this.completion = completion;
    }

    @Override
    public void run() {
        control.started();
        State end;
        Error fatal = null;
        try {
            end = runChunks();
        } catch (RuntimeException | Error e) {
            // A bug here or an Error in a callback: still end the operation, so nobody waits on it forever.
            end = failed("Bulk operation stopped unexpectedly", e);
            fatal = e instanceof Error error ? error : null;
        }
        finish(end);
        if (fatal != null) {
            throw fatal;
        }
    }

    /** Runs chunks until the operation ends and says how it ended. */
    private State runChunks() {
        while (true) {
            if (!awaitGoAhead()) {
                return State.CANCELLED;
            }
            long number = ++chunksRead;
            List<String> ids;
            try {
                ids = source.next();
            } catch (Exception e) {
                return failed("Reading chunk " + number + " failed", e);
            }
            if (ids == null) {
                return failed("Reading chunk " + number + " failed: the source returned null, not an empty list", null);
            }
            if (ids.isEmpty()) {
                return State.COMPLETED;
            }
            // Pause and cancel are looked at again after the wait, which may have been long.
            if (!control.acquirePermits(ids.size()) || !awaitGoAhead()) {
                return State.CANCELLED;
            }
            ChunkResult result;
            try {
                result = action.apply(ids);
            } catch (Exception e) {
                return failed("Chunk " + number + " failed", e);
            }
            if (result == null) {
                return failed("Chunk " + number + " failed: the action returned no result", null);
            }
            control.count(ids.size(), result);
            publish(control.progress());
        }
    }

    /** Waits while paused, telling listeners when the pause begins and ends; false once cancelled. */
    private boolean awaitGoAhead() {
        return control.awaitGoAhead(() -> {
            if (lastPublished != State.PAUSED) {
                publish(control.progress());
            }
        }, () -> publish(control.progress()));
    }


    private State failed(String what, Throwable cause) {
        // a damaged key is already told in a sentence; other failures keep their class name as a clue
        String message = cause == null ? what : cause instanceof DamagedKeyException ? what + ": " + cause.getMessage()
                : what + ": " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        log.warn("Bulk operation '{}' failed: {}", name, message, cause);
        control.failedBecause(message);
        return State.FAILED;
    }

    private void finish(State end) {
        Progress last = control.finish(end);
        log.info("Bulk operation '{}' {}: {} processed ({} succeeded, {} skipped, {} failed) in {}", name,
                end.name().toLowerCase(Locale.ROOT), last.processed(), last.succeeded(), last.skipped(), last.failed(),
                last.elapsed());
        publish(last);
        completion.complete(last);
    }

    private void publish(Progress progress) {
        lastPublished = progress.state();
        for (Consumer<Progress> listener : listeners) {
            try {
                listener.accept(progress);
            } catch (RuntimeException e) {
                // A broken progress bar must not stop a purge half-way.
                log.warn("A progress listener of bulk operation '{}' failed", name, e);
            }
        }
    }
}
