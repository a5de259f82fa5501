package io.redrive.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** How a {@link Worker} consumes. Immutable; start from {@link #defaults()} or {@link #builder()}. */
public final class WorkerOptions {
    private final int concurrency;
    private final int batchSize;
    private final Duration visibilityTimeout;
    private final Duration shutdownTimeout;
    private final Duration maxIdlePoll;
    private final List<Class<? extends Throwable>> nonRetryable;

    private WorkerOptions(Builder b) {
        if (b.concurrency < 1 || b.concurrency > 1024) {
            throw new IllegalArgumentException("Concurrency must be 1-1024, got " + b.concurrency);
        }
        if (b.batchSize < 1 || b.batchSize > 1000) {
            throw new IllegalArgumentException("Batch size must be 1-1000, got " + b.batchSize);
        }
        if (b.visibilityTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("Visibility timeout must be at least 100 ms, got " + b.visibilityTimeout);
        }
        this.concurrency = b.concurrency;
        this.batchSize = b.batchSize;
        this.visibilityTimeout = b.visibilityTimeout;
        this.shutdownTimeout = Objects.requireNonNull(b.shutdownTimeout);
        this.maxIdlePoll = Objects.requireNonNull(b.maxIdlePoll);
        this.nonRetryable = List.copyOf(b.nonRetryable);
    }

    public static WorkerOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder mutate() {
        return new Builder().concurrency(concurrency).batchSize(batchSize).visibilityTimeout(visibilityTimeout)
                .shutdownTimeout(shutdownTimeout).maxIdlePoll(maxIdlePoll).nonRetryable(nonRetryable);
    }

    /** How many handlers run at once. */
    public int concurrency() { return concurrency; }
    /** How many messages one lease fetches at most. */
    public int batchSize() { return batchSize; }
    /** How long a lease lasts unless the worker extends it; a crashed worker's messages return after this. */
    public Duration visibilityTimeout() { return visibilityTimeout; }
    /** How long {@link Worker#close()} waits for running handlers. */
    public Duration shutdownTimeout() { return shutdownTimeout; }
    /** The longest pause between polls of an empty queue. */
    public Duration maxIdlePoll() { return maxIdlePoll; }
    /** Exception types that dead-letter at once, besides {@link NonRetryableException}. */
    public List<Class<? extends Throwable>> nonRetryable() { return nonRetryable; }

    boolean isNonRetryable(Throwable error) {
        if (error instanceof NonRetryableException) {
            return true;
        }
        return nonRetryable.stream().anyMatch(type -> type.isInstance(error));
    }

    public static final class Builder {
        private int concurrency = 4;
        private int batchSize = 50;
        private Duration visibilityTimeout = Duration.ofSeconds(30);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private Duration maxIdlePoll = Duration.ofMillis(100);
        private List<Class<? extends Throwable>> nonRetryable = List.of();

        public Builder concurrency(int concurrency) { this.concurrency = concurrency; return this; }
        public Builder batchSize(int batchSize) { this.batchSize = batchSize; return this; }
        public Builder visibilityTimeout(Duration timeout) { this.visibilityTimeout = timeout; return this; }
        public Builder shutdownTimeout(Duration timeout) { this.shutdownTimeout = timeout; return this; }
        public Builder maxIdlePoll(Duration interval) { this.maxIdlePoll = interval; return this; }
        public Builder nonRetryable(List<Class<? extends Throwable>> types) { this.nonRetryable = types; return this; }

        public WorkerOptions build() {
            return new WorkerOptions(this);
        }
    }
}
