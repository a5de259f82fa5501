package io.redrive.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Ctrl-C handling for long-running commands: the JVM must not exit before workers and servers are stopped. */
final class ShutdownHooks {
    private static final long CLEANUP_SECONDS = 30;

    private ShutdownHooks() {
    }

    /** Tells the command to stop, then holds the JVM's exit until it has cleaned up (or 30 s have passed). */
    static void stopAndWait(CountDownLatch stop, CountDownLatch cleanedUp) {
        stop.countDown();
        try {
            cleanedUp.await(CLEANUP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
