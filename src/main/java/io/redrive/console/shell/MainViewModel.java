package io.redrive.console.shell;

import io.redrive.console.ConnectionSettings;
import io.redrive.console.Session;
import io.redrive.console.TaskExecutor;
import io.redrive.redis.RedisConnection;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The console window's state: the open connections and what is being connected. Connecting and closing run in
 * the background; the list changes on the UI thread.
 */
public final class MainViewModel {
    private final TaskExecutor tasks;
    private final ObservableList<Session> sessions = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper connecting = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

    public MainViewModel(TaskExecutor tasks) {
        this.tasks = tasks;
    }

    public ObservableList<Session> sessions() { return sessions; }
    public ReadOnlyBooleanProperty connectingProperty() { return connecting.getReadOnlyProperty(); }
    /** What the window's status bar says when no connection speaks for itself ("Connecting to …", an error). */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public TaskExecutor tasks() { return tasks; }

    // Commands

    /** Opens a connection; on failure the status says why in plain words and {@code onError} gets the cause. */
    public void open(ConnectionSettings settings, Consumer<Throwable> onError) {
        connecting.set(true);
        status.set("Connecting to " + settings.name() + "…");
        tasks.run(() -> Session.open(settings), session -> {
            connecting.set(false);
            status.set("");
            sessions.add(session);
        }, e -> {
            connecting.set(false);
            status.set("Could not connect to " + settings.name() + ": " + RedisConnection.describe(e));
            onError.accept(e);
        });
    }

    /** Closes a connection (its engine stops its upkeep first). */
    public void close(Session session) {
        sessions.remove(session);
        tasks.submit(() -> {
            session.close();
            return null;
        });
    }

    /**
     * Closes every connection and waits, for the window closing. It leaves the list alone (that belongs to the UI
     * thread), so it may run on any thread.
     */
    public void closeAll() {
        for (Session s : List.copyOf(sessions)) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // closing while Redis is away: nothing more to do
            }
        }
    }
}
