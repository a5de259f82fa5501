package io.redrive.ops;

import java.util.Objects;

/**
 * Paces a bulk operation to a number of permits (ids) per second, so that replaying a million dead letters
 * does not starve the workers that share the Redis.
 *
 * <p>A token bucket: permits accrue at the rate up to a small burst, and the bucket starts full. A request
 * larger than what is stored (even larger than the whole burst) is granted by taking the bucket into debt and
 * sleeping until the debt is paid, so a chunk of 500 at 100 per second waits about five seconds rather than
 * never fitting. Time comes from a {@link Ticker}, so tests advance fake time instead of waiting.
 *
 * <p>Thread-safe: concurrent callers queue behind each other's debt.
 */
final class RateLimiter {
    private static final double NANOS_PER_SECOND = 1_000_000_000.0;

    private final double permitsPerSecond;
    private final double burst;
    private final Ticker ticker;

    /** Permits on hand; below zero while a granted request is still being paid for. Guarded by this. */
    private double stored;
    /** When {@link #stored} was last brought up to date. Guarded by this. */
    private long refilledAt;

    /**
     * A limiter whose burst is a tenth of a second's worth of permits (at least one): small, so that an operation
     * that was idle or paused comes back at its rate instead of with a spike.
     *
     * @param permitsPerSecond the rate; zero, negative or infinite for no limit
     */
    RateLimiter(double permitsPerSecond, Ticker ticker) {
        this(permitsPerSecond, permitsPerSecond / 10, ticker);
    }

    /**
     * @param permitsPerSecond the rate; zero, negative or infinite for no limit
     * @param burst            permits that may be taken at once after an idle spell; held between one permit and
     *                         one second's worth
     */
    RateLimiter(double permitsPerSecond, double burst, Ticker ticker) {
        if (Double.isNaN(permitsPerSecond) || Double.isNaN(burst)) {
            throw new IllegalArgumentException("Rate and burst must be numbers, got " + permitsPerSecond + " and " + burst);
        }
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.permitsPerSecond = permitsPerSecond > 0 && !Double.isInfinite(permitsPerSecond) ? permitsPerSecond : 0;
        this.burst = Math.max(1, Math.min(burst, Math.max(1, this.permitsPerSecond)));
        this.stored = this.burst;
        this.refilledAt = ticker.nanos();
    }

    /** Whether this limiter lets everything through at once. */
    boolean isUnlimited() {
        return permitsPerSecond == 0;
    }

    /** The rate, or 0 when unlimited. */
    double permitsPerSecond() {
        return permitsPerSecond;
    }

    /** The most permits that can be taken without waiting. */
    double burst() {
        return burst;
    }

    /**
     * Blocks until {@code permits} may be used. Zero permits, or an unlimited rate, never waits.
     *
     * @throws InterruptedException if interrupted while waiting; the permits then count as taken, which only
     *                              slows later callers down, never lets them go faster than the rate
     */
    void acquire(int permits) throws InterruptedException {
        long waitNanos = reserve(permits);
        if (waitNanos > 0) {
            ticker.sleepNanos(waitNanos);
        }
    }

    /** Takes the permits now and says how long the caller must wait before using them. */
    private synchronized long reserve(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("Permits must not be negative, got " + permits);
        }
        if (isUnlimited() || permits == 0) {
            return 0;
        }
        long now = ticker.nanos();
        stored = Math.min(burst, stored + (now - refilledAt) * permitsPerSecond / NANOS_PER_SECOND);
        refilledAt = now;
        stored -= permits;
        // Sleeping pays the debt back: the refill on the next call credits exactly the time slept.
        return stored >= 0 ? 0 : (long) Math.ceil(-stored * NANOS_PER_SECOND / permitsPerSecond);
    }
}
