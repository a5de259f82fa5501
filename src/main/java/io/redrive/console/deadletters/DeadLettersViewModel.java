package io.redrive.console.deadletters;

import io.redrive.console.ConnectionState;
import io.redrive.console.SessionContext;
import io.redrive.console.Words;
import io.redrive.engine.Payloads;
import io.redrive.ops.Actor;
import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterDetail;
import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.EditConflictException;
import io.redrive.engine.FailureGroup;
import io.redrive.engine.InvalidPayloadException;
import io.redrive.engine.Message;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The dead-letter screen: a paged list of one query's dead letters (page size {@value DeadLetterPager#PAGE_SIZE},
 * so a DLQ of a million scrolls like one of a hundred), the failure groups beside it, the selected message in
 * full, and the operator's recoveries: replay, edit, purge and restore, export and import. Every bulk action shows
 * the engine's dry run and asks first (production connections want the count typed), then runs with a progress
 * bar that can pause, resume and cancel. On a read-only connection every command that would write refuses.
 */
public final class DeadLettersViewModel {
    private final SessionContext context;
    private final FilterModel filter = new FilterModel();
    private final DetailModel detail;
    private final OperationModel operation;
    private final RecoveryActions actions;
    private final ObservableList<DeadLetter> selection = FXCollections.observableArrayList();
    private final ObservableList<String> queueNames = FXCollections.observableArrayList();
    private final ObservableList<FailureGroup> groups = FXCollections.observableArrayList();
    private final ObservableList<String> errorClasses = FXCollections.observableArrayList();
    private final ObservableList<DeadLetter> selectionView = FXCollections.unmodifiableObservableList(selection);
    private final ObservableList<String> queueNamesView = FXCollections.unmodifiableObservableList(queueNames);
    private final ObservableList<FailureGroup> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final ObservableList<String> errorClassesView = FXCollections.unmodifiableObservableList(errorClasses);
    private final ReadOnlyObjectWrapper<FailureGroup> selectedGroup = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper trashMode = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper stale = new ReadOnlyStringWrapper("");
    private final PageModel page;
    private final ObservableList<DeadLetter> itemsView;
    private final BooleanBinding canActOnSelection;
    private final BooleanBinding canActOnFilter;
    private final BooleanBinding canActOnGroup;
    private final BooleanBinding canEdit;
    private final BooleanBinding canRestore;
    private final BooleanBinding canImport;
    private final BooleanBinding canExport;

    // Touched on the UI thread only.
    private String groupsQueue;
    private boolean started;
    /** The message last edited here: kept selected and shown when a page read again no longer holds it. */
    private DeadLetter edited;
    /** Set by a successful edit until the page read after it says where the edited message is. */
    private String savedSentence;


    public DeadLettersViewModel(SessionContext context) {
        this.context = context;
        this.detail = new DetailModel(context.tasks(), this::letters);
        this.operation = new OperationModel(context.tasks());
        this.page = new PageModel(context, status, trashMode.getReadOnlyProperty(), this::pageShown);
        this.itemsView = FXCollections.unmodifiableObservableList(page.items);
        this.actions = new RecoveryActions(context, operation, status, this::refresh, () -> {
            selection.clear();
            detail.select(null);
            refresh();
        });
        boolean readOnly = context.session().readOnly();
        var running = operation.runningProperty();
        var connected = context.connection().connectedProperty();  // nothing to act on while Redis is away
        canActOnFilter = Bindings.createBooleanBinding(() -> !readOnly && connected.get() && !trashMode.get() && !running.get(),
                connected, trashMode, running);
        canActOnSelection = Bindings.createBooleanBinding(() -> canActOnFilter.get() && !selection.isEmpty(), canActOnFilter, selection);
        canActOnGroup = Bindings.createBooleanBinding(() -> canActOnFilter.get() && selectedGroup.get() != null, canActOnFilter, selectedGroup);
        canEdit = Bindings.createBooleanBinding(() -> canActOnFilter.get() && detail.detailProperty().get() != null
                && detail.payloadKindProperty().get() != Payloads.Kind.BINARY, canActOnFilter, detail.detailProperty(), detail.payloadKindProperty());
        canRestore = Bindings.createBooleanBinding(() -> !readOnly && connected.get() && trashMode.get() && !running.get(),
                connected, trashMode, running);
        canImport = Bindings.createBooleanBinding(() -> !readOnly && connected.get() && !running.get(), connected, running);
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

    public boolean readOnly() { return context.session().readOnly(); }
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
    public ObservableList<FailureGroup> groups() { return groupsView; }
    /** The exception classes of the groups, for the error-class filter's choices. */
    public ObservableList<String> errorClasses() { return errorClassesView; }
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
    public BooleanBinding canRestoreBinding() { return canRestore; }
    public BooleanBinding canImportBinding() { return canImport; }
    public BooleanBinding canExportBinding() { return canExport; }
    /** The query the table shows (what "replay filter" and "purge filter" act on). */
    public DeadLetterQuery query() { return page.query(); }

    // Commands

    /** Reads the queue names, the failure groups and the first page. */
    public void start() {
        if (started) {
            return;
        }
        started = true;
        loadQueues();
        applyFilter();
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
        edited = null;
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
        if (sameGroup(now, group)) {
            return;
        }
        selectedGroup.set(group);
        applyFilter();
    }

    /** Lists the dead letters of one error class (the search a benchmark and a shortcut use). */
    public void filterByErrorClass(String errorClass) {
        filter.errorClass.set(errorClass == null ? "" : errorClass);
        applyFilter();
    }

    /** Whether a bulk operation is running (its progress bar shown). */
    public boolean operationRunning() {
        return operation.runningProperty().get();
    }

    public void firstPage() { edited = null; page.load(0, false); }
    public void previousPage() { edited = null; page.load(Math.max(0, page.pageIndex.get() - 1), false); }
    public void nextPage() { edited = null; page.load(page.pageIndex.get() + 1, false); }
    public void lastPage() { edited = null; page.load(-1, true); }

    /** Jumps to a page, counted from 1 as the label shows them. */
    public void goToPage(int number) {
        edited = null;
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
        selection.setAll(selected.stream().filter(Objects::nonNull).toList());
        if (edited != null && selection.stream().noneMatch(d -> sameLetter(d, edited))) {
            edited = null;  // the operator moved on
        }
    }

    /**
     * After the page was read again, the rows still selected on it (the table selected them again). The message
     * last edited here stays selected and shown even when it has left the page (an edit can make it stop matching
     * the filters), until the operator selects another or changes the filters or the page.
     */
    public void reselect(List<DeadLetter> onPage) {
        if (onPage.isEmpty() && edited != null) {
            selection.setAll(edited);  // the detail pane stays on it too
            return;
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
        edited = null;
        selection.clear();
        detail.select(null);
        if (on) {
            page.loadTrash(filter.queue.get());
        } else {
            applyFilter();
        }
    }

    public void replaySelected(ReplayRequest request) {
        if (refuseWhenReadOnly("Replaying") || refuseInTrash("Replaying")) return;
        List<DeadLetterTarget> targets = selectionTargets();
        if (targets.isEmpty()) {
            status.set("Select the dead letters to replay first.");
            return;
        }
        actions.replay(targets, request);
    }

    /** Replays everything the applied filters match, on every page. */
    public void replayFilter(ReplayRequest request) {
        if (refuseWhenReadOnly("Replaying") || refuseInTrash("Replaying") || !page.listing()) return;
        actions.replay(List.of(DeadLetterTarget.matching(page.query())), request);
    }

    public void replayGroup(FailureGroup group, ReplayRequest request) {
        if (refuseWhenReadOnly("Replaying") || refuseInTrash("Replaying") || group == null) return;
        actions.replay(List.of(DeadLetterTarget.group(group.queue(), group.fingerprint())), request);
    }

    public void purgeSelected() {
        if (refuseWhenReadOnly("Purging") || refuseInTrash("Purging")) return;
        List<DeadLetterTarget> targets = selectionTargets();
        if (targets.isEmpty()) {
            status.set("Select the dead letters to purge first.");
            return;
        }
        actions.purge(targets);
    }

    public void purgeFilter() {
        if (refuseWhenReadOnly("Purging") || refuseInTrash("Purging") || !page.listing()) return;
        actions.purge(List.of(DeadLetterTarget.matching(page.query())));
    }

    public void purgeGroup(FailureGroup group) {
        if (refuseWhenReadOnly("Purging") || refuseInTrash("Purging") || group == null) return;
        actions.purge(List.of(DeadLetterTarget.group(group.queue(), group.fingerprint())));
    }

    /** The editor for the dead letter in the detail pane: its payload as shown, and whether it must stay JSON. */
    EditorModel newEditor() {
        DeadLetterDetail d = detail.detailProperty().get();
        if (d == null) {
            return null;
        }
        Message m = d.message();
        boolean json = Payloads.mustBeJson(m.payload(), m.headers());
        String text = detail.payloadKindProperty().get() == Payloads.Kind.JSON
                ? detail.payloadProperty().get() : new String(m.payload(), StandardCharsets.UTF_8);
        return new EditorModel(text, json);
    }

    /**
     * Saves a new version of the dead letter in the detail pane. Refused with the reason when the payload must be
     * JSON and is not, or the reason is missing; an edit made by someone else meanwhile is reported and the
     * message read again.
     */
    public void edit(String payload, String reason) {
        if (refuseWhenReadOnly("Editing") || refuseInTrash("Editing")) return;
        DeadLetterDetail d = detail.detailProperty().get();
        if (d == null) {
            status.set("Select a dead letter to edit first.");
            return;
        }
        if (reason == null || reason.isBlank()) {
            refuse("Edit refused", "An edit needs a reason, for the message's history.");
            return;
        }
        Message m = d.message();
        String problem = EditorModel.problem(payload, Payloads.mustBeJson(m.payload(), m.headers()));
        if (!problem.isEmpty()) {
            refuse("Edit refused", problem);
            return;
        }
        Actor actor = context.session().actor();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = detail.shown();
        status.set("Saving a new version of " + m.id() + "…");
        context.tasks().run(() -> letters().edit(m.queue(), m.id(), d.version(), bytes, m.headers(), reason.trim(), actor),
                version -> {
                    savedSentence = "Saved version " + version + " of message " + m.id() + ".";
                    status.set(savedSentence);
                    edited = letter;
                    detail.reload();
                    reloadPage();
                }, e -> {
                    if (e instanceof EditConflictException conflict) {
                        status.set("Edit conflict: nothing was saved; the message was read again.");
                        context.dialogs().showError("Edit conflict", conflict.getMessage()
                                + ".\n\nNothing was saved. The message has been read again with the other edit: open the editor to edit version "
                                + conflict.currentVersion() + ".", null);
                        detail.reload();
                    } else if (e instanceof InvalidPayloadException || e instanceof IllegalArgumentException
                            || e instanceof IllegalStateException) {
                        refuse("Edit refused", e.getMessage());
                        detail.reload();
                    } else {
                        failed("Edit", e);
                    }
                });
    }

    /** Restores the selected purged dead letters (trash view). */
    public void restoreSelected() {
        if (refuseWhenReadOnly("Restoring") || !trashMode.get()) return;
        Map<String, List<String>> byQueue = idsByQueue(selection);
        if (byQueue.isEmpty()) {
            status.set("Select the purged dead letters to restore first.");
            return;
        }
        actions.restore(byQueue);
    }

    /** Restores the whole trash of the queue filter, or of every queue, after a dry run that counts it. */
    public void restoreAll() {
        if (refuseWhenReadOnly("Restoring") || !trashMode.get()) return;
        String queue = filter.queue.get();
        actions.restoreAll(queue == null ? null : List.of(queue));
    }

    /** Writes the applied filter's dead letters (or only the selected ones) to a JSON Lines file. */
    public void export(Path file, boolean selectedOnly) {
        if (trashMode.get() || !page.listing() || busy()) return;
        List<DeadLetterTarget> targets = selectedOnly ? selectionTargets() : List.of(DeadLetterTarget.matching(page.query()));
        if (targets.isEmpty()) {
            status.set("Select the dead letters to export first.");
            return;
        }
        actions.export(file, targets);
    }

    /** Imports a JSON Lines file written by an export, into the queues named in it. */
    public void importFrom(Path file) {
        if (refuseWhenReadOnly("Importing") || busy()) return;
        actions.importFrom(file);
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
        String queue = filter.queue.get();
        groupsQueue = queue;
        context.tasks().run(() -> letters().groups(queue), found -> {
            if (!Objects.equals(queue, groupsQueue)) {
                return;  // the queue filter changed meanwhile; a newer read is on its way
            }
            groups.setAll(found);
            errorClasses.setAll(found.stream().map(FailureGroup::exceptionClass).filter(Objects::nonNull).distinct().sorted().toList());
            FailureGroup chosen = selectedGroup.get();
            if (chosen != null) {
                FailureGroup now = found.stream().filter(g -> sameGroup(g, chosen)).findFirst().orElse(null);
                selectedGroup.set(now);
                if (now == null) {
                    applyFilter();  // the group has gone (replayed or purged whole): back to the filters alone
                }
            }
        }, e -> status.set("Could not read the failure groups: " + RedisConnection.describe(e)));
    }

    private void reloadPage() {
        if (trashMode.get()) {
            page.loadTrash(filter.queue.get());
        } else if (page.listing()) {
            page.load(page.pageIndex.get(), false);
        }
    }

    /** After a page is shown: where the message saved by an edit went, said once. */
    private void pageShown(List<DeadLetter> onPage) {
        if (savedSentence != null && edited != null) {
            boolean here = onPage.stream().anyMatch(l -> sameLetter(l, edited));
            status.set(savedSentence + (here ? "" : " It is not on this page any more (it no longer matches the filters, "
                    + "or moved to another page); it stays shown below until you select another."));
        }
        savedSentence = null;
    }

    private void describeStale() {
        Instant readAt = page.readAt();
        stale.set(context.connection().isConnected() ? ""
                : readAt == null ? "Redis is not answering: nothing could be read yet."
                : "Redis is not answering: showing what was read at " + Words.clock(readAt) + ".");
    }

    // Helpers

    private List<DeadLetterTarget> selectionTargets() {
        List<DeadLetterTarget> targets = new ArrayList<>();
        idsByQueue(selection).forEach((queue, ids) -> targets.add(DeadLetterTarget.ids(queue, ids)));
        return targets;
    }

    private static Map<String, List<String>> idsByQueue(List<DeadLetter> letters) {
        Map<String, List<String>> byQueue = new LinkedHashMap<>();
        for (DeadLetter d : letters) {
            byQueue.computeIfAbsent(d.queue(), q -> new ArrayList<>()).add(d.id());
        }
        return byQueue;
    }

    private boolean refuseWhenReadOnly(String what) {
        if (!readOnly()) {
            return false;
        }
        status.set(what + " is not possible here. " + SessionContext.READ_ONLY_REASON + ".");
        return true;
    }

    private boolean refuseInTrash(String what) {
        if (!trashMode.get()) {
            return false;
        }
        status.set(what + " works on dead letters; leave the trash view first (or restore these).");
        return true;
    }

    private boolean busy() {
        return actions.busy();
    }

    private void refuse(String title, String why) {
        status.set(title + ": " + why);
        context.dialogs().showError(title, why, null);
    }

    private void failed(String what, Throwable e) {
        actions.failed(what, e);
    }

    private static boolean sameLetter(DeadLetter a, DeadLetter b) {
        return a.queue().equals(b.queue()) && a.id().equals(b.id());
    }

    private static boolean sameGroup(FailureGroup a, FailureGroup b) {
        return a == b || (a != null && b != null && a.queue().equals(b.queue()) && a.fingerprint().equals(b.fingerprint()));
    }

    static String abbreviate(String s, int max) {
        String line = s.lines().findFirst().orElse("");
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }

}
