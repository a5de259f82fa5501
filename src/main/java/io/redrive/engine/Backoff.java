package io.redrive.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before retry number n: {@code base × 2^(n−1)}, at most {@code cap}, minus up to
 * {@code jitter × delay} at random so that messages that failed together do not come back together.
 */
public final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final double jitter;

    private Backoff(Duration base, Duration cap, double jitter) {
        if (base.isNegative() || cap.isNegative()) {
            throw new IllegalArgumentException("Backoff base and cap must not be negative");
        }
        if (jitter < 0 || jitter > 1 || Double.isNaN(jitter)) {
            throw new IllegalArgumentException("Backoff jitter must be between 0 and 1, got " + jitter);
        }
        this.base = base;
        this.cap = cap;
        this.jitter = jitter;
    }

    /** Doubling delays from {@code base}, capped at six hours, without jitter. */
    public static Backoff exponential(Duration base) {
        return new Backoff(Objects.requireNonNull(base, "base"), Duration.ofHours(6), 0);
    }

    /** Retries at once; for tests and benchmarks. */
    public static Backoff none() {
        return new Backoff(Duration.ZERO, Duration.ZERO, 0);
    }

    public Backoff withCap(Duration cap) {
        return new Backoff(base, Objects.requireNonNull(cap, "cap"), jitter);
    }

    /** @param jitter the fraction of each delay that may be taken off at random, 0 to 1 */
    public Backoff withJitter(double jitter) {
        return new Backoff(base, cap, jitter);
    }

    public Duration base() { return base; }
    public Duration cap() { return cap; }
    public double jitter() { return jitter; }

    /** The delay before retry {@code n} (n = 1 after the first failed attempt) without jitter. */
    public Duration nominalDelay(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Retry number starts at 1, got " + n);
        }
        long baseMs = base.toMillis();
        long capMs = cap.toMillis();
        int shift = n - 1;
        long delay = (shift >= 62 || baseMs > (capMs >> Math.min(shift, 62))) ? capMs : baseMs << shift;
        return Duration.ofMillis(Math.min(delay, capMs));
    }

    /** The delay before retry {@code n}, with jitter drawn from {@code random} (uniform in [0, 1)). */
    public Duration delay(int n, DoubleSupplier random) {
        long nominal = nominalDelay(n).toMillis();
        return Duration.ofMillis(nominal - Math.round(nominal * jitter * random.getAsDouble()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Backoff b && base.equals(b.base) && cap.equals(b.cap) && jitter == b.jitter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, cap, jitter);
    }

    @Override
    public String toString() {
        return "exponential from " + base + ", cap " + cap + ", jitter " + jitter;
    }
}
