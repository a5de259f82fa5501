package io.redrive.ops;


import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
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
 * its own thread. The worker's loop is {@link ChunkWorker}; the counts, pause and cancel live in {@link BulkControl}.
 */
public final class BulkOperation {
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
    private final List<Consumer<Progress>> listeners;
    private final CompletableFuture<Progress> completion = new CompletableFuture<>();
    private final BulkControl control;
    private final ChunkWorker worker;

    private BulkOperation(Builder b) {
        this.name = b.name;
        this.id = b.id;
        this.leftAlone = b.leftAlone;
        this.control = new BulkControl(b.total, b.ratePerSecond, b.ticker);
        this.listeners = new CopyOnWriteArrayList<>(b.listeners);
        this.worker = new ChunkWorker(name, b.source, b.action, control, listeners, completion);
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
            executor.execute(operation.worker);
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
        return control.progress();
    }

    /** Starts no further chunk until {@link #resume()}; a chunk in progress finishes. No effect once ended. */
    public void pause() {
        control.pause();
    }

    /** Lets a paused operation go on. */
    public void resume() {
        control.resume();
    }

    /**
     * Stops the operation before its next chunk; a chunk in progress finishes and is counted, and a wait for the
     * rate limit is cut short. Works on a paused operation too. No effect once ended.
     */
    public void cancel() {
        control.cancel();
    }

    /** Whether {@link #cancel()} was called, even if the chunk in progress has not finished yet. */
    public boolean isCancelRequested() {
        return control.isCancelRequested();
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
}
