package io.redrive.console;

import io.redrive.engine.Backoff;
import io.redrive.engine.DeadLetter;
import io.redrive.engine.Engine;
import io.redrive.engine.NonRetryableException;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A failure group that appears while the console is open shows on the Overview as a new group of its queue, and
 * clicking it opens the dead letters narrowed to that group: its letter only, not the queue's older group.
 */
class OverviewNewGroupIT extends ConsoleTestSupport {
    private static final Duration UI = Duration.ofSeconds(10);
    private Engine engine;

    @Override
    protected void beforeWindow() {
        engine = producer();
        engine.queue("orders").updatePolicy(RetryPolicy.builder().maxAttempts(1).backoff(Backoff.none()).build());
        kill(List.of("{\"order\":1}", "{\"order\":2}"), () -> new IllegalStateException("payment gateway timed out"));
    }

    @Test
    void aNewFailureGroupAppearsOnTheOverviewAndItsLinkOpensTheDeadLettersFilteredToIt() {
        await().atMost(UI).until(() -> newGroupLink("IllegalStateException (2)").isPresent());
        assertThat(newGroupLink("NonRetryableException")).isEmpty();

        String ledger = kill(List.of("{\"order\":3}"), () -> new NonRetryableException("ledger rejected it")).get(0);
        // the overview reads health every 10 s: the new group shows within one read
        await().atMost(Duration.ofSeconds(25)).until(() -> newGroupLink("NonRetryableException (1)").isPresent());

        clickOn(newGroupLink("NonRetryableException (1)").orElseThrow());

        TabPane screens = lookup("#screens").queryAs(TabPane.class);
        await().atMost(UI).until(() -> "deadLettersTab".equals(screens.getSelectionModel().getSelectedItem().getId()));
        @SuppressWarnings("unchecked")
        TableView<DeadLetter> table = lookup("#deadLetterTable").queryAs(TableView.class);
        await().atMost(UI).untilAsserted(() -> assertThat(table.getItems()).extracting(DeadLetter::id).containsExactly(ledger));
        assertThat(table.getItems().get(0).errorClass()).endsWith("NonRetryableException");
        // the overview's reads and the link's filtering never block the FX thread on Redis
        assertThat(watchdog.longestBlockedMillis()).as("at %s", watchdog.blockedAt()).isLessThan(100);
    }

    private Optional<Hyperlink> newGroupLink(String text) {
        return lookup("." + Styles.OVERVIEW_NEW_GROUP).queryAllAs(Hyperlink.class).stream()
                .filter(l -> l.getText().startsWith(text)).findFirst();
    }

    private List<String> kill(List<String> payloads, Supplier<RuntimeException> failure) {
        Queue queue = engine.queue("orders");
        long before = queue.counts().dead();
        List<String> ids = queue.enqueueAll(payloads.stream().map(OutgoingMessage::json).toList());
        try (Worker worker = engine.worker("orders", d -> {
            throw failure.get();
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).build())) {
            await().atMost(Duration.ofSeconds(15)).until(() -> queue.counts().dead() == before + payloads.size());
        }
        return ids;
    }
}
