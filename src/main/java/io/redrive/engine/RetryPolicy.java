package io.redrive.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A queue's retry policy: how many attempts a message gets (the first delivery counts), the backoff between
 * them, and how long dead letters are kept. Immutable; change one with {@link #mutate()}.
 * Per-queue overrides live in Redis and reach every engine within a second ({@link Queue#updatePolicy}).
 */
public final class RetryPolicy {
    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration deadLetterRetention;

    private RetryPolicy(Builder b) {
        if (b.maxAttempts < 1) {
            throw new IllegalArgumentException("Max attempts must be at least 1, got " + b.maxAttempts);
        }
        if (b.deadLetterRetention.isNegative() || b.deadLetterRetention.isZero()) {
            throw new IllegalArgumentException("Dead-letter retention must be positive, got " + b.deadLetterRetention);
        }
        this.maxAttempts = b.maxAttempts;
        this.backoff = Objects.requireNonNull(b.backoff, "backoff");
        this.deadLetterRetention = b.deadLetterRetention;
    }

    /** The original design's defaults: 3 attempts, backoff from 60 s, dead letters kept 7 days. */
    public static RetryPolicy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder mutate() {
        return new Builder().maxAttempts(maxAttempts).backoff(backoff).deadLetterRetention(deadLetterRetention);
    }

    public int maxAttempts() { return maxAttempts; }
    public Backoff backoff() { return backoff; }
    public Duration deadLetterRetention() { return deadLetterRetention; }

    /** The nominal delays before each retry (jitter aside): one fewer than the attempts. */
    public List<Duration> retryDelays() {
        List<Duration> delays = new ArrayList<>();
        for (int n = 1; n < maxAttempts; n++) {
            delays.add(backoff.nominalDelay(n));
        }
        return delays;
    }

    /** How long a message that always fails waits in retries before it is dead-lettered (jitter aside). */
    public Duration timeUntilDeadLetter() {
        return retryDelays().stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryPolicy p && maxAttempts == p.maxAttempts && backoff.equals(p.backoff)
                && deadLetterRetention.equals(p.deadLetterRetention);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, backoff, deadLetterRetention);
    }

    @Override
    public String toString() {
        return maxAttempts + " attempts, backoff " + backoff + ", dead letters kept " + deadLetterRetention;
    }

    public static final class Builder {
        private int maxAttempts = 3;
        private Backoff backoff = Backoff.exponential(Duration.ofSeconds(60)).withJitter(0.1);
        private Duration deadLetterRetention = Duration.ofDays(7);

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = backoff;
            return this;
        }

        public Builder deadLetterRetention(Duration retention) {
            this.deadLetterRetention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}
