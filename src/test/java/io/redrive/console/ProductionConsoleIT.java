package io.redrive.console;

import io.redrive.ops.AuditQuery;
import io.redrive.engine.Engine;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A production connection is unmistakable and changes nothing by itself: its banner names it, and its background
 * retry worker stays off (a due retry stays where it is) until an operator switches it on, which the audit log
 * records. Elsewhere the worker runs from the start, unless the connection says otherwise.
 */
class ProductionConsoleIT extends ConsoleTestSupport {
    private static final Duration UI = Duration.ofSeconds(10);
    private Queue queue;

    @Override
    protected ConnectionSettings target() {
        return new ConnectionSettings("orders-prod", redisUrl(), prefix, Environment.PRODUCTION, false);
    }

    /** A retry that is due at once: any running upkeep promotes it to ready within a tick. */
    @Override
    protected void beforeWindow() {
        queue = producer().queue("orders");
        queue.enqueue(OutgoingMessage.of("order 42").delay(Duration.ofMillis(1)));
    }

    @Test
    void productionShowsItsBannerAndRunsNoWorkerUntilSwitchedOn() {
        await().ignoreExceptions().atMost(UI).until(() -> lookup("#environmentBanner").tryQuery().isPresent()
                && lookup("#workerToggle").tryQuery().isPresent());
        Label banner = lookup("#environmentBanner").queryAs(Label.class);
        assertThat(banner.isVisible()).isTrue();
        assertThat(banner.getText()).startsWith("PRODUCTION — ").contains(prefix).containsIgnoringCase("Production");
        assertThat(banner.getStyleClass()).contains(Styles.BANNER_PRODUCTION);

        Engine console = window.model().sessions().get(0).engine();
        ToggleButton toggle = lookup("#workerToggle").queryAs(ToggleButton.class);
        assertThat(toggle.isSelected()).isFalse();
        assertThat(toggle.getText()).isEqualTo("Worker: off");
        assertThat(lookup("#workerStatus").queryAs(Label.class).getText()).contains("off on production until switched on");
        assertThat(console.upkeep().isRunning()).isFalse();
        // over several of the worker's ticks (every 500 ms), the due retry is not promoted
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> queue.counts().scheduled() == 1);
        assertThat(console.upkeep().lastTick()).isNull();

        clickOn("#workerToggle");

        await().atMost(UI).until(() -> queue.counts().ready() == 1 && queue.counts().scheduled() == 0);
        assertThat(console.upkeep().isRunning()).isTrue();
        await().atMost(UI).untilAsserted(() -> {
            assertThat(toggle.getText()).isEqualTo("Worker: on");
            assertThat(lookup("#workerStatus").queryAs(Label.class).getText()).startsWith("Background retry worker: running");
        });
        await().atMost(UI).untilAsserted(() -> assertThat(console.audit().list(AuditQuery.builder().action("worker-on").build()))
                .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("environment", "Production")));
    }

    @Test
    void developmentRunsTheWorkerFromTheStartUnlessTheConnectionSaysOff() {
        await().ignoreExceptions().atMost(UI).until(() -> lookup("#workerToggle").tryQuery().isPresent());
        TabPane connections = lookup("#connections").queryAs(TabPane.class);

        interact(() -> window.main().open(new ConnectionSettings("dev", redisUrl(), prefix, Environment.DEVELOPMENT, false)));
        await().atMost(UI).until(() -> connections.getTabs().size() == 2);  // its tab comes after its session
        Tab dev = connections.getTabs().get(1);
        assertThat(window.model().sessions().get(1).engine().upkeep().isRunning()).isTrue();
        assertThat(from(dev.getContent()).lookup("#environmentBanner").tryQuery()).as("development keeps the quiet tab tag").isEmpty();
        await().atMost(UI).untilAsserted(() -> assertThat(from(dev.getContent()).lookup("#workerToggle").queryAs(ToggleButton.class)
                .isSelected()).isTrue());

        interact(() -> window.main().open(new ConnectionSettings("dev-quiet", redisUrl(), prefix, Environment.DEVELOPMENT, false,
                WorkerStart.parse("off"))));
        await().atMost(UI).until(() -> connections.getTabs().size() == 3);
        Node quiet = connections.getTabs().get(2).getContent();
        assertThat(window.model().sessions().get(2).engine().upkeep().isRunning()).isFalse();
        assertThat(from(quiet).lookup("#workerToggle").queryAs(ToggleButton.class).isSelected()).isFalse();
        assertThat(from(quiet).lookup("#workerStatus").queryAs(Label.class).getText()).isEqualTo("Background retry worker: off");
    }
}
