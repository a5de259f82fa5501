package io.redrive.console;

import io.redrive.demo.EmbeddedRedis;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a Redis that evicts any key when full, the console still connects, so an operator can see (and export) what
 * is there, but says why in a red banner and stays read-only with no worker: nothing it does can be lost.
 */
class EvictingRedisConsoleIT extends ConsoleTestSupport {
    private static final Duration UI = Duration.ofSeconds(10);
    private static final EmbeddedRedis EVICTING = EmbeddedRedis.startWith("--maxmemory", "20mb", "--maxmemory-policy", "allkeys-lru");
    private Queue orders;

    @AfterAll
    static void stopServer() {
        EVICTING.close();
    }

    @Override
    protected String redisUrl() {
        return EVICTING.url();
    }

    /** The test's own data goes in with the override: a producer that knows what it does. */
    @Override
    protected Engine producer() {
        Engine engine = Engine.connect(EngineOptions.builder().redisUrl(redisUrl()).keyPrefix(prefix).allowEvictingRedis(true)
                .upkeep(false).commandTimeout(Duration.ofSeconds(5)).build());
        engines.add(engine);
        return engine;
    }

    /** A retry that is due at once: a running upkeep would promote it within a tick. */
    @Override
    protected void beforeWindow() {
        orders = producer().queue("orders");
        orders.enqueue(OutgoingMessage.of("order 42").delay(Duration.ofMillis(1)));
    }

    @Test
    void anEvictingRedisShowsTheSentenceInARedBannerAndTheConnectionStaysReadOnly() {
        await().ignoreExceptions().atMost(UI).until(() -> lookup("#evictionBanner").tryQuery().isPresent()
                && lookup("#workerToggle").tryQuery().isPresent());
        Label banner = lookup("#evictionBanner").queryAs(Label.class);
        assertThat(banner.isVisible()).isTrue();
        assertThat(banner.getStyleClass()).contains(Styles.BANNER, Styles.BANNER_DANGER);
        assertThat(banner.getText()).isEqualTo("Redis at 127.0.0.1:" + EVICTING.port() + " evicts keys when full "
                + "(maxmemory-policy allkeys-lru): Redrive would lose messages. Set maxmemory-policy noeviction, or give "
                + "Redrive its own Redis; to run anyway, set ALLOW_EVICTING_REDIS=true / EngineOptions.allowEvictingRedis(true). "
                + "Until then this connection is read-only and runs no worker.");
        assertThat(lookup("#readOnlyBanner").queryAs(Label.class).isVisible()).isTrue();

        Session session = window.model().sessions().get(0);
        assertThat(session.readOnly()).isTrue();
        assertThat(lookup("#workerToggle").queryAs(ToggleButton.class).isDisabled()).isTrue();
        assertThat(session.engine().upkeep().isRunning()).isFalse();
        // reading still works: the overview lists the queue
        await().atMost(UI).until(() -> !lookup("#queueTable").queryAs(TableView.class).getItems().isEmpty());
        // and over several worker ticks (every 500 ms) the due retry stays where it is
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> orders.counts().scheduled() == 1);
    }

    @Test
    void withTheOverrideTheConnectionWritesAndTheBannerSaysItRunsAnyway() {
        ConnectionSettings target = new ConnectionSettings("evicting", redisUrl(), prefix, Environment.DEVELOPMENT, false);
        try (Session session = Session.open(target, Map.of("ALLOW_EVICTING_REDIS", "true"))) {
            assertThat(session.readOnly()).isFalse();
            assertThat(session.engine().upkeep().isRunning()).isTrue();
            assertThat(session.evictionWarning()).startsWith("Redis at 127.0.0.1:" + EVICTING.port() + " evicts keys when full")
                    .endsWith(" Running anyway: the override is set.");
        }
    }
}
