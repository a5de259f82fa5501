package io.redrive.ops;

import java.util.concurrent.locks.LockSupport;

/** {@link Ticker#system()}: {@link System#nanoTime()} and a sleep that parks the thread. */
enum SystemTicker implements Ticker {
    INSTANCE;

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public void sleepNanos(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        // parkNanos may return early (spuriously, or because of an interrupt), so look at why and park again
        // for whatever is left.
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            LockSupport.parkNanos(this, left);
        }
    }
}
