package io.redrive.console.deadletters;

import io.redrive.console.DisabledTooltips;
import io.redrive.console.SessionContext;
import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.FailureGroup;
import io.redrive.engine.MessageVersion;
import io.redrive.engine.TimelineEvent;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.util.List;
import java.util.Map;

/**
 * The dead-letter screen's controller: holds the FXML's nodes and hands them to the parts that bind them to
 * {@link DeadLettersViewModel} ({@link FilterBar}, {@link DeadLetterTable} with its keys and menu,
 * {@link FailureGroupList}, {@link DetailPane}); binds the action buttons and the operation bar itself; opens the
 * custom dialogs (replay options, the editor) and file choosers from one-line handlers.
 */
public final class DeadLettersView {
    private final DeadLettersViewModel model;
    private DeadLetterTable table;

    @FXML private BorderPane root;
    @FXML Button replayButton;
    @FXML Button editButton;
    @FXML Button purgeButton;
    @FXML private Separator actionsSeparator;
    @FXML private Separator matchingSeparator;
    @FXML private Button replayFilterButton;
    @FXML private Button purgeFilterButton;
    @FXML private ToggleButton trashButton;
    @FXML private Button restoreButton;
    @FXML private Button restoreAllButton;
    @FXML private Button exportButton;
    @FXML private Button importButton;
    @FXML TextField searchBox;
    @FXML ChoiceBox<String> filterQueue;
    @FXML ChoiceBox<DeadLetterQuery.Sort> sortChoice;
    @FXML ComboBox<String> filterErrorClass;
    @FXML ToggleButton moreFilters;
    @FXML FlowPane moreFiltersBox;
    @FXML TextField filterPayloadText;
    @FXML TextField filterHeader;
    @FXML TextField filterSince;
    @FXML TextField filterUntil;
    @FXML TextField filterMinAttempts;
    @FXML TextField filterMaxAttempts;
    @FXML Label filterError;
    @FXML HBox scanBox;
    @FXML ProgressBar scanProgress;
    @FXML Label scanLabel;
    @FXML private ListView<FailureGroup> groupList;
    @FXML private Button replayGroupButton;
    @FXML private Button purgeGroupButton;
    @FXML TableView<DeadLetter> deadLetterTable;
    @FXML Label tablePlaceholder;
    @FXML Label staleNote;
    @FXML TableColumn<DeadLetter, String> diedColumn;
    @FXML TableColumn<DeadLetter, String> queueColumn;
    @FXML TableColumn<DeadLetter, String> idColumn;
    @FXML TableColumn<DeadLetter, Integer> attemptsColumn;
    @FXML TableColumn<DeadLetter, Integer> replaysColumn;
    @FXML TableColumn<DeadLetter, String> errorColumn;
    @FXML TableColumn<DeadLetter, String> groupColumn;
    @FXML Button firstPage;
    @FXML Button prevPage;
    @FXML Button nextPage;
    @FXML Button lastPage;
    @FXML Label pageLabel;
    @FXML TextField pageJump;
    @FXML Label totalCount;
    @FXML Label detailTitle;
    @FXML StackPane payloadHolder;
    @FXML TableView<Map.Entry<String, String>> headersTable;
    @FXML Label headersNote;
    @FXML TableColumn<Map.Entry<String, String>, String> headerNameColumn;
    @FXML TableColumn<Map.Entry<String, String>, String> headerValueColumn;
    @FXML TabPane detailTabs;
    @FXML Tab errorsTab;
    @FXML VBox errorsBox;
    @FXML Tab versionsTab;
    @FXML TableView<MessageVersion> versionsTable;
    @FXML TableColumn<MessageVersion, String> versionColumn;
    @FXML TableColumn<MessageVersion, String> versionByColumn;
    @FXML TableColumn<MessageVersion, String> versionAtColumn;
    @FXML TableColumn<MessageVersion, String> versionWhyColumn;
    @FXML TextArea versionPayload;
    @FXML Button revertButton;
    @FXML TableView<TimelineEvent> timelineTable;
    @FXML TableColumn<TimelineEvent, String> eventTimeColumn;
    @FXML TableColumn<TimelineEvent, String> eventTypeColumn;
    @FXML TableColumn<TimelineEvent, String> eventAttributesColumn;
    @FXML private HBox operationBar;
    @FXML private ProgressBar progressBar;
    @FXML private Label operationLabel;
    @FXML private Button pauseButton;
    @FXML private Button cancelButton;
    @FXML private Label statusLabel;

    public DeadLettersView(SessionContext context) {
        this.model = new DeadLettersViewModel(context);
    }

    @FXML
    private void initialize() {
        new FilterBar(this, model).bind();
        table = new DeadLetterTable(this, model);
        table.bind();
        new FailureGroupList(groupList, model).bind();
        new DetailPane(this, model).bind();
        bindActions();
        bindOperation();
        model.start();
        // read again whenever the screen's tab is brought back to the front: the DLQ has moved on meanwhile
        root.parentProperty().addListener((o, was, parent) -> {
            if (parent != null) {
                parent.visibleProperty().addListener((v, wasVisible, visible) -> {
                    if (visible) {
                        model.refresh();
                    }
                });
            }
        });
    }

    public DeadLettersViewModel model() {
        return model;
    }

    // Bindings


    private void bindActions() {
        replayButton.disableProperty().bind(model.canActOnSelectionBinding().not());
        editButton.disableProperty().bind(model.canEditBinding().not());
        purgeButton.disableProperty().bind(model.canActOnSelectionBinding().not());
        replayFilterButton.disableProperty().bind(model.canActOnFilterBinding().not());
        purgeFilterButton.disableProperty().bind(model.canActOnFilterBinding().not());
        replayGroupButton.disableProperty().bind(model.canActOnGroupBinding().not());
        purgeGroupButton.disableProperty().bind(model.canActOnGroupBinding().not());
        restoreButton.disableProperty().bind(model.canRestoreBinding().not().or(Bindings.isEmpty(model.selection())));
        restoreAllButton.disableProperty().bind(model.canRestoreBinding().not());
        shownWhen(restoreButton, model.trashModeProperty());
        shownWhen(restoreAllButton, model.trashModeProperty());
        // the trash has its own actions: the dead-letter ones make way for them
        for (Node n : List.of(replayButton, editButton, purgeButton, actionsSeparator, replayFilterButton,
                purgeFilterButton, matchingSeparator)) {
            shownWhen(n, model.trashModeProperty().not());
        }
        exportButton.disableProperty().bind(model.canExportBinding().not());
        importButton.disableProperty().bind(model.canImportBinding().not());
        trashButton.setSelected(model.trashModeProperty().get());
        trashButton.selectedProperty().addListener((o, was, now) -> model.setTrashMode(now));
        tip(replayButton, "Replay the selected dead letters (R)");
        tip(editButton, "Edit the payload and headers of the dead letter shown below (E)");
        tip(purgeButton, "Move the selected dead letters to the trash (Delete)");
        tip(replayFilterButton, "Replay every dead letter the filters match, on every page");
        tip(purgeFilterButton, "Purge every dead letter the filters match, on every page");
        tip(trashButton, "Show purged dead letters, which can be restored");
        tip(exportButton, "Write every dead letter the filters match to a JSON Lines file");
        tip(importButton, "Import dead letters from a JSON Lines file written by an export");
        DisabledTooltips.writeControls(model.context(), replayButton, editButton, purgeButton, replayFilterButton,
                purgeFilterButton, replayGroupButton, purgeGroupButton, restoreButton, restoreAllButton, importButton);
        DisabledTooltips.whileDisconnected(model.connection(), exportButton);
    }

    private void bindOperation() {
        OperationModel op = model.operation();
        shownWhen(operationBar, op.runningProperty());
        progressBar.progressProperty().bind(op.progressProperty());
        operationLabel.textProperty().bind(op.labelProperty());
        pauseButton.textProperty().bind(Bindings.when(op.pausedProperty()).then("Resume").otherwise("Pause"));
        pauseButton.disableProperty().bind(op.pausableProperty().not());
        statusLabel.textProperty().bind(model.statusProperty());
    }

    // Handlers

    @FXML
    private void apply() {
        model.applyFilter();
    }

    @FXML
    private void clear() {
        model.clearFilter();
    }

    @FXML
    void refresh() {
        model.refresh();
    }

    @FXML
    private void cancelScan() {
        model.cancelScan();
    }

    @FXML
    private void clearGroup() {
        model.selectGroup(null);
    }

    @FXML
    private void firstPage() {
        model.firstPage();
    }

    @FXML
    private void previousPage() {
        model.previousPage();
    }

    @FXML
    private void nextPage() {
        model.nextPage();
    }

    @FXML
    private void lastPage() {
        model.lastPage();
    }

    @FXML
    private void jump() {
        table.jump();
    }

    @FXML
    void replaySelected() {
        int n = model.selection().size();
        ReplayDialog.show(window(), n == 1 ? "message " + model.selection().get(0).id() : n + " selected dead letters",
                model.queueNames()).ifPresent(model::replaySelected);
    }

    @FXML
    private void replayFilter() {
        ReplayDialog.show(window(), "every dead letter matching: " + model.query().describe(), model.queueNames())
                .ifPresent(model::replayFilter);
    }

    @FXML
    private void replayGroup() {
        FailureGroup group = model.selectedGroupProperty().get();
        if (group != null) {
            ReplayDialog.show(window(), String.format("failure group %s in %s (%,d dead letters)", group.exceptionClass(),
                    group.queue(), group.count()), model.queueNames()).ifPresent(r -> model.replayGroup(group, r));
        }
    }

    @FXML
    void purgeSelected() {
        model.purgeSelected();
    }

    @FXML
    private void purgeFilter() {
        model.purgeFilter();
    }

    @FXML
    private void purgeGroup() {
        model.purgeGroup(model.selectedGroupProperty().get());
    }

    @FXML
    void edit() {
        EditorModel editor = model.newEditor();
        if (editor == null) {
            return;
        }
        var detail = model.detail().detailProperty().get();
        EditDialog.show(window(), editor, "Message " + detail.message().id() + " in queue " + detail.message().queue()
                        + ", version " + detail.version() + ". The current content stays in the message's history.")
                .ifPresent(result -> model.edit(result.payload(), result.headers(), result.reason()));
    }

    @FXML
    void restoreSelected() {
        model.restoreSelected();
    }

    @FXML
    private void restoreAll() {
        model.restoreAll();
    }

    @FXML
    private void exportMatching() {
        File file = jsonLines("Export dead letters").showSaveDialog(window());
        if (file != null) {
            model.export(file.toPath(), false);
        }
    }

    void exportSelected() {
        File file = jsonLines("Export the selected dead letters").showSaveDialog(window());
        if (file != null) {
            model.export(file.toPath(), true);
        }
    }

    @FXML
    private void importFile() {
        File file = jsonLines("Import dead letters").showOpenDialog(window());
        if (file != null) {
            model.importFrom(file.toPath());
        }
    }

    @FXML
    private void pauseOrResume() {
        model.pauseOrResume();
    }

    @FXML
    private void cancelOperation() {
        model.cancelOperation();
    }

    // Helpers

    /** Gives a dialog the look of its owner's window: the app's and this screen's stylesheets and the theme's colours. */
    static void styleLike(DialogPane pane, Window owner) {
        if (owner != null && owner.getScene() != null) {
            pane.getStylesheets().addAll(owner.getScene().getStylesheets());
            owner.getScene().getRoot().getStyleClass().stream()
                    .filter(c -> c.startsWith("rd-")).forEach(pane.getStyleClass()::add);
        }
        pane.getStylesheets().add(DeadLettersView.class.getResource("DeadLettersView.css").toExternalForm());
        pane.getStyleClass().add("rd-dead-letters");
    }

    private FileChooser jsonLines(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("JSON Lines", "*.jsonl", "*.ndjson"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        chooser.setInitialFileName("dead-letters.jsonl");
        return chooser;
    }

    private Window window() {
        return deadLetterTable.getScene() == null ? null : deadLetterTable.getScene().getWindow();
    }

    private static void tip(Control control, String text) {
        control.setTooltip(new Tooltip(text));
    }

    static void shownWhen(Node node, ObservableBooleanValue shown) {
        node.visibleProperty().bind(shown);
        node.managedProperty().bind(shown);
    }
}
