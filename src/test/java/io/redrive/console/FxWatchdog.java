package io.redrive.console;

import javafx.application.Platform;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the JavaFX Application Thread. Every 5 ms it looks at what the thread is doing: a thread that waits
 * (on a lock, a future, a socket) anywhere but in its own event loop or its wait for the render thread is blocked,
 * and the longest such stretch is what the console's tests hold under 100 ms. It also notes how late a posted task
 * runs (the stall, which includes CSS, layout and drawing work on a busy machine), for the record.
 */
public final class FxWatchdog implements AutoCloseable {
    private static final long SAMPLE_NANOS = 5_000_000;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final AtomicLong longestBlockedNanos = new AtomicLong();
    private final AtomicLong longestStallNanos = new AtomicLong();
    private final Thread sampler;
    private final Thread pinger;
    private volatile boolean running = true;
    private volatile String blockedAt = "";
    private volatile long fxThreadId = -1;

    private FxWatchdog() {
        sampler = new Thread(this::sample, "fx-watchdog-sampler");
        pinger = new Thread(this::ping, "fx-watchdog-pinger");
        sampler.setDaemon(true);
        pinger.setDaemon(true);
    }

    public static FxWatchdog start() throws InterruptedException {
        FxWatchdog watchdog = new FxWatchdog();
        CountDownLatch found = new CountDownLatch(1);
        Platform.runLater(() -> {
            watchdog.fxThreadId = Thread.currentThread().getId();
            found.countDown();
        });
        found.await();
        watchdog.sampler.start();
        watchdog.pinger.start();
        return watchdog;
    }

    private void sample() {
        long blockedSince = 0;
        while (running) {
            ThreadInfo info = threads.getThreadInfo(fxThreadId, 40);
            long now = System.nanoTime();
            if (info != null && isBlocked(info)) {
                if (blockedSince == 0) {
                    blockedSince = now;
                }
                long blocked = now - blockedSince;
                if (blocked > longestBlockedNanos.get()) {
                    longestBlockedNanos.set(blocked);
                    blockedAt = stack(info);
                }
            } else {
                blockedSince = 0;
            }
            LockSupport.parkNanos(SAMPLE_NANOS);  // the sampling period, not synchronisation with the code under test
        }
    }

    /** Waiting, or in socket I/O, anywhere but the toolkit's own wait for the next event. */
    private static boolean isBlocked(ThreadInfo info) {
        StackTraceElement[] stack = info.getStackTrace();
        Thread.State state = info.getThreadState();
        boolean waiting = state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        boolean socket = stack.length > 0 && (stack[0].getClassName().startsWith("sun.nio.ch") || stack[0].getClassName().startsWith("java.net"));
        if (!waiting && !socket) {
            return false;
        }
        for (StackTraceElement frame : stack) {
            String c = frame.getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")) {
                continue;  // the JDK's waiting machinery: look at who called it
            }
            // the toolkit waiting for its next event is idle, not blocked
            return !c.startsWith("com.sun.glass") && !waitsForRenderThread(frame);
        }
        return true;
    }

    /**
     * The toolkit waiting for its render thread to draw: a pulse for the last frame to be finished, a node's
     * snapshot (ChartFX draws its dashed grid lines from one), or the render lock the render thread holds while it
     * draws (a window shown or hidden takes it), or a ChartFX renderer waiting for its own threads to compute a
     * series' screen coordinates in parallel. That is drawing, slow with software rendering on a busy machine,
     * which the stall counts; it is not the application waiting on a lock, a future or Redis.
     */
    private static boolean waitsForRenderThread(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.equals("com.sun.javafx.tk.quantum.PaintCollector")
                || c.startsWith("io.fair_acc.chartfx.renderer.")
                || (c.equals("com.sun.javafx.tk.quantum.QuantumToolkit")
                        && (frame.getMethodName().equals("renderToImage") || frame.getMethodName().equals("runWithRenderLock")));
    }

    private void ping() {
        while (running) {
            long posted = System.nanoTime();
            CountDownLatch ran = new CountDownLatch(1);
            Platform.runLater(() -> {
                longestStallNanos.accumulateAndGet(System.nanoTime() - posted, Math::max);
                ran.countDown();
            });
            try {
                ran.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    private static String stack(ThreadInfo info) {
        StringBuilder out = new StringBuilder(String.valueOf(info.getThreadState()));
        for (StackTraceElement frame : info.getStackTrace()) {
            out.append("\n\tat ").append(frame);
        }
        return out.toString();
    }

    /** The longest the FX thread was blocked (waiting outside its event loop), in milliseconds. */
    public double longestBlockedMillis() {
        return longestBlockedNanos.get() / 1e6;
    }

    /** Where the FX thread was during the longest block, for failure messages. */
    public String blockedAt() {
        return blockedAt;
    }

    /** The longest a posted task waited for the FX thread, CSS and layout work included, in milliseconds. */
    public double longestStallMillis() {
        return longestStallNanos.get() / 1e6;
    }

    /** Forgets what was measured so far (say, the window's first layout). */
    public void reset() {
        longestBlockedNanos.set(0);
        longestStallNanos.set(0);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        pinger.interrupt();
    }
}
