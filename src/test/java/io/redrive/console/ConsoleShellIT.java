package io.redrive.console;

import io.redrive.engine.NonRetryableException;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The window opens on a connection and its overview shows every queue's counts, live. */
class ConsoleShellIT extends ConsoleTestSupport {

    @Override
    protected void beforeWindow() {
        var engine = producer();
        var queue = engine.queue("invoices");
        for (int i = 0; i < 5; i++) {
            queue.enqueue(OutgoingMessage.json("{\"invoice\":" + i + "}"));
        }
        engine.queue("emails").enqueue(OutgoingMessage.of("hello"));
    }

    @Test
    void theOverviewListsEveryQueueWithItsCountsAndTheServerFacts() {
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            TableView<?> table = lookup("#queueTable").queryAs(TableView.class);
            assertThat(table.getItems()).hasSize(2);
        });
        TableView<?> table = lookup("#queueTable").queryAs(TableView.class);
        assertThat(table.getItems()).extracting("name").containsExactlyInAnyOrder("invoices", "emails");
        assertThat(lookup("#serverFacts").queryAs(Label.class).getText()).startsWith("Redis ");
        assertThat(lookup("#connectionState").queryAs(Label.class).getText()).startsWith("Connected to");
        javafx.stage.Stage stage = (javafx.stage.Stage) table.getScene().getWindow();
        assertThat(stage.getIcons()).as("the window's icon, the installers' own").singleElement()
                .satisfies(icon -> assertThat(icon.getWidth()).isEqualTo(256));
        assertThat(watchdog.longestBlockedMillis()).as("FX thread: longest time the FX thread was blocked, ms; it was at %s", watchdog.blockedAt()).isLessThan(100);
    }

    @Test
    void countsChangeLiveWhenMessagesDie() throws Exception {
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> lookup("#queueTable").queryAs(TableView.class).getItems().size() == 2);
        watchdog.reset();  // from here on: the live updates
        var engine = producer();
        try (Worker worker = engine.worker("invoices", d -> {
            throw new NonRetryableException("rejected by the ledger");
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).build())) {
            await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> engine.queue("invoices").counts().dead() == 5);
        }
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            TableView<?> table = lookup("#queueTable").queryAs(TableView.class);
            var invoices = table.getItems().stream().map(io.redrive.console.overview.QueueRow.class::cast)
                    .filter(r -> r.getName().equals("invoices")).findFirst().orElseThrow();
            assertThat(invoices.deadProperty().get()).isEqualTo(5);
            assertThat(invoices.readyProperty().get()).isZero();
        });
        assertThat(watchdog.longestBlockedMillis()).as("FX thread: longest time the FX thread was blocked, ms; it was at %s", watchdog.blockedAt()).isLessThan(100);
    }

    @Test
    void theUpkeepRunsInTheConsoleAndCanBeSwitchedOff() {
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> lookup("#workerStatus").queryAs(Label.class).getText().contains("running"));
        clickOn("#workerToggle");
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).until(() -> lookup("#workerStatus").queryAs(Label.class).getText().contains("off"));
        assertThat(lookup("#workerToggle").queryAs(ToggleButton.class).isSelected()).isFalse();
        assertThat(window.model().sessions().get(0).engine().upkeep().isRunning()).isFalse();
    }
}
