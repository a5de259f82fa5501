package io.redrive.console.audit;

import io.redrive.console.ConsoleTestSupport;
import io.redrive.ops.Actor;
import io.redrive.ops.AuditAction;
import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditLog;
import javafx.scene.control.TableView;
import org.controlsfx.control.CheckComboBox;
import org.junit.jupiter.api.Test;
import org.testfx.matcher.control.LabeledMatchers;

import java.time.Duration;
import java.util.Map;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Audit screen's action filter checks several actions at once (ControlsFX's CheckComboBox). */
class AuditScreenIT extends ConsoleTestSupport {
    private static final Duration UI = Duration.ofSeconds(10);

    @Override
    protected void beforeWindow() {
        AuditLog audit = producer().audit();
        audit.record(Actor.named("alice"), AuditAction.REPLAY, "group 3fa9c2 in queue orders", 3, "ok", Map.of());
        audit.record(Actor.named("bob"), AuditAction.PURGE, "2 ids in queue orders", 2, "ok", Map.of());
        audit.record(Actor.named("carol"), AuditAction.KILL, "message m-1 in queue orders", 1, "ok", Map.of());
    }

    @Test
    void checkingTwoActionsShowsTheEntriesOfEitherAndClearShowsAllAgain() {
        await().atMost(UI).until(() -> lookup(".tab-pane .tab-label").match(LabeledMatchers.hasText("Audit")).tryQuery().isPresent());
        clickOn(lookup(".tab-pane .tab-label").match(LabeledMatchers.hasText("Audit")).queryLabeled());
        await().atMost(UI).untilAsserted(() -> assertThat(actions()).containsExactly("kill", "purge", "replay"));
        CheckComboBox<String> filter = lookup("#auditAction").queryAs(CheckComboBox.class);
        assertThat(filter.getTitle()).isEqualTo("Any action");

        check(filter, "replay");
        check(filter, "purge");  // both near the top of the list, so the robot needs no scrolling

        await().atMost(UI).untilAsserted(() -> assertThat(actions()).containsExactly("purge", "replay"));
        assertThat(filter.getTitle()).isEqualTo("replay, purge");

        clickOn("#auditClear");
        await().atMost(UI).untilAsserted(() -> assertThat(actions()).containsExactly("kill", "purge", "replay"));
        assertThat(filter.getCheckModel().getCheckedItems()).isEmpty();
        assertThat(filter.getTitle()).isEqualTo("Any action");
    }

    /** Opens the filter's list (unless it is open) and clicks the action's row, as an operator does. */
    private void check(CheckComboBox<String> filter, String action) {
        if (!rowShowing(action)) {
            clickOn(filter);
        }
        await().atMost(UI).until(() -> rowShowing(action));
        javafx.scene.Node box = lookup(".list-cell").match(LabeledMatchers.hasText(action)).queryLabeled().lookup(".check-box");
        clickOn(box);
    }

    private boolean rowShowing(String action) {
        return lookup(".list-cell").match(LabeledMatchers.hasText(action)).tryQuery()
                .filter(cell -> cell.getScene().getWindow().isShowing()).isPresent();
    }

    @SuppressWarnings("unchecked")
    private List<String> actions() {
        TableView<AuditEntry> table = lookup("#auditTable").queryAs(TableView.class);
        return table.getItems().stream().map(AuditEntry::action).toList();
    }
}
