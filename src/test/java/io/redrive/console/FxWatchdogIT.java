package io.redrive.console;

import javafx.application.Platform;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The watchdog the console tests rely on does see a blocked FX thread, and does not mistake an idle one for it. */
class FxWatchdogIT {

    @Test
    void theWatchdogSeesTheFxThreadWaitingOnSomethingElse() throws Exception {
        FxToolkit.registerPrimaryStage();
        try (FxWatchdog watchdog = FxWatchdog.start()) {
            CountDownLatch never = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Platform.runLater(() -> {
                try {
                    never.await(300, TimeUnit.MILLISECONDS);  // what a blocking Redis call would look like
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.countDown();
            });
            done.await();
            assertThat(watchdog.longestBlockedMillis()).isGreaterThan(200);
            assertThat(watchdog.blockedAt()).contains("FxWatchdogIT");
        }
    }

    @Test
    void anIdleFxThreadIsNotBlocked() throws Exception {
        FxToolkit.registerPrimaryStage();
        try (FxWatchdog watchdog = FxWatchdog.start()) {
            CountDownLatch later = new CountDownLatch(1);
            later.await(300, TimeUnit.MILLISECONDS);  // let the sampler watch an idle thread for a while
            assertThat(watchdog.longestBlockedMillis()).isLessThan(20);
        }
    }
}
