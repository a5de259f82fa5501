package io.redrive.console.cache;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.CircularDoubleErrorDataSet;
import io.fair_acc.dataset.spi.DoubleDataSet;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hit-rate chart's data, one pair of series per namespace: per minute (from Redis's per-minute counters) and
 * per second (live, a ring buffer of a fixed number of points). x is seconds since the epoch, y a percentage.
 * Change it on the UI thread only; the chart draws it.
 */
public final class HitRateSeries {
    private final int liveCapacity;
    private final Map<String, DoubleDataSet> minutes = new LinkedHashMap<>();
    private final Map<String, CircularDoubleErrorDataSet> seconds = new LinkedHashMap<>();
    private final ObservableList<DataSet> minuteSets = FXCollections.observableArrayList();
    private final ObservableList<DataSet> secondSets = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper(true);

    /** @param liveCapacity how many per-second points each namespace keeps (86,400 for a day) */
    public HitRateSeries(int liveCapacity) {
        this.liveCapacity = liveCapacity;
    }

    /** Adds the namespace's two series if it has none yet. */
    public void ensure(String namespace) {
        if (minutes.containsKey(namespace)) {
            return;
        }
        DoubleDataSet perMinute = new DoubleDataSet(namespace);
        perMinute.setStyle("-fx-line-width: 2.5; -fx-marker-size: 2.5;");
        CircularDoubleErrorDataSet perSecond = new CircularDoubleErrorDataSet(namespace + " per second", liveCapacity);
        perSecond.setStyle("-fx-line-width: 0.8;");
        minutes.put(namespace, perMinute);
        seconds.put(namespace, perSecond);
        minuteSets.add(perMinute);
        secondSets.add(perSecond);
    }

    /** Appends one live point. */
    public void appendSecond(String namespace, double epochSeconds, double percent) {
        ensure(namespace);
        seconds.get(namespace).add(epochSeconds, percent, 0, 0);
        empty.set(false);
    }

    /** Appends many live points at once (one change event instead of one per point). */
    public void appendSeconds(String namespace, double[] epochSeconds, double[] percents) {
        ensure(namespace);
        double[] none = new double[epochSeconds.length];
        seconds.get(namespace).add(epochSeconds, percents, none, none);
        empty.set(countPoints() == 0);
    }

    /** Replaces the per-minute series with the first {@code count} points of these arrays. */
    public void setMinutes(String namespace, double[] epochSeconds, double[] percents, int count) {
        ensure(namespace);
        minutes.get(namespace).set(epochSeconds, percents, count, true);
        empty.set(countPoints() == 0);
    }

    /** Whether no namespace has a point to draw: no reads in the range shown. */
    public ReadOnlyBooleanProperty emptyProperty() {
        return empty.getReadOnlyProperty();
    }

    private int countPoints() {
        int n = 0;
        for (DataSet set : minuteSets) {
            n += set.getDataCount();
        }
        for (DataSet set : secondSets) {
            n += set.getDataCount();
        }
        return n;
    }

    public DoubleDataSet minutes(String namespace) {
        return minutes.get(namespace);
    }

    public CircularDoubleErrorDataSet seconds(String namespace) {
        return seconds.get(namespace);
    }

    /** The per-minute series, in the namespaces' order: what the chart's main renderer draws. */
    public ObservableList<DataSet> minuteSets() {
        return minuteSets;
    }

    /** The per-second series, in the same order, so a namespace has the same colour in both. */
    public ObservableList<DataSet> secondSets() {
        return secondSets;
    }

    /** The oldest point's time in any series, in seconds since the epoch; NaN when there is none. */
    public double earliestSeconds() {
        double earliest = Double.NaN;
        for (DataSet set : minuteSets) {
            earliest = older(earliest, set);
        }
        for (DataSet set : secondSets) {
            earliest = older(earliest, set);
        }
        return earliest;
    }

    private static double older(double earliest, DataSet set) {
        if (set.getDataCount() == 0) {
            return earliest;
        }
        double first = set.get(DataSet.DIM_X, 0);  // both kinds keep their points oldest first
        return Double.isNaN(earliest) || first < earliest ? first : earliest;
    }

    public List<String> namespaces() {
        return new ArrayList<>(minutes.keySet());
    }

    public int liveCapacity() {
        return liveCapacity;
    }
}
