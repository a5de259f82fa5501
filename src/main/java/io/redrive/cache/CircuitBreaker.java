package io.redrive.cache;

import java.time.Clock;
import java.time.Duration;

/**
 * Keeps a sick Redis from slowing every cache call down. After a run of failures it opens, and calls skip Redis
 * (going straight to the loader) until the open time has passed; then one call at a time probes, and a success
 * closes it again.
 */
final class CircuitBreaker {
    /** Closed: Redis is used. Open: Redis is skipped. Half-open: a probe is under way. */
    enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final Duration openTime;
    private final Clock clock;
    private State state = State.CLOSED;
    private int failures;
    private long openedAt;
    private long opened;

    CircuitBreaker(int threshold, Duration openTime, Clock clock) {
        this.threshold = threshold;
        this.openTime = openTime;
        this.clock = clock;
    }

    /** Whether this call may use Redis. */
    synchronized boolean allow() {
        if (state == State.CLOSED) {
            return true;
        }
        if (state == State.OPEN && clock.millis() - openedAt >= openTime.toMillis()) {
            state = State.HALF_OPEN;
            return true;  // this caller is the probe
        }
        return false;
    }

    synchronized void success() {
        failures = 0;
        state = State.CLOSED;
    }

    synchronized void failure() {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            if (state != State.OPEN) {
                opened++;
            }
            state = State.OPEN;
            openedAt = clock.millis();
        }
    }

    /**
     * A call let through ended with no answer either way (its thread was interrupted). A probe is given back, so
     * the next call probes at once; otherwise nothing changes.
     */
    synchronized void abandon() {
        if (state == State.HALF_OPEN) {
            state = State.OPEN;
        }
    }

    synchronized State state() {
        return state;
    }

    /** How many times it has opened since the start. */
    synchronized long timesOpened() {
        return opened;
    }
}
