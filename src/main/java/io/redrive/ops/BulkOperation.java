package io.redrive.ops;

import io.redrive.redis.DamagedKeyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One long bulk operation (replaying, purging or restoring up to millions of dead letters) and the handle to
 * watch and steer it.
 *
 * <p>How it runs: a worker takes the next chunk of ids from a {@link ChunkSource}, waits for the rate limit, and
 * hands the chunk to a {@link ChunkAction}, normally one Lua script, which makes the chunk the atomic unit of the
 * operation. Pause, resume and cancel are looked at between chunks only: a chunk that has started always runs to
 * its end and is counted. The operation ends {@link State#COMPLETED} when the source returns an empty chunk,
 * {@link State#CANCELLED} after {@link #cancel()}, and {@link State#FAILED} when the source or the action throws;
 * in every case {@link #completion()} completes normally with the final {@link Progress}, so callers read the
 * state rather than catch.
 *
 * <p>Durations are measured on a {@link Ticker} (monotonic time), which tests replace with a fake one. Nothing
 * here knows about Redis or the console: the console watches through {@link #onProgress(Consumer)} and hops to
 * its own thread.
 */
public final class BulkOperation {
    private static final Logger log = LoggerFactory.getLogger(BulkOperation.class);

    /** Where an operation is. The last three are final. */
    public enum State {
        /** Working through its chunks. */
        RUNNING,
        /** Asked to pause: starts no further chunk until resumed (one in progress still finishes). */
        PAUSED,
        /** Stopped by {@link BulkOperation#cancel()} before the source ran dry. */
        CANCELLED,
        /** The source ran dry and every chunk was applied. */
        COMPLETED,
        /** Stopped because the source or the action threw; see {@link Progress#lastError()}. */
        FAILED;

        /** Whether the operation has ended and will not change again. */
        public boolean isFinal() {
            return this == CANCELLED || this == COMPLETED || this == FAILED;
        }
    }

    /**
     * A snapshot of an operation's progress.
     *
     * @param total         the ids the operation expects to go through, or -1 when unknown
     * @param processed     the ids in the chunks applied so far
     * @param succeeded     the ids the action reported as done
     * @param skipped       the ids the action passed over, for example because they had gone already
     * @param failed        the ids the action could not apply (the operation goes on; see {@link State#FAILED}
     *                      for an operation that stopped)
     * @param state         where the operation is
     * @param elapsed       time spent running, not counting time paused
     * @param ratePerSecond ids processed per second of {@code elapsed}
     * @param remaining     the estimated time still to run, while it can be estimated (a known total and some
     *                      chunks done); zero once completed, empty once cancelled or failed
     * @param lastError     why the operation failed, or null
     */
    public record Progress(long total, long processed, long succeeded, long skipped, long failed, State state,
                           Duration elapsed, double ratePerSecond, Optional<Duration> remaining, String lastError) {
        public Progress {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(elapsed, "elapsed");
            Objects.requireNonNull(remaining, "remaining");
        }

        /** Whether the operation has ended. */
        public boolean isDone() {
            return state.isFinal();
        }

        /**
         * The share of the total processed, from 0 to 1, or -1 when the total is unknown (the value progress bars
         * take as "indeterminate").
         */
        public double fractionDone() {
            if (total < 0) {
                return -1;
            }
            return total == 0 ? 1 : Math.min(1, (double) processed / total);
        }
    }

    /** What the action did with one chunk. The counts normally add up to the chunk's size. */
    public record ChunkResult(long succeeded, long skipped, long failed) {
        public ChunkResult {
            if (succeeded < 0 || skipped < 0 || failed < 0) {
                throw new IllegalArgumentException("Chunk counts must not be negative, got " + succeeded + " succeeded, "
                        + skipped + " skipped, " + failed + " failed");
            }
        }

        public static ChunkResult allSucceeded(long count) {
            return new ChunkResult(count, 0, 0);
        }
    }

    /** Yields the ids of the next chunk. */
    @FunctionalInterface
    public interface ChunkSource {
        /** The next chunk's ids; an empty list when there are no more. Throwing fails the operation. */
        List<String> next() throws Exception;
    }

    /** Applies the operation to one chunk, as one atomic step where it can (one Lua script). */
    @FunctionalInterface
    public interface ChunkAction {
        /** Applies the operation to these ids. Throwing fails the operation; the chunk is then not counted. */
        ChunkResult apply(List<String> ids) throws Exception;
    }

    private final String name;
    private final String id;
    private final long leftAlone;
    private final long total;
    private final ChunkSource source;
    private final ChunkAction action;
    private final RateLimiter limiter;
    private final Ticker ticker;
    private final List<Consumer<Progress>> listeners;
    private final CompletableFuture<Progress> completion = new CompletableFuture<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition resumedOrCancelled = lock.newCondition();
    // Everything from here to the worker's own fields is guarded by lock.
    private boolean pauseRequested;
    private boolean cancelRequested;
    private State finalState;
    private long processed;
    private long succeeded;
    private long skipped;
    private long failed;
    private String lastError;
    private boolean started;
    private long startedAt;
    private boolean pausedNow;
    private long pausedSince;
    private long pausedNanos;
    private long endedAt;
    /** The worker while it sleeps for the rate limit, the only time cancel() may interrupt it. */
    private Thread waitingForPermits;
    private boolean interruptedByCancel;

    // Touched by the worker thread only.
    private long chunksRead;
    private State lastPublished = State.RUNNING;

    private BulkOperation(Builder b) {
        this.name = b.name;
        this.id = b.id;
        this.leftAlone = b.leftAlone;
        this.total = b.total;
        this.source = b.source;
        this.action = b.action;
        this.ticker = b.ticker;
        this.limiter = new RateLimiter(b.ratePerSecond, b.ticker);
        this.listeners = new CopyOnWriteArrayList<>(b.listeners);
    }

    /**
     * Starts an operation on {@code executor}. Shorthand for {@link #builder} with every setting given.
     *
     * @param total         the ids expected, or -1 when unknown; only used for the fraction done and the estimate
     * @param ratePerSecond the most ids per second; zero or negative for no limit
     */
    public static BulkOperation start(String name, long total, ChunkSource source, ChunkAction action,
                                      double ratePerSecond, Ticker ticker, Executor executor) {
        return builder(name, source, action).total(total).ratePerSecond(ratePerSecond).ticker(ticker).start(executor);
    }

    /** An operation to configure and then {@link Builder#start start} or {@link Builder#run run}. */
    public static Builder builder(String name, ChunkSource source, ChunkAction action) {
        return new Builder(name, source, action);
    }

    /** Settings of an operation not yet started. Defaults: total unknown, no rate limit, the system ticker. */
    public static final class Builder {
        private final String name;
        private final ChunkSource source;
        private final ChunkAction action;
        private long total = -1;
        private String id;
        private long leftAlone;
        private double ratePerSecond;
        private Ticker ticker = Ticker.system();
        private final List<Consumer<Progress>> listeners = new ArrayList<>();

        private Builder(String name, ChunkSource source, ChunkAction action) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("A bulk operation needs a name");
            }
            this.name = name;
            this.source = Objects.requireNonNull(source, "source");
            this.action = Objects.requireNonNull(action, "action");
        }

        /** The ids the operation expects to go through, or -1 when unknown. */
        public Builder total(long total) {
            if (total < -1) {
                throw new IllegalArgumentException("Total must be -1 (unknown) or more, got " + total);
            }
            this.total = total;
            return this;
        }

        /** The id under which the operation is recorded (see the engine's operations record); null when it is not. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** Items that match the operation's target now but were not in its preview, so it leaves them alone. */
        public Builder leftAlone(long count) {
            this.leftAlone = count;
            return this;
        }

        /** The most ids per second; zero or negative for no limit. */
        public Builder ratePerSecond(double ratePerSecond) {
            if (Double.isNaN(ratePerSecond)) {
                throw new IllegalArgumentException("Rate must be a number");
            }
            this.ratePerSecond = ratePerSecond;
            return this;
        }

        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Adds a listener that sees every event from the first one on; see {@link BulkOperation#onProgress}. */
        public Builder onProgress(Consumer<Progress> listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Starts the operation as one task on {@code executor} and returns its handle at once. */
        public BulkOperation start(Executor executor) {
            Objects.requireNonNull(executor, "executor");
            BulkOperation operation = new BulkOperation(this);
            executor.execute(operation::work);
            return operation;
        }

        /**
         * Runs the operation on the calling thread and returns its final progress. To cancel it from elsewhere
         * (a shutdown hook, say), {@link #start} it instead and {@link BulkOperation#await()} it.
         */
        public Progress run() {
            return start(Runnable::run).completion.join();
        }
    }

    public String name() {
        return name;
    }

    /** The id under which the operation is recorded (see the engine's operations record), or null. */
    public String id() {
        return id;
    }

    /**
     * Items that matched the operation's target when it was confirmed but arrived after its dry run, so it left
     * them alone (see the engine's DeadLetters#arrivedSentence).
     */
    public long leftAlone() {
        return leftAlone;
    }

    /** Where the operation is now. */
    public Progress progress() {
        lock.lock();
        try {
            return snapshot();
        } finally {
            lock.unlock();
        }
    }

    /** Starts no further chunk until {@link #resume()}; a chunk in progress finishes. No effect once ended. */
    public void pause() {
        lock.lock();
        try {
            if (finalState == null) {
                pauseRequested = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lets a paused operation go on. */
    public void resume() {
        lock.lock();
        try {
            pauseRequested = false;
            resumedOrCancelled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the operation before its next chunk; a chunk in progress finishes and is counted, and a wait for the
     * rate limit is cut short. Works on a paused operation too. No effect once ended.
     */
    public void cancel() {
        lock.lock();
        try {
            if (finalState != null) {
                return;
            }
            cancelRequested = true;
            resumedOrCancelled.signalAll();
            // Only a sleep for permits is interrupted, never a chunk: the lock keeps the worker from leaving the
            // sleep in between, and it clears the interrupt when it does.
            if (waitingForPermits != null && !interruptedByCancel) {
                interruptedByCancel = true;
                waitingForPermits.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #cancel()} was called, even if the chunk in progress has not finished yet. */
    public boolean isCancelRequested() {
        lock.lock();
        try {
            return cancelRequested;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Completes, always normally, with the final progress once the operation has ended. Each call returns a new
     * future: completing or cancelling it neither stops the operation nor affects other callers.
     */
    public CompletableFuture<Progress> completion() {
        return completion.copy();
    }

    /** Blocks until the operation has ended and returns its final progress. */
    public Progress await() throws InterruptedException {
        try {
            return completion.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Bulk operation '" + name + "' completed exceptionally", e.getCause());
        }
    }

    /**
     * Adds a listener called, on the operation's worker thread, after every chunk and when the operation pauses,
     * resumes or ends. It must be quick and must not block; UIs hop to their own thread. A listener added after
     * the start may miss the first events: add it with {@link Builder#onProgress} to see them all.
     */
    public BulkOperation onProgress(Consumer<Progress> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public String toString() {
        Progress p = progress();
        return "BulkOperation[" + name + ", " + p.state() + ", " + p.processed() + " of "
                + (p.total() < 0 ? "?" : p.total()) + "]";
    }

    private void work() {
        lock.lock();
        try {
            startedAt = ticker.nanos();
            started = true;
        } finally {
            lock.unlock();
        }
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
            if (!acquirePermits(ids.size()) || !awaitGoAhead()) {
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
            count(ids.size(), result);
            publish(progress());
        }
    }

    /** Waits while paused; says whether to go on (false once cancelled). */
    private boolean awaitGoAhead() {
        lock.lock();
        try {
            if (cancelRequested) {
                return false;
            }
            if (!pauseRequested) {
                return true;
            }
            pausedNow = true;
            pausedSince = ticker.nanos();
        } finally {
            lock.unlock();
        }
        if (lastPublished != State.PAUSED) {
            publish(progress());
        }
        boolean goOn;
        lock.lock();
        try {
            while (pauseRequested && !cancelRequested) {
                resumedOrCancelled.await();
            }
        } catch (InterruptedException e) {
            stopForInterrupt("while paused");
        } finally {
            pausedNanos += ticker.nanos() - pausedSince;
            pausedNow = false;
            goOn = !cancelRequested;
            lock.unlock();
        }
        if (goOn) {
            publish(progress());
        }
        return goOn;
    }

    /** Waits for the rate limit; false if the wait was cut short. */
    private boolean acquirePermits(int permits) {
        lock.lock();
        try {
            if (cancelRequested) {
                return false;
            }
            waitingForPermits = Thread.currentThread();
        } finally {
            lock.unlock();
        }
        boolean granted = false;
        try {
            limiter.acquire(permits);
            granted = true;
        } catch (InterruptedException e) {
            lock.lock();
            try {
                if (!interruptedByCancel) {
                    stopForInterrupt("waiting for the rate limit");
                }
            } finally {
                lock.unlock();
            }
        } finally {
            lock.lock();
            try {
                waitingForPermits = null;
                if (interruptedByCancel) {
                    // Ours, and it may have landed just after the sleep ended: the next chunk must not see it.
                    Thread.interrupted();
                    interruptedByCancel = false;
                }
            } finally {
                lock.unlock();
            }
        }
        return granted;
    }

    /**
     * Someone other than {@link #cancel()} interrupted the worker (an executor shutting down): stop as if
     * cancelled, say why, and keep the interrupt for the executor. Call with the lock held.
     */
    private void stopForInterrupt(String when) {
        cancelRequested = true;
        lastError = "Interrupted " + when;
        Thread.currentThread().interrupt();
    }

    private void count(int size, ChunkResult result) {
        lock.lock();
        try {
            processed += size;
            succeeded += result.succeeded();
            skipped += result.skipped();
            failed += result.failed();
        } finally {
            lock.unlock();
        }
    }

    private State failed(String what, Throwable cause) {
        // a damaged key is already told in a sentence; other failures keep their class name as a clue
        String message = cause == null ? what : cause instanceof DamagedKeyException ? what + ": " + cause.getMessage()
                : what + ": " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        log.warn("Bulk operation '{}' failed: {}", name, message, cause);
        lock.lock();
        try {
            lastError = message;
        } finally {
            lock.unlock();
        }
        return State.FAILED;
    }

    private void finish(State end) {
        Progress last;
        lock.lock();
        try {
            finalState = end;
            endedAt = ticker.nanos();
            pauseRequested = false;
            last = snapshot();
        } finally {
            lock.unlock();
        }
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

    /** Call with the lock held. */
    private Progress snapshot() {
        State state = finalState != null ? finalState : pauseRequested ? State.PAUSED : State.RUNNING;
        long elapsedNanos = 0;
        if (started) {
            long until = finalState != null ? endedAt : pausedNow ? pausedSince : ticker.nanos();
            elapsedNanos = Math.max(0, until - startedAt - pausedNanos);
        }
        double rate = elapsedNanos > 0 ? processed * 1e9 / elapsedNanos : 0;
        return new Progress(total, processed, succeeded, skipped, failed, state, Duration.ofNanos(elapsedNanos),
                rate, remaining(state, rate), lastError);
    }

    private Optional<Duration> remaining(State state, double rate) {
        if (state == State.COMPLETED) {
            return Optional.of(Duration.ZERO);
        }
        if (state.isFinal() || total < 0 || rate <= 0) {
            return Optional.empty();
        }
        long left = Math.max(0, total - processed);
        // A cast of a huge double saturates at Long.MAX_VALUE, about 292 years: fine for "a long time".
        return Optional.of(Duration.ofNanos((long) Math.ceil(left / rate * 1e9)));
    }
}
