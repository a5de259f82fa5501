package io.redrive.console.retries;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Instant;

/**
 * One retry-scheduled message in the table. A refresh changes its values in place, so the table keeps its
 * rows, its selection and its scroll position.
 */
public final class ScheduledRow {
    private final String id;
    final ReadOnlyObjectWrapper<Instant> nextAttemptAt = new ReadOnlyObjectWrapper<>();
    final ReadOnlyStringWrapper nextAttempt = new ReadOnlyStringWrapper("");
    final ReadOnlyIntegerWrapper attempts = new ReadOnlyIntegerWrapper();
    final ReadOnlyStringWrapper lastError = new ReadOnlyStringWrapper("");
    final ReadOnlyStringWrapper enqueued = new ReadOnlyStringWrapper("");

    ScheduledRow(String id) {
        this.id = id;
    }

    public String id() { return id; }
    public ReadOnlyObjectProperty<Instant> nextAttemptAtProperty() { return nextAttemptAt.getReadOnlyProperty(); }
    /** When it is tried next, as a countdown and a local time: "in 59 min · 13:04:31". */
    public ReadOnlyStringProperty nextAttemptProperty() { return nextAttempt.getReadOnlyProperty(); }
    /** How many attempts it has had so far. */
    public ReadOnlyIntegerProperty attemptsProperty() { return attempts.getReadOnlyProperty(); }
    public ReadOnlyStringProperty lastErrorProperty() { return lastError.getReadOnlyProperty(); }
    public ReadOnlyStringProperty enqueuedProperty() { return enqueued.getReadOnlyProperty(); }

    @Override
    public String toString() {
        return "ScheduledRow[" + id + "]";
    }
}
