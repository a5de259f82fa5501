package io.redrive.console.deadletters;

import io.redrive.console.SessionContext;
import io.redrive.engine.FailureGroup;
import io.redrive.redis.RedisConnection;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Objects;

/**
 * The failure groups beside the table: those of the queue filter (or of every queue), largest first, the exception
 * classes they name (the error-class filter's choices), and the group the table is narrowed to, if any.
 */
final class FailureGroupsModel {
    private final SessionContext context;
    private final StringProperty status;
    /** Run when the chosen group has gone (replayed or purged whole): the table goes back to the filters alone. */
    private final Runnable chosenGroupGone;
    final ObservableList<FailureGroup> groups = FXCollections.observableArrayList();
    final ObservableList<String> errorClasses = FXCollections.observableArrayList();
    final ObservableList<FailureGroup> groupsView = FXCollections.unmodifiableObservableList(groups);
    final ObservableList<String> errorClassesView = FXCollections.unmodifiableObservableList(errorClasses);
    final ReadOnlyObjectWrapper<FailureGroup> selected = new ReadOnlyObjectWrapper<>();

    // Touched on the UI thread only.
    private String groupsQueue;

    FailureGroupsModel(SessionContext context, StringProperty status, Runnable chosenGroupGone) {
        this.context = context;
        this.status = status;
        this.chosenGroupGone = chosenGroupGone;
    }

    /** Reads the groups of this queue (null: every queue); a read for an older queue filter is dropped. */
    void load(String queue) {
        groupsQueue = queue;
        context.tasks().run(() -> context.session().engine().deadLetters().groups(queue), found -> {
            if (!Objects.equals(queue, groupsQueue)) {
                return;  // the queue filter changed meanwhile; a newer read is on its way
            }
            groups.setAll(found);
            errorClasses.setAll(found.stream().map(FailureGroup::exceptionClass).filter(Objects::nonNull).distinct().sorted().toList());
            FailureGroup chosen = selected.get();
            if (chosen != null) {
                FailureGroup now = found.stream().filter(g -> same(g, chosen)).findFirst().orElse(null);
                selected.set(now);
                if (now == null) {
                    chosenGroupGone.run();
                }
            }
        }, e -> status.set("Could not read the failure groups: " + RedisConnection.describe(e)));
    }

    static boolean same(FailureGroup a, FailureGroup b) {
        return a == b || (a != null && b != null && a.queue().equals(b.queue()) && a.fingerprint().equals(b.fingerprint()));
    }
}
