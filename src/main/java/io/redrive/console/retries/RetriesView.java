package io.redrive.console.retries;

import io.redrive.console.DisabledTooltips;
import io.redrive.console.SessionContext;
import io.redrive.console.Styles;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;

import java.util.List;
import java.util.Set;

/** The Retries screen's controller: bindings, one-line handlers, and a refresh every few seconds while shown. */
public final class RetriesView {
    /** How often the table is read again while on screen. */
    static final Duration REFRESH_EVERY = Duration.seconds(3);

    private final RetriesViewModel model;
    private final Timeline ticker;
    /** True while the table's selection is being made to follow the model's. */
    private boolean following;

    @FXML private ComboBox<String> queue;
    @FXML private Label total;
    @FXML private Button retryNowButton;
    @FXML private Button killButton;
    @FXML private Label error;
    @FXML private TableView<ScheduledRow> table;
    @FXML private TableColumn<ScheduledRow, String> nextAttemptColumn;
    @FXML private TableColumn<ScheduledRow, Number> attemptsColumn;
    @FXML private TableColumn<ScheduledRow, String> lastErrorColumn;
    @FXML private TableColumn<ScheduledRow, String> enqueuedColumn;
    @FXML private TableColumn<ScheduledRow, String> idColumn;
    @FXML private Button previous;
    @FXML private Label page;
    @FXML private Button next;
    @FXML private Label status;
    @FXML private Label updated;

    public RetriesView(SessionContext context) {
        this.model = new RetriesViewModel(context);
        this.ticker = new Timeline(new KeyFrame(REFRESH_EVERY, e -> model.refresh()));
        ticker.setCycleCount(Timeline.INDEFINITE);
    }

    @FXML
    private void initialize() {
        queue.setItems(model.queues());
        queue.valueProperty().bindBidirectional(model.queueProperty());
        total.textProperty().bind(Bindings.createStringBinding(() -> model.queueProperty().get() == null ? ""
                : model.totalProperty().get() == 1 ? "1 message waits for a retry"
                : model.totalProperty().get() + " messages wait for a retry", model.totalProperty(), model.queueProperty()));
        total.getStyleClass().add(Styles.COUNT_SCHEDULED);

        table.setItems(model.rows());
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<ScheduledRow>) change -> {
            if (!following) {
                model.select(List.copyOf(table.getSelectionModel().getSelectedItems()));
            }
        });
        model.selected().addListener((ListChangeListener<ScheduledRow>) change -> followSelection());
        nextAttemptColumn.setCellValueFactory(c -> c.getValue().nextAttemptProperty());
        attemptsColumn.setCellValueFactory(c -> c.getValue().attemptsProperty());
        lastErrorColumn.setCellValueFactory(c -> c.getValue().lastErrorProperty());
        lastErrorColumn.setCellFactory(column -> new ErrorCell());
        enqueuedColumn.setCellValueFactory(c -> c.getValue().enqueuedProperty());
        idColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().id()).getReadOnlyProperty());
        idColumn.getStyleClass().add(Styles.MONO);

        retryNowButton.disableProperty().bind(model.canActProperty().not());
        killButton.disableProperty().bind(model.canActProperty().not());
        killButton.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
        DisabledTooltips.writeControls(model.context(), retryNowButton, killButton);

        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        page.textProperty().bind(model.pageProperty());
        previous.disableProperty().bind(model.hasPreviousProperty().not());
        next.disableProperty().bind(model.hasNextProperty().not());
        status.textProperty().bind(model.statusProperty());
        updated.textProperty().bind(model.updatedProperty());
        updated.getStyleClass().addAll(atlantafx.base.theme.Styles.TEXT_MUTED, atlantafx.base.theme.Styles.TEXT_SMALL);

        // read again every few seconds while on screen; stop for good when the connection tab closes
        table.sceneProperty().addListener((o, was, now) -> {
            if (now == null) ticker.stop(); else ticker.play();
        });
        model.refresh();
    }

    /** Makes the table select what the model says is selected, when a refresh took rows away. */
    private void followSelection() {
        if (following || Set.copyOf(model.selected()).equals(Set.copyOf(table.getSelectionModel().getSelectedItems()))) {
            return;
        }
        following = true;
        try {
            table.getSelectionModel().clearSelection();
            model.selected().forEach(row -> table.getSelectionModel().select(row));
        } finally {
            following = false;
        }
    }

    @FXML
    private void retryNow() {
        model.retryNow();
    }

    @FXML
    private void kill() {
        model.kill();
    }

    @FXML
    private void previousPage() {
        model.previousPage();
    }

    @FXML
    private void nextPage() {
        model.nextPage();
    }

    public RetriesViewModel model() {
        return model;
    }

    /** The last error's first line, the whole of it on hover. */
    private static final class ErrorCell extends TableCell<ScheduledRow, String> {
        private final Tooltip full = new Tooltip();

        ErrorCell() {
            full.setWrapText(true);
            full.setMaxWidth(600);
        }

        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            if (empty || text == null || text.isEmpty()) {
                setText(null);
                setTooltip(null);
                return;
            }
            int lineEnd = text.indexOf('\n');
            setText(lineEnd < 0 ? text : text.substring(0, lineEnd) + " …");
            full.setText(text);
            setTooltip(full);
        }
    }
}
