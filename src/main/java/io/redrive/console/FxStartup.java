package io.redrive.console;

import javafx.application.Platform;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Starts the JavaFX toolkit without an Application, for the headless benchmarks and rendering tests. */
public final class FxStartup {
    private FxStartup() {
    }

    /**
     * Returns once the toolkit runs, starting it if nothing has yet; safe to call again. The toolkit stays up when
     * its last window closes, since callers open and close windows run after run.
     */
    public static void ensureStarted() {
        CountDownLatch started = new CountDownLatch(1);
        try {
            Platform.startup(started::countDown);
        } catch (IllegalStateException alreadyRunning) {
            started.countDown();
        }
        Platform.setImplicitExit(false);
        try {
            if (!started.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The JavaFX toolkit did not start within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the JavaFX toolkit", e);
        }
    }
}
