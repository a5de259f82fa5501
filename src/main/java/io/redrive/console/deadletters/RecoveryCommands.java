package io.redrive.console.deadletters;

import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.FailureGroup;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The recoveries the screen offers (replay, purge, restore, export, import) on the selection, the applied filter
 * or a failure group, each refused first with a sentence when it cannot run here: in the trash view, or while
 * another operation runs. On a read-only connection the engine refuses the write itself, with its own sentence.
 * The work itself is {@link RecoveryActions}'.
 */
final class RecoveryCommands {
    private final StringProperty status;
    private final ObservableBooleanValue trashMode;
    private final PageModel page;
    private final RowSelection selection;
    private final RecoveryActions actions;
    private final Supplier<String> queueFilter;

    RecoveryCommands(StringProperty status, ObservableBooleanValue trashMode, PageModel page,
                     RowSelection selection, RecoveryActions actions, Supplier<String> queueFilter) {
        this.status = status;
        this.trashMode = trashMode;
        this.page = page;
        this.selection = selection;
        this.actions = actions;
        this.queueFilter = queueFilter;
    }

    public void replaySelected(ReplayRequest request) {
        if (refuseInTrash("Replaying")) return;
        List<DeadLetterTarget> targets = selection.targets();
        if (targets.isEmpty()) {
            status.set("Select the dead letters to replay first.");
            return;
        }
        actions.replay(targets, request);
    }

    /** Replays everything the applied filters match, on every page. */
    public void replayFilter(ReplayRequest request) {
        if (refuseInTrash("Replaying") || !page.listing()) return;
        actions.replay(List.of(DeadLetterTarget.matching(page.query())), request);
    }

    public void replayGroup(FailureGroup group, ReplayRequest request) {
        if (refuseInTrash("Replaying") || group == null) return;
        actions.replay(List.of(DeadLetterTarget.group(group.queue(), group.fingerprint())), request);
    }

    public void purgeSelected() {
        if (refuseInTrash("Purging")) return;
        List<DeadLetterTarget> targets = selection.targets();
        if (targets.isEmpty()) {
            status.set("Select the dead letters to purge first.");
            return;
        }
        actions.purge(targets);
    }

    public void purgeFilter() {
        if (refuseInTrash("Purging") || !page.listing()) return;
        actions.purge(List.of(DeadLetterTarget.matching(page.query())));
    }

    public void purgeGroup(FailureGroup group) {
        if (refuseInTrash("Purging") || group == null) return;
        actions.purge(List.of(DeadLetterTarget.group(group.queue(), group.fingerprint())));
    }

    /** Restores the selected purged dead letters (trash view). */
    public void restoreSelected() {
        if (!trashMode.get()) return;
        Map<String, List<String>> byQueue = selection.idsByQueue();
        if (byQueue.isEmpty()) {
            status.set("Select the purged dead letters to restore first.");
            return;
        }
        actions.restore(byQueue);
    }

    /** Restores the whole trash of the queue filter, or of every queue, after a dry run that counts it. */
    public void restoreAll() {
        if (!trashMode.get()) return;
        String queue = queueFilter.get();
        actions.restoreAll(queue == null ? null : List.of(queue));
    }

    /** Writes the applied filter's dead letters (or only the selected ones) to a JSON Lines file. */
    public void export(Path file, boolean selectedOnly) {
        if (trashMode.get() || !page.listing() || busy()) return;
        List<DeadLetterTarget> targets = selectedOnly ? selection.targets() : List.of(DeadLetterTarget.matching(page.query()));
        if (targets.isEmpty()) {
            status.set("Select the dead letters to export first.");
            return;
        }
        actions.export(file, targets);
    }

    /** Imports a JSON Lines file written by an export, into the queues named in it. */
    public void importFrom(Path file) {
        if (busy()) return;
        actions.importFrom(file);
    }

    boolean refuseInTrash(String what) {
        if (!trashMode.get()) {
            return false;
        }
        status.set(what + " works on dead letters; leave the trash view first (or restore these).");
        return true;
    }

    private boolean busy() {
        return actions.busy();
    }
}
