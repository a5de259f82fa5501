package io.redrive.console.audit;

import io.redrive.console.SessionContext;
import io.redrive.console.Styles;
import io.redrive.ops.AuditEntry;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.DateCell;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.controlsfx.control.CheckComboBox;

import java.io.File;
import java.time.LocalDate;

/** The Audit screen's controller: bindings, a short pause before a typed filter applies, and the export's file chooser. */
public final class AuditView {
    private final AuditViewModel model;
    /** Typing waits this long for the next key before reading again. */
    private final PauseTransition typing = new PauseTransition(Duration.millis(350));
    private boolean syncingChecks;

    @FXML private CheckComboBox<String> action;
    @FXML private TextField actor;
    @FXML private TextField text;
    @FXML private DatePicker since;
    @FXML private DatePicker until;
    @FXML private Button export;
    @FXML private Label error;
    @FXML private TableView<AuditEntry> table;
    @FXML private TableColumn<AuditEntry, String> timeColumn;
    @FXML private TableColumn<AuditEntry, String> actorColumn;
    @FXML private TableColumn<AuditEntry, String> actionColumn;
    @FXML private TableColumn<AuditEntry, String> targetColumn;
    @FXML private TableColumn<AuditEntry, Number> countColumn;
    @FXML private TableColumn<AuditEntry, String> outcomeColumn;
    @FXML private TableColumn<AuditEntry, String> detailsColumn;
    @FXML private Label summary;
    @FXML private Button loadMore;
    @FXML private Label exportStatus;
    @FXML private Button cancelExport;

    public AuditView(SessionContext context) {
        this.model = new AuditViewModel(context);
    }

    @FXML
    private void initialize() {
        bindActions();
        actor.textProperty().bindBidirectional(model.actorProperty());
        text.textProperty().bindBidirectional(model.textProperty());
        since.valueProperty().bindBidirectional(model.sinceProperty());
        until.valueProperty().bindBidirectional(model.untilProperty());
        typing.setOnFinished(e -> model.refresh());
        actor.textProperty().addListener((o, was, now) -> typing.playFromStart());
        text.textProperty().addListener((o, was, now) -> typing.playFromStart());
        actor.setOnAction(e -> refresh());
        text.setOnAction(e -> refresh());
        since.valueProperty().addListener((o, was, now) -> model.refresh());
        until.valueProperty().addListener((o, was, now) -> model.refresh());
        since.setDayCellFactory(picker -> new FutureDisabled());
        until.setDayCellFactory(picker -> new FutureDisabled());

        table.setItems(model.entries());
        timeColumn.setCellValueFactory(c -> text(model.time(c.getValue())));
        actorColumn.setCellValueFactory(c -> text(c.getValue().actor()));
        actionColumn.setCellValueFactory(c -> text(c.getValue().action()));
        targetColumn.setCellValueFactory(c -> text(c.getValue().target()));
        countColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().count()));
        outcomeColumn.setCellValueFactory(c -> text(c.getValue().outcome()));
        outcomeColumn.setCellFactory(column -> new OutcomeCell());
        detailsColumn.setCellValueFactory(c -> text(AuditViewModel.details(c.getValue())));
        table.setRowFactory(t -> {
            TableRow<AuditEntry> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    model.show(row.getItem());
                }
            });
            return row;
        });

        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        summary.textProperty().bind(model.summaryProperty());
        loadMore.visibleProperty().bind(model.hasMoreProperty());
        loadMore.managedProperty().bind(loadMore.visibleProperty());
        loadMore.disableProperty().bind(model.loadingProperty());
        exportStatus.textProperty().bind(model.exportStatusProperty());
        export.disableProperty().bind(model.exportingProperty());
        cancelExport.visibleProperty().bind(model.exportingProperty());
        cancelExport.managedProperty().bind(cancelExport.visibleProperty());
        // read again each time the screen comes into view (a tab pane hides the content of unselected tabs),
        // so actions taken on other screens show up; reading more often would move rows under the reader
        table.getParent().parentProperty().addListener((o, before, holder) -> {
            if (holder != null) {
                holder.visibleProperty().addListener((v, hidden, shown) -> {
                    if (shown) model.refresh();
                });
            }
        });
        model.refresh();
    }

    /** Several actions can be checked at once; none checked means every action. */
    private void bindActions() {
        Bindings.bindContent(action.getItems(), model.actions());
        action.titleProperty().bind(Bindings.createStringBinding(() -> model.chosenActions().isEmpty() ? "Any action"
                : String.join(", ", model.chosenActions()), model.chosenActions()));
        action.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) change -> {
            if (!syncingChecks) {
                syncingChecks = true;
                model.chosenActions().setAll(action.getCheckModel().getCheckedItems());
                syncingChecks = false;
                typing.playFromStart();
            }
        });
        // the model clears its filters, and the list of actions can grow: check again what the model has chosen
        model.chosenActions().addListener((ListChangeListener<String>) change -> checkChosenActions());
        model.actions().addListener((ListChangeListener<String>) change -> checkChosenActions());
    }

    private void checkChosenActions() {
        if (syncingChecks) {
            return;
        }
        syncingChecks = true;
        action.getCheckModel().clearChecks();
        model.chosenActions().forEach(action.getCheckModel()::check);
        syncingChecks = false;
    }

    @FXML
    private void refresh() {
        typing.stop();
        model.refresh();
    }

    @FXML
    private void clearFilters() {
        typing.stop();
        model.clearFilters();
    }

    @FXML
    private void loadMore() {
        model.loadMore();
    }

    @FXML
    private void export() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the audit log");
        chooser.setInitialFileName("redrive-audit-" + LocalDate.now() + ".jsonl");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON Lines", "*.jsonl"));
        File file = chooser.showSaveDialog(table.getScene().getWindow());
        if (file != null) {
            model.export(file.toPath());
        }
    }

    @FXML
    private void cancelExport() {
        model.cancelExport();
    }

    public AuditViewModel model() {
        return model;
    }

    private static ObservableValue<String> text(String value) {
        return new ReadOnlyStringWrapper(value).getReadOnlyProperty();
    }

    /** An outcome, in the danger colour when the action failed or only partly worked. */
    private static final class OutcomeCell extends TableCell<AuditEntry, String> {
        @Override
        protected void updateItem(String outcome, boolean empty) {
            super.updateItem(outcome, empty);
            setText(empty ? null : outcome);
            getStyleClass().remove(Styles.ERROR_TEXT);
            AuditEntry entry = empty ? null : getTableRow() == null ? null : getTableRow().getItem();
            if (entry != null && AuditViewModel.failed(entry)) {
                getStyleClass().add(Styles.ERROR_TEXT);
            }
        }
    }

    /** Days after today cannot hold entries yet. */
    private static final class FutureDisabled extends DateCell {
        @Override
        public void updateItem(LocalDate day, boolean empty) {
            super.updateItem(day, empty);
            setDisable(empty || day.isAfter(LocalDate.now()));
        }
    }
}
