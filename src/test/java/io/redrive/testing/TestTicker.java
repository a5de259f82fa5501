package io.redrive.testing;

import io.redrive.ops.Ticker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Monotonic time that stands still until a test moves it; a sleep moves it by the time asked and returns at once. */
public final class TestTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong sleeps = new AtomicLong();
    private final AtomicLong sleptNanos = new AtomicLong();

    public void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Override
    public long nanos() {
        return nanos.get();
    }

    @Override
    public void sleepNanos(long n) {
        if (n > 0) {
            sleeps.incrementAndGet();
            sleptNanos.addAndGet(n);
            nanos.addAndGet(n);
        }
    }

    /** How many times something slept. */
    public long sleeps() {
        return sleeps.get();
    }

    /** How long all sleeps took together. */
    public Duration slept() {
        return Duration.ofNanos(sleptNanos.get());
    }
}
