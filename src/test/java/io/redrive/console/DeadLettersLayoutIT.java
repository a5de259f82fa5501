package io.redrive.console;

import io.redrive.engine.DeadLetter;
import io.redrive.engine.MessageVersion;
import io.redrive.engine.Engine;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.ops.Actor;
import javafx.geometry.Bounds;
import javafx.scene.control.Button;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
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
    void atTwelveEightyByEightHundredTheVersionsTabShowsItsRowsTheRevertButtonAndAOneLineTitle() {
        interact(() -> {
            Stage stage = (Stage) Window.getWindows().get(0);
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        TableView<DeadLetter> table = openDeadLetters();
        await().atMost(UI).until(() -> table.getItems().size() >= 30);
        DeadLetter letter = table.getItems().get(0);
        Engine engine = producer();
        for (int version = 0; version < 2; version++) {
            byte[] payload = ("{\"order\":\"edit " + version + "\"}").getBytes(StandardCharsets.UTF_8);
            engine.deadLetters().edit(letter.queue(), letter.id(), version, payload, Map.of(), "fix " + version, Actor.named("alice"));
        }
        Label title = lookup("#detailTitle").queryAs(Label.class);
        interact(() -> table.getSelectionModel().clearAndSelect(0));
        await().atMost(UI).until(() -> title.getText().contains(letter.id()) && title.getText().contains("version 2"));
        TabPane details = lookup("#detailTabs").queryAs(TabPane.class);
        interact(() -> details.getSelectionModel().select(details.getTabs().stream()
                .filter(t -> "versionsTab".equals(t.getId())).findFirst().orElseThrow()));
        @SuppressWarnings("unchecked")
        TableView<MessageVersion> versions = lookup("#versionsTable").queryAs(TableView.class);
        await().atMost(UI).until(() -> versions.getItems().size() == 3);
        interact(() -> versions.getSelectionModel().select(2));
        WaitForAsyncUtils.waitForFxEvents();

        int rows = fullyVisibleRows(versions);
        System.out.println("Version rows fully visible at 1280x800: " + rows);
        assertThat(rows).as("version rows drawn whole").isGreaterThanOrEqualTo(2);  // 0 with the button under the table
        Button revert = lookup("#revertButton").queryAs(Button.class);
        assertThat(revert.getText()).isEqualTo("Revert to version 0…");
        Bounds button = revert.localToScene(revert.getBoundsInLocal());
        Bounds pane = details.localToScene(details.getBoundsInLocal());
        assertThat(button.getMaxY()).as("the revert button inside the detail pane").isLessThanOrEqualTo(pane.getMaxY());
        assertThat(button.getMaxX()).isLessThanOrEqualTo(pane.getMaxX());
        assertThat(title.getHeight()).as("the title on one line").isLessThan(title.getFont().getSize() * 2);
        assertThat(title.getTooltip().getText()).isEqualTo(title.getText());
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
