package io.redrive.console.cache;

import io.fair_acc.dataset.spi.DoubleDataSet;
import io.redrive.cache.CacheAdmin;
import io.redrive.cache.NamespaceSettings;
import io.redrive.cache.NamespaceSize;
import io.redrive.console.Confirmation;
import io.redrive.console.SessionContext;
import io.redrive.console.Words;
import io.redrive.console.Coalescer;
import io.redrive.ops.BulkOperation;
import io.redrive.redis.RedisConnection;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The cache screen's selected namespace: its settings and sampled keys, the TTL and enabled changes an operator
 * makes to it (through {@link CacheAdmin}, which validates, audits and returns the settings then in force), and the
 * re-applying of a TTL to its existing keys. Part of {@link CacheViewModel}, which owns the rows.
 */
final class NamespaceEditor {
    /** Keys sampled for memory and remaining TTLs. */
    static final int SIZE_SAMPLE = 500;
    private static final int HISTOGRAM_BINS = 24;

    /** The rows this editor reads and updates: the view model's. */
    interface Rows {
        List<NamespaceRow> all();

        NamespaceRow rowFor(String namespace);
    }

    private final SessionContext context;
    private final CacheAdmin cache;
    private final Clock clock;
    private final Rows rows;
    private final ReadOnlyStringWrapper error;
    private final ReadOnlyStringWrapper status;
    private final Runnable reread;
    private final ReadOnlyObjectWrapper<NamespaceRow> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("Select a namespace to see its settings, keys and TTLs.");
    private final ReadOnlyStringWrapper size = new ReadOnlyStringWrapper("");
    private final DoubleDataSet ttlHistogram = new DoubleDataSet("sampled keys");
    private final ObjectProperty<Integer> ttlSeconds = new SimpleObjectProperty<>(300);
    private final BooleanProperty reapply = new SimpleBooleanProperty();
    private final ReadOnlyBooleanWrapper measuring = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper reapplying = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper reapplyProgress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper reapplyStatus = new ReadOnlyStringWrapper("");
    private BulkOperation reapplyOperation;

    NamespaceEditor(SessionContext context, CacheAdmin cache, Clock clock, Rows rows, ReadOnlyStringWrapper error,
                    ReadOnlyStringWrapper status, Runnable reread) {
        this.context = context;
        this.cache = cache;
        this.clock = clock;
        this.rows = rows;
        this.error = error;
        this.status = status;
        this.reread = reread;
    }

    ReadOnlyObjectProperty<NamespaceRow> selectedProperty() { return selected.getReadOnlyProperty(); }
    ReadOnlyStringProperty detailsProperty() { return details.getReadOnlyProperty(); }
    ReadOnlyStringProperty sizeProperty() { return size.getReadOnlyProperty(); }
    DoubleDataSet ttlHistogram() { return ttlHistogram; }
    ObjectProperty<Integer> ttlSecondsProperty() { return ttlSeconds; }
    BooleanProperty reapplyProperty() { return reapply; }
    ReadOnlyBooleanProperty measuringProperty() { return measuring.getReadOnlyProperty(); }
    ReadOnlyBooleanProperty reapplyingProperty() { return reapplying.getReadOnlyProperty(); }
    ReadOnlyDoubleProperty reapplyProgressProperty() { return reapplyProgress.getReadOnlyProperty(); }
    ReadOnlyStringProperty reapplyStatusProperty() { return reapplyStatus.getReadOnlyProperty(); }

    /** Shows a namespace's settings and samples its keys (count, memory, remaining TTLs). */
    void select(NamespaceRow row) {
        selected.set(row);
        if (row == null) {
            details.set("Select a namespace to see its settings, keys and TTLs.");
            size.set("");
            ttlHistogram.clearData();
            return;
        }
        ttlSeconds.set((int) Math.min(Integer.MAX_VALUE, row.ttlSeconds.get()));
        reapply.set(false);
        describeSelected();
        sample(row.getName());
    }

    /** Samples the selected namespace's keys again. */
    void sampleSelected() {
        NamespaceRow row = selected.get();
        if (row != null) {
            sample(row.getName());
        }
    }

    /** Counts every namespace's keys and estimates their memory (one SCAN per namespace). */
    void measureAll() {
        if (measuring.get()) {
            return;
        }
        measuring.set(true);
        status.set("Counting keys (SCAN) and sampling memory…");
        List<String> names = rows.all().stream().map(NamespaceRow::getName).toList();
        context.tasks().run(() -> {
            List<NamespaceSize> sizes = new ArrayList<>();
            for (String ns : names) {
                sizes.add(cache.size(ns, SIZE_SAMPLE));
            }
            return sizes;
        }, sizes -> {
            measuring.set(false);
            sizes.forEach(this::applySize);
            status.set("Key counts and memory measured at " + Words.clock(clock.instant()));
        }, e -> {
            measuring.set(false);
            status.set("");
            error.set(RedisConnection.describe(e));
        });
    }

    /**
     * Sets the selected namespace's TTL for every process (audited, marked on the chart), and with
     * {@link #reapplyProperty()} gives its existing keys the new TTL too, after the operator confirms.
     */
    void applyTtl() {
        NamespaceRow row = selected.get();
        Integer seconds = ttlSeconds.get();
        if (row == null || seconds == null) {
            return;
        }
        try {
            CacheAdmin.requireValidTtl(Duration.ofSeconds(seconds));
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        String namespace = row.getName();
        boolean again = reapply.get();
        String ttl = Words.duration(Duration.ofSeconds(seconds));
        long keys = row.keys.get();
        if (again && !context.dialogs().confirm(new Confirmation("Give the existing keys of " + namespace + " the new TTL?",
                "Re-apply " + ttl,
                "Set the TTL of namespace " + namespace + " to " + ttl + " and give every key it already has ("
                        + (keys >= 0 ? "about " + String.format("%,d", keys) : "not counted yet") + ") that TTL, counted from now.",
                "This cannot be undone: keys whose TTL gets shorter expire sooner than they would have.", "",
                Math.max(0, keys), true, false))) {
            return;
        }
        record Applied(NamespaceSettings settings, BulkOperation reapplying) { }
        context.tasks().run(() -> {
            NamespaceSettings now = cache.setTtl(namespace, Duration.ofSeconds(seconds), context.session().actor());
            return new Applied(now, again ? cache.reapplyTtl(namespace, context.session().actor()) : null);
        }, applied -> {
            error.set("");
            status.set("TTL of " + namespace + " set to " + Words.duration(Duration.ofSeconds(seconds)));
            showSettings(applied.settings());
            if (applied.reapplying() != null) {
                watch(applied.reapplying());
            }
        }, e -> error.set("Could not set the TTL: " + RedisConnection.describe(e)));
    }

    /** Drops the selected namespace's live override: the configured TTL applies again. */
    void resetTtl() {
        NamespaceRow row = selected.get();
        if (row == null) {
            return;
        }
        String namespace = row.getName();
        context.tasks().run(() -> cache.resetSettings(namespace, context.session().actor()), s -> {
            error.set("");
            status.set("Namespace " + namespace + " is back to its configured TTL of " + s.configuredTtl().toSeconds() + " s");
            ttlSeconds.set((int) s.ttl().toSeconds());
            showSettings(s);
        }, e -> error.set("Could not reset the namespace: " + RedisConnection.describe(e)));
    }

    /** Turns caching of the selected namespace on or off for every process. */
    void setCachingEnabled(boolean enabled) {
        NamespaceRow row = selected.get();
        if (row == null || row.enabled.get() == enabled) {
            return;
        }
        String namespace = row.getName();
        context.tasks().run(() -> cache.setEnabled(namespace, enabled, context.session().actor()), s -> {
            status.set("Caching of " + namespace + (enabled ? " turned on" : " turned off"));
            showSettings(s);
        }, e -> error.set("Could not change the namespace: " + RedisConnection.describe(e)));
    }

    /** Stops re-applying the TTL after the batch in progress. */
    void cancelReapply() {
        BulkOperation operation = reapplyOperation;
        if (operation != null) {
            operation.cancel();
        }
    }

    private void sample(String namespace) {
        size.set("Sampling keys…");
        context.tasks().run(() -> cache.size(namespace, SIZE_SAMPLE), this::applySize,
                e -> size.set("Could not sample the keys: " + RedisConnection.describe(e)));
    }

    private void watch(BulkOperation operation) {
        reapplyOperation = operation;
        reapplying.set(true);
        reapplyProgress.set(-1);
        reapplyStatus.set("Re-applying the TTL…");
        Coalescer<BulkOperation.Progress> progress = Coalescer.latest(context.tasks().ui(), this::showProgress);
        operation.onProgress(progress::post);
        operation.completion().thenAccept(p -> context.tasks().ui().execute(() -> {
            showProgress(p);
            reapplying.set(false);
            reapplyOperation = null;
            reapplyStatus.set(switch (p.state()) {
                case COMPLETED -> "Re-applied to " + p.succeeded() + " keys";
                case CANCELLED -> "Cancelled after " + p.succeeded() + " keys";
                default -> "Stopped after " + p.succeeded() + " keys: " + p.lastError();
            });
        }));
    }

    private void showProgress(BulkOperation.Progress p) {
        reapplyProgress.set(p.fractionDone());
        if (!p.isDone()) {
            reapplyStatus.set(p.processed() + (p.total() >= 0 ? " of " + p.total() : "") + " keys");
        }
    }

    void applySize(NamespaceSize s) {
        NamespaceRow row = rows.rowFor(s.namespace());
        row.keys.set(s.keys());
        row.memoryBytes.set(s.memoryBytes());
        if (selected.get() == row) {
            TtlHistogram histogram = TtlHistogram.of(s.remainingTtls(), Duration.ofSeconds(row.ttlSeconds.get()), HISTOGRAM_BINS);
            ttlHistogram.set(histogram.centers(), histogram.counts(), true);
            size.set(String.format("%,d keys, about %s (memory estimated from %d sampled keys; %d of them with a TTL)",
                    s.keys(), CacheWords.bytes(s.memoryBytes()), s.sampled(), s.remainingTtls().size()));
        }
    }

    /** The settings a change of this console's left in force: shown at once, with no poll to wait for. */
    void showSettings(NamespaceSettings s) {
        applySettings(rows.rowFor(s.namespace()), s);
        describeSelected();
        reread.run();  // for the chart's new marker
    }

    void describeSelected() {
        NamespaceRow row = selected.get();
        if (row == null) {
            return;
        }
        details.set(String.format("TTL in force %s (configured %s) · caching %s · %s", CacheWords.seconds(row.ttlSeconds.get()),
                CacheWords.seconds(row.configuredTtlSeconds.get()), row.enabled.get() ? "on" : "off",
                row.overridden.get() ? row.changedProperty().get() : "the configured settings apply"));
    }

    void applySettings(NamespaceRow row, NamespaceSettings s) {
        if (s == null) {
            return;
        }
        row.ttlSeconds.set(s.ttl().toSeconds());
        row.configuredTtlSeconds.set(s.configuredTtl().toSeconds());
        row.enabled.set(s.enabled());
        row.overridden.set(s.overridden());
        row.setChanged(s.overridden() && s.changedBy() != null
                ? "changed by " + s.changedBy() + (s.changedAt() == null ? "" : " at " + CacheWords.time(s.changedAt())) : "");
    }
}
