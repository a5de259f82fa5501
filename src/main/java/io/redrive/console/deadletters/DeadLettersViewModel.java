package io.redrive.console.deadletters;

import io.redrive.console.ConnectionState;
import io.redrive.console.SessionContext;
import io.redrive.console.Words;
import io.redrive.engine.Payloads;
import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.FailureGroup;
import io.redrive.engine.MessageVersion;
import io.redrive.redis.RedisConnection;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The dead-letter screen: a paged list of one query's dead letters (page size {@value DeadLetterPager#PAGE_SIZE},
 * so a DLQ of a million scrolls like one of a hundred), the failure groups beside it, the selected message in
 * full, and the operator's recoveries: replay, edit, purge and restore, export and import. Every bulk action shows
 * the engine's dry run and asks first (production connections want the count typed), then runs with a progress
 * bar that can pause, resume and cancel. On a read-only connection the engine refuses every write, and the status
 * line gives its sentence.
 */
public final class DeadLettersViewModel {
    private final SessionContext context;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final FilterModel filter = new FilterModel();
    private final DetailModel detail;
    private final OperationModel operation;
    private final RecoveryActions actions;
    private final RowSelection rowSelection = new RowSelection(status);
    private final ObservableList<DeadLetter> selection = rowSelection.rows;
    private final ObservableList<String> queueNames = FXCollections.observableArrayList();
    private final ObservableList<DeadLetter> selectionView = FXCollections.unmodifiableObservableList(selection);
    private final ObservableList<String> queueNamesView = FXCollections.unmodifiableObservableList(queueNames);
    private final FailureGroupsModel failureGroups;
    private final ReadOnlyObjectWrapper<FailureGroup> selectedGroup;
    private final MessageEditing editing;
    private final RecoveryCommands commands;
    private final ReadOnlyBooleanWrapper trashMode = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper stale = new ReadOnlyStringWrapper("");
    private final PageModel page;
    private final ObservableList<DeadLetter> itemsView;
    private final BooleanBinding canActOnSelection;
    private final BooleanBinding canActOnFilter;
    private final BooleanBinding canActOnGroup;
    private final BooleanBinding canEdit;
    private final BooleanBinding canRevert;
    private final BooleanBinding canRestore;
    private final BooleanBinding canImport;
    private final BooleanBinding canExport;

    // Touched on the UI thread only.
    private boolean started;

    public DeadLettersViewModel(SessionContext context) {
        this.context = context;
        this.detail = new DetailModel(context.tasks(), this::letters);
        this.failureGroups = new FailureGroupsModel(context, status, this::applyFilter);
        this.selectedGroup = failureGroups.selected;
        this.operation = new OperationModel(context.tasks());
        this.page = new PageModel(context, status, trashMode.getReadOnlyProperty(), rowSelection::pageShown);
        this.itemsView = FXCollections.unmodifiableObservableList(page.items);
        this.actions = new RecoveryActions(context, operation, status, this::refresh, () -> {
            selection.clear();
            detail.select(null);
            refresh();
        });
        this.editing = new MessageEditing(context, detail, status, (letter, sentence) -> {
            rowSelection.saved(letter, sentence);
            reloadPage();
        }, actions::failed);
        this.commands = new RecoveryCommands(status, trashMode.getReadOnlyProperty(), page, rowSelection, actions,
                () -> filter.queue.get());
        var running = operation.runningProperty();
        var connected = context.connection().connectedProperty();  // nothing to act on while Redis is away
        canActOnFilter = Bindings.createBooleanBinding(() -> connected.get() && !trashMode.get() && !running.get(),
                connected, trashMode, running);
        canActOnSelection = Bindings.createBooleanBinding(() -> canActOnFilter.get() && !selection.isEmpty(), canActOnFilter, selection);
        canActOnGroup = Bindings.createBooleanBinding(() -> canActOnFilter.get() && selectedGroup.get() != null, canActOnFilter, selectedGroup);
        canEdit = Bindings.createBooleanBinding(() -> canActOnFilter.get() && detail.detailProperty().get() != null
                && detail.payloadKindProperty().get() != Payloads.Kind.BINARY, canActOnFilter, detail.detailProperty(), detail.payloadKindProperty());
        canRevert = Bindings.createBooleanBinding(() -> canActOnFilter.get() && detail.detailProperty().get() != null,
                canActOnFilter, detail.detailProperty());
        canRestore = Bindings.createBooleanBinding(() -> connected.get() && trashMode.get() && !running.get(),
                connected, trashMode, running);
        canImport = Bindings.createBooleanBinding(() -> connected.get() && !running.get(), connected, running);
        canExport = Bindings.createBooleanBinding(() -> connected.get() && !trashMode.get() && !running.get(),
                connected, trashMode, running);
        // while Redis is away the list is what was read before, and says so; once back, everything is read again
        connected.addListener((o, was, now) -> {
            describeStale();
            if (now && started) {
                refresh();
            }
        });
        filter.sort.addListener((o, was, now) -> applyFilter());
        filter.queue.addListener((o, was, now) -> {
            FailureGroup group = selectedGroup.get();
            if (group != null && !group.queue().equals(now)) {
                selectedGroup.set(null);
            }
            applyFilter();
        });
    }

    // State

    /** This connection's context: whether it may write, for the write controls. */
    public SessionContext context() { return context; }
    /** Whether Redis answers: the actions wait for it. */
    public ConnectionState connection() { return context.connection(); }
    FilterModel filter() { return filter; }
    DetailModel detail() { return detail; }
    OperationModel operation() { return operation; }
    /** The page shown. */
    public ObservableList<DeadLetter> items() { return itemsView; }
    /** The rows selected in the table. */
    public ObservableList<DeadLetter> selection() { return selectionView; }
    public ObservableList<String> queueNames() { return queueNamesView; }
    /** The failure groups of the queue filter (or of every queue), largest first. */
    public ObservableList<FailureGroup> groups() { return failureGroups.groupsView; }
    /** The exception classes of the groups, for the error-class filter's choices. */
    public ObservableList<String> errorClasses() { return failureGroups.errorClassesView; }
    public ReadOnlyObjectProperty<FailureGroup> selectedGroupProperty() { return selectedGroup.getReadOnlyProperty(); }
    /** The page shown, from 0. */
    public ReadOnlyIntegerProperty pageIndexProperty() { return page.pageIndex.getReadOnlyProperty(); }
    /** Pages in the list, or -1 while a search has not found its end. */
    public ReadOnlyIntegerProperty pageCountProperty() { return page.pageCount.getReadOnlyProperty(); }
    /** "Page 3 of 10,000". */
    public ReadOnlyStringProperty pageLabelProperty() { return page.pageLabel.getReadOnlyProperty(); }
    /** "1,000,000 dead letters". */
    public ReadOnlyStringProperty totalLabelProperty() { return page.totalLabel.getReadOnlyProperty(); }
    /** How many dead letters the list holds (an upper bound for a search; the trash's size in the trash view). */
    public ReadOnlyLongProperty totalProperty() { return page.total.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canPreviousProperty() { return page.canPrevious.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canNextProperty() { return page.canNext.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canLastProperty() { return page.canLast.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty loadingProperty() { return page.loading.getReadOnlyProperty(); }
    /** Whether a page read is scanning rows (a search, a long jump) and showing its progress. */
    public ReadOnlyBooleanProperty scanningProperty() { return page.scanning.getReadOnlyProperty(); }
    /** "Scanned 40,000 of 1,000,000". */
    public ReadOnlyStringProperty scanLabelProperty() { return page.scanLabel.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty scanProgressProperty() { return page.scanProgress.getReadOnlyProperty(); }
    /** Whether the table lists purged dead letters (the trash) rather than dead ones. */
    public ReadOnlyBooleanProperty trashModeProperty() { return trashMode.getReadOnlyProperty(); }
    /** Why the filters cannot be applied; empty when they can. */
    public ReadOnlyStringProperty filterErrorProperty() { return filterError.getReadOnlyProperty(); }
    /** The outcome of the last command, in plain words. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    /** "Redis is not answering: showing what was read at 14:05:32." while Redis is away; empty otherwise. */
    public ReadOnlyStringProperty staleProperty() { return stale.getReadOnlyProperty(); }
    public BooleanBinding canActOnSelectionBinding() { return canActOnSelection; }
    public BooleanBinding canActOnFilterBinding() { return canActOnFilter; }
    public BooleanBinding canActOnGroupBinding() { return canActOnGroup; }
    public BooleanBinding canEditBinding() { return canEdit; }
    /** Whether an earlier version of the message shown can be made current again. */
    public BooleanBinding canRevertBinding() { return canRevert; }
    public BooleanBinding canRestoreBinding() { return canRestore; }
    public BooleanBinding canImportBinding() { return canImport; }
    public BooleanBinding canExportBinding() { return canExport; }
    /** The query the table shows (what "replay filter" and "purge filter" act on). */
    public DeadLetterQuery query() { return page.query(); }

    // Commands

    /** Reads the queue names, the failure groups and the first page. */
    public void start() {
        if (!started) {
            started = true;
            loadQueues();
            applyFilter();
        }
    }

    /** Reads everything shown again, staying on the same page. */
    public void refresh() {
        loadQueues();
        loadGroups();
        reloadPage();
        detail.reload();
    }

    /** Lists what the filters say, from the first page, and reads the failure groups again. */
    public void applyFilter() {
        DeadLetterQuery query;
        try {
            query = filter.toQuery(context.session().engine().options().clock(), selectedGroup.get());
        } catch (IllegalArgumentException e) {
            filterError.set(e.getMessage());
            return;
        }
        filterError.set("");
        rowSelection.forgetEdited();
        page.list(query);
        loadGroups();  // the counts beside the table stay those of the moment it was read
        if (trashMode.get()) {
            page.loadTrash(filter.queue.get());
        } else {
            page.load(0, false);
        }
    }

    /** Empties the filters (not the queue or the order) and the group, and lists again. */
    public void clearFilter() {
        filter.clear();
        selectedGroup.set(null);
        applyFilter();
    }

    /** Narrows the table to one failure group (null: back to the filters alone). */
    public void selectGroup(FailureGroup group) {
        FailureGroup now = selectedGroup.get();
        if (FailureGroupsModel.same(now, group)) {
            return;
        }
        selectedGroup.set(group);
        applyFilter();
    }

    /** Lists one queue's dead letters (null: every queue), narrowed to one of its groups when not null: a link from the overview. */
    public void show(String queue, FailureGroup group) {
        start();
        filter.clear();
        filter.queue.set(group != null ? group.queue() : queue);
        selectedGroup.set(null);
        selectGroup(group);
        if (group == null) {
            applyFilter();
        }
    }

    /** Lists the dead letters of one error class (the search a benchmark and a shortcut use). */
    public void filterByErrorClass(String errorClass) {
        filter.errorClass.set(errorClass == null ? "" : errorClass);
        applyFilter();
    }

    /** Whether a bulk operation is running: true from its start (after the confirmation) to its summary. */
    public ReadOnlyBooleanProperty operationRunningProperty() { return operation.runningProperty(); }

    public void firstPage() { rowSelection.forgetEdited(); page.load(0, false); }
    public void previousPage() { rowSelection.forgetEdited(); page.load(Math.max(0, page.pageIndex.get() - 1), false); }
    public void nextPage() { rowSelection.forgetEdited(); page.load(page.pageIndex.get() + 1, false); }
    public void lastPage() { rowSelection.forgetEdited(); page.load(-1, true); }

    /** Jumps to a page, counted from 1 as the label shows them. */
    public void goToPage(int number) {
        rowSelection.forgetEdited();
        int count = page.pageCount.get();
        int index = Math.max(0, number - 1);
        page.load(count > 0 ? Math.min(index, count - 1) : index, false);
    }

    /** Stops a search (or a long jump) where it is; the page shown stays. */
    public void cancelScan() {
        page.cancelScan();
    }

    /** The rows the table has selected. */
    public void setSelection(List<DeadLetter> selected) {
        rowSelection.set(selected);
    }

    /**
     * After the page was read again, the rows still selected on it (the table selected them again). The message
     * last edited here stays selected and shown even when it has left the page (an edit can make it stop matching
     * the filters), until the operator selects another or changes the filters or the page.
     */
    public void reselect(List<DeadLetter> onPage) {
        if (rowSelection.keepEdited(onPage)) {
            return;  // the detail pane stays on it too
        }
        setSelection(onPage);
        detail.select(onPage.isEmpty() ? null : onPage.get(0));
    }

    /** Shows one dead letter in the detail pane (null clears it). */
    public void showDetail(DeadLetter letter) {
        detail.select(letter);
    }

    /** Switches the table between the dead letters and the trash (purged, restorable). */
    public void setTrashMode(boolean on) {
        if (trashMode.get() == on) {
            return;
        }
        trashMode.set(on);
        rowSelection.forgetEdited();
        selection.clear();
        detail.select(null);
        if (on) {
            page.loadTrash(filter.queue.get());
        } else {
            applyFilter();
        }
    }

    public void replaySelected(ReplayRequest request) { commands.replaySelected(request); }
    /** Replays everything the applied filters match, on every page. */
    public void replayFilter(ReplayRequest request) { commands.replayFilter(request); }
    public void replayGroup(FailureGroup group, ReplayRequest request) { commands.replayGroup(group, request); }
    public void purgeSelected() { commands.purgeSelected(); }
    public void purgeFilter() { commands.purgeFilter(); }
    public void purgeGroup(FailureGroup group) { commands.purgeGroup(group); }
    /** Restores the selected purged dead letters (trash view). */
    public void restoreSelected() { commands.restoreSelected(); }
    /** Restores the whole trash of the queue filter, or of every queue, after a dry run that counts it. */
    public void restoreAll() { commands.restoreAll(); }
    /** Writes the applied filter's dead letters (or only the selected ones) to a JSON Lines file. */
    public void export(Path file, boolean selectedOnly) { commands.export(file, selectedOnly); }
    /** Imports a JSON Lines file written by an export, into the queues named in it. */
    public void importFrom(Path file) { commands.importFrom(file); }

    /** The editor for the dead letter in the detail pane: its payload as shown, its headers, whether it must stay JSON. */
    EditorModel newEditor() {
        return editing.newEditor();
    }

    /** Saves a new payload for the dead letter in the detail pane, its headers unchanged. */
    public void edit(String payload, String reason) { edit(payload, null, reason); }

    /**
     * Saves a new version of the dead letter in the detail pane (null headers: unchanged). Refused with the reason
     * when the payload must be JSON and is not, a header line is not name=value, or the reason is missing; an edit
     * made by someone else meanwhile is reported and the message read again.
     */
    public void edit(String payload, Map<String, String> headers, String reason) {
        if (commands.refuseInTrash("Editing")) return;
        editing.edit(payload, headers, reason);
    }

    /** Makes an earlier version of the dead letter in the detail pane current again, after asking. */
    public void revert(MessageVersion earlier) {
        if (commands.refuseInTrash("Reverting")) return;
        editing.revert(earlier);
    }

    /** An earlier version's payload against the current one, for the versions tab. */
    List<LineDiff.Line> diffAgainstCurrent(MessageVersion earlier) {
        return editing.diffAgainstCurrent(earlier);
    }

    /** Pauses the running bulk operation, or resumes it. */
    public void pauseOrResume() {
        operation.pauseOrResume();
    }

    /** Cancels the running operation (a chunk in progress finishes and is counted). */
    public void cancelOperation() {
        operation.cancel();
    }

    // Reading

    private DeadLetters letters() {
        return context.session().engine().deadLetters();
    }

    private void loadQueues() {
        context.tasks().run(() -> context.session().engine().queueNames(), names -> {
            if (!names.equals(queueNames)) {
                queueNames.setAll(names);
            }
        }, e -> status.set("Could not read the queue names: " + RedisConnection.describe(e)));
    }

    private void loadGroups() {
        failureGroups.load(filter.queue.get());
    }

    private void reloadPage() {
        if (trashMode.get()) {
            page.loadTrash(filter.queue.get());
        } else if (page.listing()) {
            page.load(page.pageIndex.get(), false);
        }
    }

    private void describeStale() {
        Instant readAt = page.readAt();
        stale.set(context.connection().isConnected() ? ""
                : readAt == null ? "Redis is not answering: nothing could be read yet."
                : "Redis is not answering: showing what was read at " + Words.clock(readAt) + ".");
    }

    // Helpers

    static String abbreviate(String s, int max) {
        String line = s.lines().findFirst().orElse("");
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
