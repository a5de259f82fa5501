package io.redrive.engine;

import org.slf4j.Logger;

/**
 * Tracks a loop's run of Redis failures: logs the first one and the recovery instead of every retry, and grows
 * the pause between tries from 50 ms to 2 s.
 */
final class Outage {
    private final Logger log;
    private final String who;
    private int failures;

    Outage(Logger log, String who) {
        this.log = log;
        this.who = who;
    }

    synchronized void failed(RuntimeException e) {
        if (failures++ == 0) {
            log.warn("{}: Redis call failed, retrying until it answers: {}", who, e.getMessage());
        } else {
            log.debug("{}: Redis still failing ({} tries): {}", who, failures, e.getMessage());
        }
    }

    synchronized void over() {
        if (failures > 0) {
            log.info("{}: Redis answers again after {} failed tries", who, failures);
            failures = 0;
        }
    }

    synchronized long pauseNanos() {
        long millis = Math.min(2_000, 50L << Math.min(failures, 6));
        return millis * 1_000_000;
    }

    synchronized boolean ongoing() {
        return failures > 0;
    }
}
