package io.redrive.console.deadletters;

import io.redrive.console.DisabledTooltips;
import io.redrive.console.SessionContext;
import io.redrive.console.Styles;
import io.redrive.console.Words;
import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.FailureGroup;
import io.redrive.engine.MessageVersion;
import io.redrive.engine.TimelineEvent;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Control;
import javafx.scene.control.DialogPane;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The dead-letter screen's controller: bindings to {@link DeadLettersViewModel}, the custom dialogs (replay
 * options, the editor), file choosers, and one-line handlers. Keys on the table: R replay, E edit, Delete
 * purge, Ctrl+Left/Right previous/next page, F5 refresh.
 */
public final class DeadLettersView {
    private final DeadLettersViewModel model;
    private boolean fillingQueues;
    /** Queue and id of the selected rows, so a page read again (after an edit, a refresh) selects the same ones. */
    private final Set<String> selectedKeys = new LinkedHashSet<>();
    /** True while the table's rows are being replaced: the selection changes it makes meanwhile are not the operator's. */
    private boolean replacingRows;

    @FXML private BorderPane root;
    @FXML private Button replayButton;
    @FXML private Button editButton;
    @FXML private Button purgeButton;
    @FXML private Separator actionsSeparator;
    @FXML private Separator matchingSeparator;
    @FXML private Button replayFilterButton;
    @FXML private Button purgeFilterButton;
    @FXML private ToggleButton trashButton;
    @FXML private Button restoreButton;
    @FXML private Button restoreAllButton;
    @FXML private Button exportButton;
    @FXML private Button importButton;
    @FXML private TextField searchBox;
    @FXML private ChoiceBox<String> filterQueue;
    @FXML private ChoiceBox<DeadLetterQuery.Sort> sortChoice;
    @FXML private ComboBox<String> filterErrorClass;
    @FXML private ToggleButton moreFilters;
    @FXML private FlowPane moreFiltersBox;
    @FXML private TextField filterPayloadText;
    @FXML private TextField filterHeader;
    @FXML private TextField filterSince;
    @FXML private TextField filterUntil;
    @FXML private TextField filterMinAttempts;
    @FXML private TextField filterMaxAttempts;
    @FXML private Label filterError;
    @FXML private HBox scanBox;
    @FXML private ProgressBar scanProgress;
    @FXML private Label scanLabel;
    @FXML private ListView<FailureGroup> groupList;
    @FXML private Button replayGroupButton;
    @FXML private Button purgeGroupButton;
    @FXML private TableView<DeadLetter> deadLetterTable;
    @FXML private Label tablePlaceholder;
    @FXML private Label staleNote;
    @FXML private TableColumn<DeadLetter, String> diedColumn;
    @FXML private TableColumn<DeadLetter, String> queueColumn;
    @FXML private TableColumn<DeadLetter, String> idColumn;
    @FXML private TableColumn<DeadLetter, Integer> attemptsColumn;
    @FXML private TableColumn<DeadLetter, Integer> replaysColumn;
    @FXML private TableColumn<DeadLetter, String> errorColumn;
    @FXML private TableColumn<DeadLetter, String> groupColumn;
    @FXML private Button firstPage;
    @FXML private Button prevPage;
    @FXML private Button nextPage;
    @FXML private Button lastPage;
    @FXML private Label pageLabel;
    @FXML private TextField pageJump;
    @FXML private Label totalCount;
    @FXML Label detailTitle;
    @FXML StackPane payloadHolder;
    @FXML TableView<Map.Entry<String, String>> headersTable;
    @FXML Label headersNote;
    @FXML TableColumn<Map.Entry<String, String>, String> headerNameColumn;
    @FXML TableColumn<Map.Entry<String, String>, String> headerValueColumn;
    @FXML private TabPane detailTabs;
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
        bindFilters();
        bindTable();
        bindPager();
        bindGroups();
        new DetailPane(this, model).bind();
        bindActions();
        bindOperation();
        deferHiddenTabs();
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

    /**
     * The detail tabs not in front join the scene when first selected: styling and laying out their tables and
     * panes is a good part of the cost of opening the screen, and most visits never look at them.
     */
    private void deferHiddenTabs() {
        Tab front = detailTabs.getSelectionModel().getSelectedItem();
        for (Tab tab : detailTabs.getTabs()) {
            if (tab == front) {
                continue;
            }
            Node content = tab.getContent();
            tab.setContent(null);
            tab.selectedProperty().addListener(new ChangeListener<>() {
                @Override
                public void changed(ObservableValue<? extends Boolean> o, Boolean was, Boolean selected) {
                    if (selected) {
                        tab.selectedProperty().removeListener(this);
                        tab.setContent(content);
                    }
                }
            });
        }
    }

    public DeadLettersViewModel model() {
        return model;
    }

    // Bindings

    private void bindFilters() {
        FilterModel f = model.filter();
        filterQueue.setConverter(converter(q -> q == null || q.isEmpty() ? "All queues" : q));
        filterQueue.getItems().setAll("");
        filterQueue.setValue("");
        model.queueNames().addListener((ListChangeListener<String>) c -> fillQueues());
        filterQueue.valueProperty().addListener((o, was, now) -> {
            if (!fillingQueues) {
                f.queue.set(now == null || now.isEmpty() ? null : now);
            }
        });
        sortChoice.getItems().setAll(DeadLetterQuery.Sort.values());
        sortChoice.setConverter(converter(s -> switch (s) {
            case NEWEST -> "Newest first";
            case OLDEST -> "Oldest first";
            case MOST_ATTEMPTS -> "Most attempts";
        }));
        sortChoice.valueProperty().bindBidirectional(f.sort);
        filterErrorClass.setItems(model.errorClasses());
        filterErrorClass.getEditor().textProperty().bindBidirectional(f.errorClass);
        filterErrorClass.setOnAction(e -> {
            if (filterErrorClass.getValue() != null) {
                f.errorClass.set(filterErrorClass.getValue());
            }
        });
        moreFilters.textProperty().bind(f.moreActive.map(n -> n.intValue() == 0 ? "More filters" : "More filters (" + n + ")"));
        shownWhen(moreFiltersBox, moreFilters.selectedProperty());
        searchBox.textProperty().bindBidirectional(f.errorText);
        filterPayloadText.textProperty().bindBidirectional(f.payloadText);
        filterHeader.textProperty().bindBidirectional(f.header);
        filterSince.textProperty().bindBidirectional(f.since);
        filterUntil.textProperty().bindBidirectional(f.until);
        filterMinAttempts.textProperty().bindBidirectional(f.minAttempts);
        filterMaxAttempts.textProperty().bindBidirectional(f.maxAttempts);
        filterError.textProperty().bind(model.filterErrorProperty());
        shownWhen(filterError, model.filterErrorProperty().isNotEmpty());
        shownWhen(scanBox, model.scanningProperty());
        scanProgress.progressProperty().bind(model.scanProgressProperty());
        scanLabel.textProperty().bind(model.scanLabelProperty());
    }

    /** The queue choice: "All queues" then every queue, keeping the choice made. */
    private void fillQueues() {
        String chosen = filterQueue.getValue();
        fillingQueues = true;
        try {
            List<String> choices = new ArrayList<>();
            choices.add("");
            choices.addAll(model.queueNames());
            filterQueue.getItems().setAll(choices);
            filterQueue.setValue(choices.contains(chosen) ? chosen : "");
        } finally {
            fillingQueues = false;
        }
    }

    private void bindTable() {
        // the table clears its selection when its rows are replaced: select the same dead letters again after it
        model.items().addListener((ListChangeListener<DeadLetter>) c -> replacingRows = true);  // runs before the table's listener
        deadLetterTable.setItems(model.items());
        model.items().addListener((ListChangeListener<DeadLetter>) c -> selectKeptRows());      // and this one after it
        deadLetterTable.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        diedColumn.setCellValueFactory(c -> text(Words.dateTime(c.getValue().deadAt())));
        queueColumn.setCellValueFactory(c -> text(c.getValue().queue()));
        idColumn.setCellValueFactory(c -> text(c.getValue().id()));
        attemptsColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().attempts()));
        replaysColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().replays()));
        errorColumn.setCellValueFactory(c -> text(c.getValue().lastError() == null ? "" : c.getValue().lastError().lines().findFirst().orElse("")));
        groupColumn.setCellValueFactory(c -> text(c.getValue().group() == null ? ""
                : c.getValue().group().substring(0, Math.min(10, c.getValue().group().length()))));
        idColumn.getStyleClass().add(Styles.MONO);
        deadLetterTable.getSelectionModel().getSelectedItems().addListener((ListChangeListener<DeadLetter>) c -> {
            if (!replacingRows) {
                selectionChanged();
            }
        });
        deadLetterTable.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (!replacingRows) {
                model.showDetail(now);
            }
        });
        deadLetterTable.addEventHandler(KeyEvent.KEY_PRESSED, this::tableKey);
        deadLetterTable.setContextMenu(contextMenu());
        tablePlaceholder.textProperty().bind(Bindings.when(model.staleProperty().isNotEmpty()).then(model.staleProperty())
                .otherwise(Bindings.when(model.loadingProperty()).then("Reading…")
                .otherwise(Bindings.when(model.trashModeProperty()).then("The trash is empty.").otherwise("No dead letters match."))));
        staleNote.textProperty().bind(model.staleProperty());
        shownWhen(staleNote, model.staleProperty().isNotEmpty());
        staleNote.getStyleClass().add(Styles.STALE_NOTE);
        // rows read before Redis went away are dimmed as well as labelled, so nobody takes them for live ones
        model.staleProperty().addListener((o, was, now) -> deadLetterTable.pseudoClassStateChanged(
                PseudoClass.getPseudoClass(Styles.STALE), !now.isEmpty()));
    }

    private void selectionChanged() {
        List<DeadLetter> selected = new ArrayList<>(deadLetterTable.getSelectionModel().getSelectedItems());
        selectedKeys.clear();
        selected.stream().filter(Objects::nonNull).forEach(d -> selectedKeys.add(key(d)));
        model.setSelection(selected);
    }

    /**
     * After new rows came in: the dead letters selected before are selected again where they still are, and the
     * first of them scrolled into view. The model keeps an edited message selected even when it has left the page.
     */
    private void selectKeptRows() {
        var selection = deadLetterTable.getSelectionModel();
        selection.clearSelection();
        List<DeadLetter> rows = deadLetterTable.getItems();
        for (int i = 0; i < rows.size(); i++) {
            if (selectedKeys.contains(key(rows.get(i)))) {
                selection.select(i);
            }
        }
        replacingRows = false;
        model.reselect(new ArrayList<>(selection.getSelectedItems()));
        selectedKeys.clear();
        model.selection().forEach(d -> selectedKeys.add(key(d)));
        reveal(selection.getSelectedIndex());
    }

    /** Scrolls the table to this row unless it is in view already (a refresh must not jump the list). */
    private void reveal(int index) {
        if (index < 0) {
            return;
        }
        if (deadLetterTable.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            IndexedCell<?> first = flow.getFirstVisibleCell();
            IndexedCell<?> last = flow.getLastVisibleCell();
            if (first != null && last != null && index > first.getIndex() && index < last.getIndex()) {
                return;  // the first and last may be cut off at the edges: those count as out of view
            }
        }
        deadLetterTable.scrollTo(index);
    }

    private static String key(DeadLetter d) {
        return d.queue() + "\n" + d.id();
    }

    private void tableKey(KeyEvent e) {
        if (e.isShortcutDown()) {
            if (e.getCode() == KeyCode.RIGHT && model.canNextProperty().get()) {
                model.nextPage();
                e.consume();
            } else if (e.getCode() == KeyCode.LEFT && model.canPreviousProperty().get()) {
                model.previousPage();
                e.consume();
            }
            return;
        }
        if (e.isAltDown() || e.isControlDown() || e.isMetaDown()) {
            return;
        }
        switch (e.getCode()) {
            case R -> {
                if (!replayButton.isDisabled()) replaySelected();
                e.consume();
            }
            case E -> {
                if (!editButton.isDisabled()) edit();
                e.consume();
            }
            case DELETE -> {
                if (!purgeButton.isDisabled()) purgeSelected();
                e.consume();
            }
            case F5 -> {
                refresh();
                e.consume();
            }
            default -> { }
        }
    }

    /** The table's menu; its items name their keys rather than registering accelerators, which would fire while typing in a filter. */
    private ContextMenu contextMenu() {
        MenuItem replay = item("Replay…   R", this::replaySelected, model.canActOnSelectionBinding().not());
        MenuItem edit = item("Edit…   E", this::edit, model.canEditBinding().not());
        MenuItem purge = item("Purge…   Delete", this::purgeSelected, model.canActOnSelectionBinding().not());
        MenuItem restore = item("Restore", this::restoreSelected, model.canRestoreBinding().not());
        MenuItem export = item("Export selected…", this::exportSelected,
                Bindings.isEmpty(model.selection()).or(model.canExportBinding().not()));
        MenuItem copy = item("Copy id", () -> {
            DeadLetter d = deadLetterTable.getSelectionModel().getSelectedItem();
            if (d != null) {
                ClipboardContent content = new ClipboardContent();
                content.putString(model.selection().stream().map(DeadLetter::id).collect(Collectors.joining("\n")));
                Clipboard.getSystemClipboard().setContent(content);
            }
        }, Bindings.isEmpty(model.selection()));
        ContextMenu menu = new ContextMenu(replay, edit, purge, restore, new SeparatorMenuItem(), export, copy);
        DisabledTooltips.writeItems(model.context(), menu, replay, edit, purge, restore);
        return menu;
    }

    private void bindPager() {
        firstPage.disableProperty().bind(model.canPreviousProperty().not());
        prevPage.disableProperty().bind(model.canPreviousProperty().not());
        nextPage.disableProperty().bind(model.canNextProperty().not());
        lastPage.disableProperty().bind(model.canLastProperty().not());
        pageJump.disableProperty().bind(model.trashModeProperty());
        pageLabel.textProperty().bind(model.pageLabelProperty());
        totalCount.textProperty().bind(model.totalLabelProperty());
        firstPage.setTooltip(new Tooltip("First page"));
        prevPage.setTooltip(new Tooltip("Previous page (Ctrl+Left in the table)"));
        nextPage.setTooltip(new Tooltip("Next page (Ctrl+Right in the table)"));
        lastPage.setTooltip(new Tooltip("Last page"));
    }

    private void bindGroups() {
        groupList.setItems(model.groups());
        groupList.setCellFactory(list -> new GroupCell());
        groupList.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                model.selectGroup(now);
            }
        });
        // a refresh replaces the list's items: select the chosen group again rather than dropping the filter
        model.groups().addListener((ListChangeListener<FailureGroup>) c -> selectChosenGroup());
        model.selectedGroupProperty().addListener((o, was, now) -> selectChosenGroup());
    }

    private void selectChosenGroup() {
        FailureGroup chosen = model.selectedGroupProperty().get();
        if (chosen == null) {
            groupList.getSelectionModel().clearSelection();
            return;
        }
        for (FailureGroup g : groupList.getItems()) {
            if (g.queue().equals(chosen.queue()) && g.fingerprint().equals(chosen.fingerprint())) {
                if (groupList.getSelectionModel().getSelectedItem() != g) {
                    groupList.getSelectionModel().select(g);
                }
                return;
            }
        }
    }

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
        tip(editButton, "Edit the payload of the dead letter shown below (E)");
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
    private void refresh() {
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
        try {
            model.goToPage(Integer.parseInt(pageJump.getText().trim().replace(",", "")));
            pageJump.clear();
        } catch (NumberFormatException e) {
            pageJump.selectAll();
        }
    }

    @FXML
    private void replaySelected() {
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
    private void purgeSelected() {
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
    private void edit() {
        EditorModel editor = model.newEditor();
        if (editor == null) {
            return;
        }
        var detail = model.detail().detailProperty().get();
        EditDialog.show(window(), editor, "Message " + detail.message().id() + " in queue " + detail.message().queue()
                        + ", version " + detail.version() + ". The current content stays in the message's history.")
                .ifPresent(result -> model.edit(result.payload(), result.reason()));
    }

    @FXML
    private void restoreSelected() {
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

    private void exportSelected() {
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

    private static ReadOnlyStringWrapper text(String s) {
        return new ReadOnlyStringWrapper(s == null ? "" : s);
    }

    private static MenuItem item(String text, Runnable action, ObservableBooleanValue disabled) {
        MenuItem item = new MenuItem(text);
        item.setOnAction(e -> action.run());
        item.disableProperty().bind(disabled);
        return item;
    }

    private static void tip(Control control, String text) {
        control.setTooltip(new Tooltip(text));
    }

    private static void shownWhen(Node node, ObservableBooleanValue shown) {
        node.visibleProperty().bind(shown);
        node.managedProperty().bind(shown);
    }

    private static <T> StringConverter<T> converter(Function<T, String> show) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : show.apply(value);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException("choices are not typed");
            }
        };
    }
}
