package io.redrive.console.overview;

import io.redrive.console.DisabledTooltips;
import io.redrive.console.ScreenLinks;
import io.redrive.console.SessionContext;
import io.redrive.console.Styles;
import io.redrive.engine.FailureGroup;
import io.redrive.engine.QueueHealth;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;

import java.util.List;
import java.util.function.Function;

/** The overview's controller: bindings and a once-a-second refresh while the screen is shown. */
public final class OverviewView {
    private final OverviewViewModel model;
    private final Timeline ticker;
    private final ScreenLinks links;
    private static final PseudoClass MISSES_TARGET = PseudoClass.getPseudoClass("misses-target");
    private static final int MAX_GROUP_LINKS = 3;

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
    @FXML private TableColumn<QueueRow, QueueHealth> trendColumn;
    @FXML private TableColumn<QueueRow, String> retryColumn;
    @FXML private TableColumn<QueueRow, String> resolutionColumn;
    @FXML private TableColumn<QueueRow, String> deadLettersColumn;
    @FXML private TableColumn<QueueRow, List<FailureGroup>> newGroupsColumn;
    @FXML private TableColumn<QueueRow, String> workersColumn;
    @FXML private VBox engines;
    @FXML private FlowPane namespaces;
    @FXML private ChoiceBox<java.time.Duration> window;
    @FXML private TableColumn<QueueRow, String> problemColumn;

    public OverviewView(SessionContext context) {
        this(context, ScreenLinks.NONE);
    }

    public OverviewView(SessionContext context, ScreenLinks links) {
        this.model = new OverviewViewModel(context);
        this.links = links;
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
        trendColumn.setCellValueFactory(c -> c.getValue().healthProperty());
        trendColumn.setCellFactory(column -> new SparklineCell());
        retryColumn.setCellValueFactory(c -> c.getValue().retrySuccessProperty());
        retryColumn.setCellFactory(column -> new TargetCell(QueueRow::retryMissesTargetProperty));
        resolutionColumn.setCellValueFactory(c -> c.getValue().resolutionProperty());
        resolutionColumn.setCellFactory(column -> new TargetCell(QueueRow::resolutionMissesTargetProperty));
        deadLettersColumn.setCellValueFactory(c -> c.getValue().deadLettersProperty());
        deadLettersColumn.setCellFactory(column -> new TargetCell(r -> new SimpleBooleanProperty(false)));
        workersColumn.setCellValueFactory(c -> c.getValue().workersProperty());
        workersColumn.setCellFactory(column -> new TargetCell(QueueRow::unservedProperty));
        newGroupsColumn.setCellValueFactory(c -> c.getValue().newGroupsProperty());
        newGroupsColumn.setCellFactory(column -> new NewGroupsCell());
        // a row opens its queue's dead letters
        queues.setRowFactory(table -> {
            TableRow<QueueRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && row.getItem() != null) links.openDeadLetters(row.getItem().getName(), null);
            });
            return row;
        });
        window.getItems().setAll(java.time.Duration.ofHours(1), java.time.Duration.ofHours(6), java.time.Duration.ofHours(24));
        window.setConverter(new StringConverter<>() {
            @Override public String toString(java.time.Duration d) { return d == null ? "" : "Last " + HealthWords.span(d).substring(5); }
            @Override public java.time.Duration fromString(String s) { return null; }
        });
        window.valueProperty().bindBidirectional(model.windowProperty());
        model.engines().addListener((ListChangeListener<String>) c -> showEngines());
        model.namespaces().addListener((ListChangeListener<OverviewViewModel.NamespaceTile>) c -> showNamespaces());
        showEngines();
        problemColumn.setCellValueFactory(c -> c.getValue().problemProperty());
        problemColumn.setCellFactory(column -> new ProblemCell());
        // the problem column takes room only while some queue has a problem
        problemColumn.visibleProperty().bind(model.anyProblemProperty());
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

    private void showEngines() {
        engines.getChildren().setAll(model.engines().stream().map(text -> {
            Label l = new Label(text);
            l.getStyleClass().add(Styles.OVERVIEW_ENGINE);
            return l;
        }).toList());
        if (model.engines().isEmpty()) {
            Label none = new Label("No engine or worker has beaten on this Redis in the last 15 s: no queue is served.");
            none.getStyleClass().add(Styles.ERROR_TEXT);
            engines.getChildren().add(none);
        }
    }

    private void showNamespaces() {
        namespaces.getChildren().setAll(model.namespaces().stream().map(tile -> {
            Hyperlink link = new Hyperlink(tile.namespace() + ": " + tile.text());
            link.getStyleClass().add(Styles.OVERVIEW_TILE);
            link.pseudoClassStateChanged(MISSES_TARGET, tile.missesTarget());
            link.setOnAction(e -> links.openCache(tile.namespace()));
            return link;
        }).toList());
        if (model.namespaces().isEmpty()) {
            namespaces.getChildren().add(new Label("No cache reads recorded in the last two hours."));
        }
    }

    /** The queue's sparkline. */
    private static final class SparklineCell extends TableCell<QueueRow, QueueHealth> {
        private final Sparkline line = new Sparkline();

        @Override
        protected void updateItem(QueueHealth health, boolean empty) {
            super.updateItem(health, empty);
            if (empty || health == null) {
                setGraphic(null);
                setTooltip(null);
            } else {
                line.show(health);
                setGraphic(line);
                setTooltip(new Tooltip(HealthWords.trend(health)));
            }
        }
    }

    /** A figure in words, coloured when it misses its target. */
    private static final class TargetCell extends TableCell<QueueRow, String> {
        private final Function<QueueRow, ObservableBooleanValue> misses;

        TargetCell(Function<QueueRow, ObservableBooleanValue> misses) {
            this.misses = misses;
            setWrapText(true);
        }

        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            setText(empty ? null : text);
            QueueRow row = getTableRow() == null ? null : getTableRow().getItem();
            pseudoClassStateChanged(MISSES_TARGET, !empty && row != null && misses.apply(row).get());
        }
    }

    /** The failure groups new in the last hour, each a link to the dead letters filtered to it. */
    private final class NewGroupsCell extends TableCell<QueueRow, List<FailureGroup>> {
        @Override
        protected void updateItem(List<FailureGroup> groups, boolean empty) {
            super.updateItem(groups, empty);
            if (empty || groups == null || groups.isEmpty()) {
                setGraphic(null);
                setText(empty ? null : "None new");
                return;
            }
            VBox box = new VBox(0);
            // a few links keep the row short; the rest are one link away, on the queue's dead letters
            for (FailureGroup g : groups.subList(0, Math.min(groups.size(), MAX_GROUP_LINKS))) {
                Hyperlink link = new Hyperlink(shortName(g.exceptionClass()) + " (" + g.count() + ")");
                link.getStyleClass().add(Styles.OVERVIEW_NEW_GROUP);
                link.setTooltip(new Tooltip("New since " + io.redrive.console.Words.clock(g.firstSeen()) + ": " + g.sample()));
                link.setOnAction(e -> links.openDeadLetters(g.queue(), g));
                box.getChildren().add(link);
            }
            if (groups.size() > MAX_GROUP_LINKS) {
                Hyperlink more = new Hyperlink("and " + (groups.size() - MAX_GROUP_LINKS) + " more");
                more.setOnAction(e -> links.openDeadLetters(groups.get(0).queue(), null));
                box.getChildren().add(more);
            }
            setText(null);
            setGraphic(box);
        }
    }

    /** "io.redrive.demo.DemoErrors$ValidationException" reads "ValidationException". */
    private static String shortName(String className) {
        return className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
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
