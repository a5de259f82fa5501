package io.redrive.console.overview;

import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleLongProperty;

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
}
