package io.redrive.console.overview;

import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import io.redrive.engine.FailureGroup;
import io.redrive.engine.QueueHealth;
import java.util.List;

/** One queue's line in the overview; its numbers change in place, so a refresh never rebuilds the table. */
public final class QueueRow {
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper();
    final LongProperty ready = new SimpleLongProperty();
    final LongProperty inFlight = new SimpleLongProperty();
    final LongProperty scheduled = new SimpleLongProperty();
    final LongProperty dead = new SimpleLongProperty();
    final LongProperty enqueuedPerMinute = new SimpleLongProperty();
    final LongProperty succeededPerMinute = new SimpleLongProperty();
    final LongProperty failedPerMinute = new SimpleLongProperty();
    final LongProperty deadLetteredPerMinute = new SimpleLongProperty();
    final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    final ReadOnlyObjectWrapper<QueueHealth> health = new ReadOnlyObjectWrapper<>();
    final ReadOnlyStringWrapper retrySuccess = new ReadOnlyStringWrapper("");
    final ReadOnlyBooleanWrapper retryMissesTarget = new ReadOnlyBooleanWrapper();
    final ReadOnlyStringWrapper resolution = new ReadOnlyStringWrapper("");
    final ReadOnlyBooleanWrapper resolutionMissesTarget = new ReadOnlyBooleanWrapper();
    final ReadOnlyStringWrapper deadLetters = new ReadOnlyStringWrapper("");
    final ReadOnlyStringWrapper workers = new ReadOnlyStringWrapper("");
    final ReadOnlyBooleanWrapper unserved = new ReadOnlyBooleanWrapper();
    final ReadOnlyObjectWrapper<List<FailureGroup>> newGroups = new ReadOnlyObjectWrapper<>(List.of());

    QueueRow(String name) {
        this.name.set(name);
    }

    public ReadOnlyStringProperty nameProperty() { return name.getReadOnlyProperty(); }
    public String getName() { return name.get(); }
    public LongProperty readyProperty() { return ready; }
    public LongProperty inFlightProperty() { return inFlight; }
    public LongProperty scheduledProperty() { return scheduled; }
    public LongProperty deadProperty() { return dead; }
    public LongProperty enqueuedPerMinuteProperty() { return enqueuedPerMinute; }
    public LongProperty succeededPerMinuteProperty() { return succeededPerMinute; }
    public LongProperty failedPerMinuteProperty() { return failedPerMinute; }
    public LongProperty deadLetteredPerMinuteProperty() { return deadLetteredPerMinute; }
    /** What is damaged in this queue's stored data, in a sentence; empty when nothing is. */
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }
    /** The last health read, for the sparklines; null until the first. */
    public ReadOnlyObjectProperty<QueueHealth> healthProperty() { return health.getReadOnlyProperty(); }
    /** "94 %": messages that failed and then succeeded, of those that failed. */
    public ReadOnlyStringProperty retrySuccessProperty() { return retrySuccess.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty retryMissesTargetProperty() { return retryMissesTarget.getReadOnlyProperty(); }
    /** "3 h 10 min (p90 20 h)": from death to replay or purge. */
    public ReadOnlyStringProperty resolutionProperty() { return resolution.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty resolutionMissesTargetProperty() { return resolutionMissesTarget.getReadOnlyProperty(); }
    /** "Oldest 3 h of 7 days kept · 312 expire in the next 24 h". */
    public ReadOnlyStringProperty deadLettersProperty() { return deadLetters.getReadOnlyProperty(); }
    /** "2 live workers" or "No live worker serves this queue". */
    public ReadOnlyStringProperty workersProperty() { return workers.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty unservedProperty() { return unserved.getReadOnlyProperty(); }
    /** Failure groups first seen in the last hour, newest first. */
    public ReadOnlyObjectProperty<List<FailureGroup>> newGroupsProperty() { return newGroups.getReadOnlyProperty(); }
}
