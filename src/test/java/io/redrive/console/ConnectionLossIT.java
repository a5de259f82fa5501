package io.redrive.console;

import io.redrive.demo.EmbeddedRedis;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Losing Redis shows the banner without freezing the window; the connection comes back by itself. */
class ConnectionLossIT extends ConsoleTestSupport {
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
        watchdog.reset();

        server.stop();
        await().ignoreExceptions().atMost(Duration.ofSeconds(15)).until(banner::isVisible);
        assertThat(banner.getText()).contains("lost").contains("Reconnecting");
        assertThat(lookup("#connectionState").queryAs(Label.class).getText()).isEqualTo("Reconnecting…");

        server.restart();
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> !banner.isVisible());
        assertThat(lookup("#connectionState").queryAs(Label.class).getText()).startsWith("Connected");
        assertThat(watchdog.longestBlockedMillis()).as("FX thread while Redis was away: longest time the FX thread was blocked, ms; it was at %s", watchdog.blockedAt()).isLessThan(100);
    }
}
