package io.redrive.console;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Instant;

/**
 * Whether a connection's Redis answers, as the session's monitor last saw it: the one state every screen of a
 * connection tab follows (the banner, disabled actions and why, the worker's status, stale charts). It starts
 * connected, since a session is only opened once Redis answered. Changed and read on the UI thread only.
 */
public final class ConnectionState {
    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper cause = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Instant> lostAt = new ReadOnlyObjectWrapper<>();
    private final StringBinding reason = Bindings.createStringBinding(() -> connected.get() ? ""
            : "Redis cannot be reached (" + cause.get() + "): this waits until the connection is back", connected, cause);

    public ReadOnlyBooleanProperty connectedProperty() { return connected.getReadOnlyProperty(); }
    public boolean isConnected() { return connected.get(); }
    /** Why Redis cannot be reached, in plain words ("connection refused (…)", "timed out"); empty while connected. */
    public ReadOnlyStringProperty causeProperty() { return cause.getReadOnlyProperty(); }
    /** When the connection was first seen lost; null while connected. */
    public ReadOnlyObjectProperty<Instant> lostAtProperty() { return lostAt.getReadOnlyProperty(); }
    /** The tooltip of a control disabled because Redis is away; empty while connected. */
    public StringBinding reasonBinding() { return reason; }

    // Commands

    /** Redis answered. */
    public void answered() {
        lostAt.set(null);
        cause.set("");
        connected.set(true);
    }

    /** Redis did not answer, for this cause; the first failure after an answer is when the connection was lost. */
    public void failed(String why, Instant at) {
        if (lostAt.get() == null) {
            lostAt.set(at);
        }
        cause.set(why);
        connected.set(false);
    }
}
