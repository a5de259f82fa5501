package io.redrive.console;

import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A read-only connection says so, runs no background worker, and disables what would write. */
class ReadOnlyConsoleIT extends ConsoleTestSupport {

    @Override
    protected ConnectionTarget target() {
        return new ConnectionTarget("prod-replica", redisUrl(), prefix, Environment.PRODUCTION, true);
    }

    @Test
    void aReadOnlyConnectionShowsItsBannerAndDisablesTheWorkerSwitch() {
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> lookup("#readOnlyBanner").tryQuery().isPresent());
        assertThat(lookup("#readOnlyBanner").queryAs(Label.class).isVisible()).isTrue();
        ToggleButton toggle = lookup("#workerToggle").queryAs(ToggleButton.class);
        assertThat(toggle.isDisabled()).isTrue();
        assertThat(toggle.getTooltip().getText()).isEqualTo(SessionContext.READ_ONLY_REASON);
        assertThat(window.model().sessions().get(0).engine().backgroundWorker().isRunning()).isFalse();
        assertThat(lookup("#environmentLabel").queryAs(Label.class).getText()).contains("Production").contains("read-only");
    }
}
