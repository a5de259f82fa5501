package io.redrive.console;

import io.redrive.engine.DeadLetter;
import io.redrive.engine.Engine;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The dead-letters screen at 1280x800: how much of the table an operator sees. */
class DeadLettersLayoutIT extends ConsoleTestSupport {
    private static final Duration UI = Duration.ofSeconds(10);

    @Override
    protected void beforeWindow() {
        Engine engine = producer();
        Queue queue = engine.queue("orders");
        queue.updatePolicy(RetryPolicy.builder().maxAttempts(1).build());
        queue.enqueueAll(IntStream.range(0, 40).mapToObj(i -> OutgoingMessage.json("{\"order\":" + i + "}")).toList());
        try (Worker worker = engine.worker("orders", d -> {
            throw new IllegalStateException("payment gateway timed out for order " + d.id());
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).build())) {
            await().atMost(Duration.ofSeconds(15)).until(() -> queue.counts().dead() == 40);
        }
    }

    @Test
    void atTwelveEightyByEightHundredTheTableShowsAtLeastTwelveRows() {
        interact(() -> {
            Stage stage = (Stage) Window.getWindows().get(0);
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        TableView<DeadLetter> table = openDeadLetters();
        await().atMost(UI).until(() -> table.getItems().size() >= 30);
        int rows = fullyVisibleRows(table);
        System.out.println("Dead-letter rows fully visible at 1280x800: " + rows);
        assertThat(rows).isGreaterThanOrEqualTo(12);  // 7 before the filters took one row
    }

    @Test
    void theLessUsedFiltersWaitBehindMoreFiltersWhichCountsThoseInUse() {
        openDeadLetters();
        javafx.scene.control.ToggleButton more = lookup("#moreFilters").queryAs(javafx.scene.control.ToggleButton.class);
        javafx.scene.Node hidden = lookup("#moreFiltersBox").query();
        assertThat(hidden.isVisible()).isFalse();
        assertThat(more.getText()).isEqualTo("More filters");

        clickOn(more);
        assertThat(hidden.isVisible()).isTrue();
        clickOn("#filterPayloadText").write("order");
        clickOn("#filterMinAttempts").write("2");
        clickOn(more);

        assertThat(hidden.isVisible()).isFalse();
        assertThat(more.getText()).isEqualTo("More filters (2)");
    }

    @SuppressWarnings("unchecked")
    private TableView<DeadLetter> openDeadLetters() {
        await().ignoreExceptions().atMost(UI).until(() -> lookup("#screens").tryQuery().isPresent());
        TabPane screens = lookup("#screens").queryAs(TabPane.class);
        push(KeyCode.SHORTCUT, KeyCode.DIGIT2);
        await().atMost(UI).until(() -> "deadLettersTab".equals(screens.getSelectionModel().getSelectedItem().getId()));
        return lookup("#deadLetterTable").queryAs(TableView.class);
    }

    /** Rows drawn whole inside the table's scrolling area. */
    static int fullyVisibleRows(TableView<?> table) {
        VirtualFlow<?> flow = (VirtualFlow<?>) table.lookup(".virtual-flow");
        IndexedCell<?> first = flow.getFirstVisibleCell();
        IndexedCell<?> last = flow.getLastVisibleCell();
        if (first == null || last == null) {
            return 0;
        }
        int whole = 0;
        for (int i = first.getIndex(); i <= last.getIndex(); i++) {
            IndexedCell<?> cell = flow.getVisibleCell(i);
            if (cell != null && cell.getLayoutY() >= 0 && cell.getLayoutY() + cell.getHeight() <= flow.getHeight() + 0.5) {
                whole++;
            }
        }
        return whole;
    }
}
