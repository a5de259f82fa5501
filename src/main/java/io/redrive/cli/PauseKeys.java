package io.redrive.cli;

import io.redrive.ops.BulkOperation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.util.Locale;

/**
 * Pause and resume for a bulk operation running in the foreground, as the console's Pause button: the operator
 * types {@code p} and Enter, and the operation starts no further chunk (the one in progress finishes, since a chunk
 * is atomic) until {@code p} and Enter again. Only the process that runs an operation can pause it: the engine
 * keeps no pause switch in Redis, so there is no {@code pause ID} from another terminal.
 *
 * <p>The reader thread is a daemon: a read from a terminal cannot be interrupted, and it must not keep the JVM alive
 * once the command has said what it did.
 */
final class PauseKeys implements AutoCloseable {
    static final String HINT = "Type p and Enter to pause; Ctrl-C cancels after the chunk in progress.";

    private final BulkOperation operation;
    private final BufferedReader in;
    private final PrintWriter err;
    private final Thread reader;
    private volatile boolean closed;
    private boolean paused;

    private PauseKeys(BulkOperation operation, Reader in, PrintWriter err) {
        this.operation = operation;
        this.in = new BufferedReader(in);
        this.err = err;
        this.reader = new Thread(this::read, "redrive-pause-keys");
        reader.setDaemon(true);
    }

    /** Listens to {@code in} (the terminal) for {@code p} and Enter until the operation ends or this is closed. */
    static PauseKeys listen(BulkOperation operation, Reader in, PrintWriter err) {
        PauseKeys keys = new PauseKeys(operation, in, err);
        err.println(HINT);
        err.flush();
        keys.reader.start();
        return keys;
    }

    private void read() {
        try {
            String line;
            while ((line = in.readLine()) != null && !closed && !operation.progress().isDone()) {
                if (line.strip().toLowerCase(Locale.ROOT).equals("p")) {
                    toggle();
                }
            }
        } catch (IOException e) {
            // the terminal went away: nothing more to listen to, and the operation goes on as it was
        }
    }

    private synchronized void toggle() {
        if (closed || operation.progress().isDone()) {
            return;
        }
        paused = !paused;
        if (paused) {
            operation.pause();
        } else {
            operation.resume();
        }
        // a line of its own: the progress line redraws itself below it
        err.println();
        err.println(paused ? "Pausing after the chunk in progress. Type p and Enter to resume."
                : "Resumed.");
        err.flush();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
