package io.redrive.cache;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a sick Redis from slowing every cache call down. After a run of failures it opens, and calls skip Redis
 * (going straight to the loader) until the open time has passed; then one call at a time probes, and a success
 * closes it again. The cache's words over a Resilience4j circuit breaker.
 */
final class CircuitBreaker {
    /** Closed: Redis is used. Open: Redis is skipped. Half-open: a probe is under way. */
    enum State { CLOSED, OPEN, HALF_OPEN }

    /** Resilience4j wants a cause for each failure; the cache logs its own, so one stands for all. */
    private static final Exception REDIS_FAILED = new Exception("Redis call failed", null, false, false) {
    };

    private final io.github.resilience4j.circuitbreaker.CircuitBreaker breaker;
    private final AtomicLong opened = new AtomicLong();

    CircuitBreaker(int threshold, Duration openTime, Clock clock) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                // the last `threshold` calls all failed: that many failures in a row
                .slidingWindow(threshold, threshold, SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                // Resilience4j probes once the time is strictly after the wait; ours probes when it has passed
                .waitDurationInOpenState(openTime.minusNanos(1))
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock)
                .build();
        this.breaker = io.github.resilience4j.circuitbreaker.CircuitBreaker.of("cache", config);
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN) {
                opened.incrementAndGet();
            }
        });
    }

    /** Whether this call may use Redis; when it returns true, the call must end in success, failure or abandon. */
    boolean allow() {
        return breaker.tryAcquirePermission();
    }

    void success() {
        breaker.onSuccess(0, TimeUnit.NANOSECONDS);
    }

    void failure() {
        breaker.onError(0, TimeUnit.NANOSECONDS, REDIS_FAILED);
    }

    /**
     * A call let through ended with no answer either way (its thread was interrupted). A probe is given back, so
     * the next call probes at once; otherwise nothing changes.
     */
    void abandon() {
        breaker.releasePermission();
    }

    State state() {
        return switch (breaker.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> State.CLOSED;
            case HALF_OPEN -> State.HALF_OPEN;
            case OPEN, FORCED_OPEN -> State.OPEN;
        };
    }

    /** How many times it has opened since the start. */
    long timesOpened() {
        return opened.get();
    }
}
