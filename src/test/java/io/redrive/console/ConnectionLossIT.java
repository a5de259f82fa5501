package io.redrive.console;

import io.redrive.console.charts.ChartPanel;
import io.redrive.demo.EmbeddedRedis;
import javafx.css.PseudoClass;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.stage.PopupWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Losing Redis shows the banner, with the real cause and how long ago, without freezing the window; every screen
 * follows (the worker waits, the cache screen's figures are stale, the dead-letter actions are off and say why);
 * the connection and every screen come back by themselves.
 */
class ConnectionLossIT extends ConsoleTestSupport {
    private static final List<String> BULK = List.of("#replayFilterButton", "#purgeFilterButton");
    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");
    private EmbeddedRedis server;

    @Override
    protected String redisUrl() {
        if (server == null) {
            server = EmbeddedRedis.startPersistent();
        }
        return server.url();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aLostConnectionShowsTheBannerAndRecoversByItself() {
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> lookup("#connectionState").queryAs(Label.class).getText().startsWith("Connected"));
        Label banner = lookup("#connectionLostBanner").queryAs(Label.class);
        assertThat(banner.isVisible()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> lookup("#workerStatus").tryQuery().isPresent()
                && lookup("#breakerState").tryQuery().isPresent() && lookup("#hitRatePanel").tryQuery().isPresent());
        Label worker = lookup("#workerStatus").queryAs(Label.class);
        Label breaker = lookup("#breakerState").queryAs(Label.class);
        ChartPanel hitRate = lookup("#hitRatePanel").queryAs(ChartPanel.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> breaker.getText().contains("Redis in use")
                && worker.getText().startsWith("Background retry worker: running"));
        BULK.forEach(id -> assertThat(lookup(id).queryAs(Control.class).isDisabled()).as(id).isFalse());
        watchdog.reset();

        server.stop();
        await().ignoreExceptions().atMost(Duration.ofSeconds(15)).until(banner::isVisible);
        assertThat(lookup("#connectionState").queryAs(Label.class).getText()).isEqualTo("Reconnecting…");
        // the cause is the reconnect's, not the ping's timeout; the age counts up
        await().atMost(Duration.ofSeconds(15)).until(() -> banner.getText().contains("connection refused"));
        assertThat(banner.getText()).doesNotContain("timed out").contains("Reconnecting by itself").containsPattern("lost \\d+ s ago, at ");
        String earlier = banner.getText();
        await().atMost(Duration.ofSeconds(5)).until(() -> !banner.getText().equals(earlier) && banner.getText().contains("connection refused"));

        assertThat(worker.getText()).isEqualTo("Background retry worker: waiting for Redis to come back");
        assertThat(breaker.getText()).doesNotContain("in use").contains("Redis cannot be reached since");
        assertThat(hitRate.getPseudoClassStates()).contains(STALE);
        assertThat(hitRate.staleProperty().get()).matches("Stale since \\d\\d:\\d\\d:\\d\\d");
        TabPane screens = lookup("#screens").queryAs(TabPane.class);
        interact(() -> screens.getSelectionModel().select(1));  // dead letters
        for (String id : BULK) {
            Control button = lookup(id).queryAs(Control.class);
            assertThat(button.isDisabled()).as(id).isTrue();
            assertThat(button.getTooltip().getText()).as(id).startsWith("Redis cannot be reached (connection refused");
        }
        Control purge = lookup("#purgeFilterButton").queryAs(Control.class);
        moveTo(purge);
        await().atMost(Duration.ofSeconds(10)).until(() -> lookup(".tooltip").match(n -> n instanceof Label label
                && label.getText().startsWith("Redis cannot be reached") && label.getScene().getWindow() instanceof PopupWindow popup
                && popup.isShowing() && popup.getOwnerNode() == purge).tryQuery().isPresent());
        moveTo("#connectionState");

        server.restart();
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> !banner.isVisible());
        assertThat(lookup("#connectionState").queryAs(Label.class).getText()).startsWith("Connected");
        BULK.forEach(id -> assertThat(lookup(id).queryAs(Control.class).isDisabled()).as(id).isFalse());
        assertThat(lookup("#purgeFilterButton").queryAs(Control.class).getTooltip().getText()).isEqualTo("Purge every dead letter the filters match, on every page");
        assertThat(hitRate.getPseudoClassStates()).doesNotContain(STALE);
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.getText().startsWith("Background retry worker: running")
                && breaker.getText().contains("Redis in use"));
        assertThat(watchdog.longestBlockedMillis()).as("FX thread while Redis was away: longest time the FX thread was blocked, ms; it was at %s", watchdog.blockedAt()).isLessThan(100);
    }
}
