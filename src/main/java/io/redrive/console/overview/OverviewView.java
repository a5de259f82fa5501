package io.redrive.console.overview;

import io.redrive.console.DisabledTooltips;
import io.redrive.console.SessionContext;
import io.redrive.console.Styles;
import javafx.css.PseudoClass;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;

/** The overview's controller: bindings and a once-a-second refresh while the screen is shown. */
public final class OverviewView {
    private final OverviewViewModel model;
    private final Timeline ticker;

    @FXML private Label server;
    @FXML private Label worker;
    @FXML private Label error;
    @FXML private Label stale;
    @FXML private ToggleButton workerToggle;
    @FXML private TableView<QueueRow> queues;
    @FXML private TableColumn<QueueRow, String> nameColumn;
    @FXML private TableColumn<QueueRow, Number> readyColumn;
    @FXML private TableColumn<QueueRow, Number> inFlightColumn;
    @FXML private TableColumn<QueueRow, Number> scheduledColumn;
    @FXML private TableColumn<QueueRow, Number> deadColumn;
    @FXML private TableColumn<QueueRow, Number> enqueuedColumn;
    @FXML private TableColumn<QueueRow, Number> succeededColumn;
    @FXML private TableColumn<QueueRow, Number> failedColumn;
    @FXML private TableColumn<QueueRow, Number> deadLetteredColumn;
    @FXML private TableColumn<QueueRow, String> problemColumn;

    public OverviewView(SessionContext context) {
        this.model = new OverviewViewModel(context);
        this.ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> model.refresh()));
        ticker.setCycleCount(Timeline.INDEFINITE);
    }

    @FXML
    private void initialize() {
        server.textProperty().bind(model.serverProperty());
        worker.textProperty().bind(model.workerProperty());
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        stale.textProperty().bind(model.staleProperty());
        stale.visibleProperty().bind(model.staleProperty().isNotEmpty());
        stale.managedProperty().bind(stale.visibleProperty());
        stale.getStyleClass().add(Styles.STALE_NOTE);
        // the facts and counts read before Redis went away are dimmed as well as labelled
        PseudoClass staleState = PseudoClass.getPseudoClass(Styles.STALE);
        model.staleProperty().addListener((o, was, now) -> {
            server.pseudoClassStateChanged(staleState, !now.isEmpty());
            queues.pseudoClassStateChanged(staleState, !now.isEmpty());
        });
        queues.setItems(model.queues());
        nameColumn.setCellValueFactory(c -> c.getValue().nameProperty());
        readyColumn.setCellValueFactory(c -> c.getValue().readyProperty());
        inFlightColumn.setCellValueFactory(c -> c.getValue().inFlightProperty());
        scheduledColumn.setCellValueFactory(c -> c.getValue().scheduledProperty());
        deadColumn.setCellValueFactory(c -> c.getValue().deadProperty());
        enqueuedColumn.setCellValueFactory(c -> c.getValue().enqueuedPerMinuteProperty());
        succeededColumn.setCellValueFactory(c -> c.getValue().succeededPerMinuteProperty());
        failedColumn.setCellValueFactory(c -> c.getValue().failedPerMinuteProperty());
        deadLetteredColumn.setCellValueFactory(c -> c.getValue().deadLetteredPerMinuteProperty());
        problemColumn.setCellValueFactory(c -> c.getValue().problemProperty());
        problemColumn.setCellFactory(column -> new ProblemCell());
        workerToggle.setSelected(model.workerRunningProperty().get());
        workerToggle.textProperty().bind(model.workerRunningProperty().map(on -> on ? "Worker: on" : "Worker: off"));
        model.workerRunningProperty().addListener((o, was, now) -> workerToggle.setSelected(now));
        workerToggle.setOnAction(e -> model.setWorkerRunning(workerToggle.isSelected()));
        workerToggle.setTooltip(new Tooltip("Starts or stops this console's background retry worker: it promotes due "
                + "retries, takes back expired leases and deletes dead letters past their retention"));
        DisabledTooltips.writeInputs(model.context(), workerToggle);
        DisabledTooltips.readOnlyNote(model.context(), worker);  // the status beside the switch carries the reason too
        // refresh once a second while on screen; stop for good when the connection tab closes
        queues.sceneProperty().addListener((o, was, now) -> {
            if (now == null) ticker.stop(); else ticker.play();
        });
        model.refresh();
    }

    /** A damaged queue's sentence, in the error colour and whole in a tooltip since the column may cut it. */
    private static final class ProblemCell extends TableCell<QueueRow, String> {
        ProblemCell() {
            getStyleClass().add(Styles.ERROR_TEXT);
        }

        @Override
        protected void updateItem(String problem, boolean empty) {
            super.updateItem(problem, empty);
            boolean none = empty || problem == null || problem.isEmpty();
            setText(none ? null : problem);
            setTooltip(none ? null : new Tooltip(problem));
        }
    }

    public OverviewViewModel model() {
        return model;
    }
}
