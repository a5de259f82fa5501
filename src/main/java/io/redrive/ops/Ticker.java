package io.redrive.ops;

/**
 * Monotonic time and a way to wait on it, for code that measures durations or paces itself. Wall time
 * ({@link java.time.Clock}) can jump when the system clock is set, so it is only for timestamps that are stored;
 * tests pass a ticker whose time moves only when they (or a sleep) move it.
 */
public interface Ticker {

    /** Nanoseconds from an arbitrary fixed origin; only differences between two readings mean anything. */
    long nanos();

    /**
     * Waits about {@code nanos} nanoseconds (not at all when zero or negative).
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void sleepNanos(long nanos) throws InterruptedException;

    /** The JVM's monotonic clock, {@link System#nanoTime()}, with a sleep that parks the thread. */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}
