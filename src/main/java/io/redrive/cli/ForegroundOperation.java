package io.redrive.cli;

import io.redrive.ops.BulkOperation;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * A bulk operation the command line waits for: a progress line on stderr, and Ctrl-C cancels it after the chunk
 * in progress (a chunk is atomic) instead of killing the JVM half-way. The JVM's exit waits until the command has
 * said what was done, which is why this is closed only after the summary is printed.
 */
final class ForegroundOperation implements AutoCloseable {
    private final BulkOperation operation;
    private final ProgressLine line;
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final CountDownLatch reported = new CountDownLatch(1);
    private final Thread hook;

    private ForegroundOperation(BulkOperation operation, PrintWriter err, String label) {
        this.operation = operation;
        this.line = new ProgressLine(err, label);
        this.hook = new Thread(() -> {
            operation.cancel();
            ShutdownHooks.stopAndWait(interrupted, reported);
        }, "redrive-cancel");
    }

    static ForegroundOperation start(BulkOperation operation, PrintWriter err, String label) {
        ForegroundOperation running = new ForegroundOperation(operation, err, label);
        Runtime.getRuntime().addShutdownHook(running.hook);
        operation.onProgress(running.line);
        return running;
    }

    /** Waits for the end and finishes the progress line. */
    BulkOperation.Progress await() throws InterruptedException {
        BulkOperation.Progress last = operation.await();
        line.finish(last);
        return last;
    }

    /** Whether Ctrl-C (or another shutdown of the JVM) cancelled the operation. */
    boolean interrupted() {
        return interrupted.getCount() == 0;
    }

    @Override
    public void close() {
        reported.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run; it returns now that the summary is out
        }
    }
}
