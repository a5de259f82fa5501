package io.redrive.console.deadletters;

import io.redrive.console.Styles;
import io.redrive.console.Words;
import io.redrive.engine.FailureGroup;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import static atlantafx.base.theme.Styles.TEXT_BOLD;
import static atlantafx.base.theme.Styles.TEXT_MUTED;
import static atlantafx.base.theme.Styles.TEXT_SMALL;

/** One failure group in the side panel: how many, which exception, an example error, and when it last struck. */
final class GroupCell extends ListCell<FailureGroup> {
    private final Label count = new Label();
    private final Label exception = new Label();
    private final Label queue = new Label();
    private final Label sample = new Label();
    private final Label seen = new Label();
    private final Tooltip tooltip = new Tooltip();
    private final VBox box;

    GroupCell() {
        count.getStyleClass().add(Styles.COUNT_DEAD);
        count.setMinWidth(Region.USE_PREF_SIZE);
        exception.getStyleClass().add(TEXT_BOLD);
        queue.getStyleClass().addAll(TEXT_MUTED, TEXT_SMALL);
        queue.setMinWidth(Region.USE_PREF_SIZE);
        sample.getStyleClass().add(TEXT_MUTED);
        // groups often differ only at the end of their error text: wrap it rather than cut it at the list's edge
        sample.setWrapText(true);
        sample.setMinHeight(Region.USE_PREF_SIZE);
        exception.setWrapText(true);
        exception.setMinWidth(0);
        seen.getStyleClass().addAll(TEXT_MUTED, TEXT_SMALL);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox top = new HBox(6, count, exception, gap, queue);
        box = new VBox(2, top, sample, seen);
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(600);
        tooltip.setShowDelay(Duration.millis(300));
        setPrefWidth(0);  // take the list's width, and cut long errors short instead of scrolling sideways
    }

    @Override
    protected void updateItem(FailureGroup group, boolean empty) {
        super.updateItem(group, empty);
        if (empty || group == null) {
            setGraphic(null);
            setTooltip(null);
            return;
        }
        count.setText(String.format("%,d", group.count()));
        String type = group.exceptionClass() == null ? "?" : group.exceptionClass();
        exception.setText(type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1));  // the simple name
        queue.setText(group.queue());
        sample.setText(group.sample() == null ? "" : DeadLettersViewModel.abbreviate(group.sample(), 400));
        seen.setText("last " + Words.time(group.lastSeen()) + " · first " + Words.time(group.firstSeen()));
        tooltip.setText(type + "\n\n" + (group.sample() == null ? "" : group.sample()) + "\n\nFingerprint " + group.fingerprint());
        setTooltip(tooltip);
        setGraphic(box);
    }
}
