package io.redrive.console.cache;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;

/**
 * One namespace's line in the cache table. Counters are summed over the chosen history range (every process
 * that uses the helper); key count and memory are -1 until measured (a SCAN, so only on request).
 */
public final class NamespaceRow {
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper();
    final LongProperty hits = new SimpleLongProperty();
    final LongProperty misses = new SimpleLongProperty();
    final DoubleProperty hitRate = new SimpleDoubleProperty(Double.NaN);
    final LongProperty loads = new SimpleLongProperty();
    final LongProperty errors = new SimpleLongProperty();
    final DoubleProperty averageLoadMillis = new SimpleDoubleProperty();
    final LongProperty nearHits = new SimpleLongProperty();
    final LongProperty keys = new SimpleLongProperty(-1);
    final LongProperty memoryBytes = new SimpleLongProperty(-1);
    final LongProperty ttlSeconds = new SimpleLongProperty();
    final LongProperty configuredTtlSeconds = new SimpleLongProperty();
    final BooleanProperty enabled = new SimpleBooleanProperty(true);
    final BooleanProperty overridden = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper changed = new ReadOnlyStringWrapper("");

    NamespaceRow(String name) {
        this.name.set(name);
    }

    public ReadOnlyStringProperty nameProperty() { return name.getReadOnlyProperty(); }
    public String getName() { return name.get(); }
    public LongProperty hitsProperty() { return hits; }
    public LongProperty missesProperty() { return misses; }
    /** Hits over reads, 0 to 1; NaN without reads. */
    public DoubleProperty hitRateProperty() { return hitRate; }
    public LongProperty loadsProperty() { return loads; }
    public LongProperty errorsProperty() { return errors; }
    public DoubleProperty averageLoadMillisProperty() { return averageLoadMillis; }
    public LongProperty nearHitsProperty() { return nearHits; }
    public LongProperty keysProperty() { return keys; }
    public LongProperty memoryBytesProperty() { return memoryBytes; }
    public LongProperty ttlSecondsProperty() { return ttlSeconds; }
    public LongProperty configuredTtlSecondsProperty() { return configuredTtlSeconds; }
    public BooleanProperty enabledProperty() { return enabled; }
    public BooleanProperty overriddenProperty() { return overridden; }
    /** Who changed the settings and when, or empty when the configured ones apply. */
    public ReadOnlyStringProperty changedProperty() { return changed.getReadOnlyProperty(); }

    void setChanged(String text) {
        changed.set(text);
    }
}
