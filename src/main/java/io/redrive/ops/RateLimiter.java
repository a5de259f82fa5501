package io.redrive.ops;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

import java.time.Duration;
import java.util.Objects;

/**
 * Paces a bulk operation to a number of permits (ids) per second, so that replaying a million dead letters
 * does not starve the workers that share the Redis.
 *
 * <p>A token bucket (Bucket4j's, with greedy refill): permits accrue at the rate up to a small burst, and the
 * bucket starts full. A request larger than what is stored (even larger than the whole burst) is granted by taking
 * the bucket into debt and sleeping until the debt is paid, so a chunk of 500 at 100 per second waits about five
 * seconds rather than never fitting. Bucket4j counts whole tokens, so one permit is {@link #TOKENS_PER_PERMIT}
 * tokens: rates and bursts below one per second stay exact. Time comes from a {@link Ticker}, so tests advance
 * fake time instead of waiting.
 *
 * <p>Thread-safe: concurrent callers queue behind each other's debt.
 */
final class RateLimiter {
    /** Tokens per permit, so that fractional rates (0.5 per second) and bursts (1.5) are whole token counts. */
    private static final long TOKENS_PER_PERMIT = 1_000;

    private final double permitsPerSecond;
    private final double burst;
    private final Ticker ticker;
    /** Null when unlimited. */
    private final Bucket bucket;

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
        this.bucket = isUnlimited() ? null : bucket(this.permitsPerSecond, this.burst, ticker);
    }

    private static Bucket bucket(double permitsPerSecond, double burst, Ticker ticker) {
        long capacity = Math.round(burst * TOKENS_PER_PERMIT);
        long tokensPerSecond = Math.max(1, Math.round(permitsPerSecond * TOKENS_PER_PERMIT));
        Bandwidth limit = Bandwidth.builder().capacity(capacity)
                .refillGreedy(tokensPerSecond, Duration.ofSeconds(1)).initialTokens(capacity).build();
        return Bucket.builder().addLimit(limit).withCustomTimePrecision(new TickerTime(ticker)).build();
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
        if (permits < 0) {
            throw new IllegalArgumentException("Permits must not be negative, got " + permits);
        }
        if (isUnlimited() || permits == 0) {
            return;
        }
        // takes the permits now, into debt if need be, and says how long to wait before using them
        long waitNanos = bucket.consumeIgnoringRateLimits(permits * TOKENS_PER_PERMIT);
        if (waitNanos > 0) {
            ticker.sleepNanos(waitNanos);
        }
    }

    /** Bucket4j's clock, read from the limiter's ticker (monotonic, not wall time). */
    private record TickerTime(Ticker ticker) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            return ticker.nanos();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }
}
