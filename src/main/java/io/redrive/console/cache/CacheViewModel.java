package io.redrive.console.cache;

import io.fair_acc.dataset.spi.DoubleDataSet;
import io.redrive.cache.CacheAdmin;
import io.redrive.cache.CacheCounters;
import io.redrive.cache.CacheMinuteStats;
import io.redrive.cache.NamespaceSettings;
import io.redrive.cache.NamespaceSize;
import io.redrive.cache.SettingsChange;
import io.redrive.console.Confirmation;
import io.redrive.console.SessionContext;
import io.redrive.console.Words;
import io.redrive.console.charts.ChartFeed;
import io.redrive.console.charts.ChartMarker;
import io.redrive.engine.BulkOperation;
import io.redrive.redis.Lookups;
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
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cache screen's state. {@link #tick()} (once a second) reads the current minute's counters of every
 * namespace and keeps the difference to the previous read as that second's hit rate; the per-minute history of
 * the chosen range comes from Redis on {@link #reload()}, and both feed the table and the chart. TTL changes go
 * through the cache helper with the session's actor, so they are audited and marked on the chart.
 */
public final class CacheViewModel {
    /** Per-second points kept for each namespace: a day's worth. */
    public static final int LIVE_CAPACITY = 86_400;
    /** The history ranges to choose from. */
    public static final List<Duration> RANGES = List.of(Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24));
    private static final Duration FULL_RELOAD = Duration.ofMinutes(5);
    private static final Duration MARKER_HISTORY = Duration.ofHours(24);
    /** Keys sampled for memory and remaining TTLs. */
    static final int SIZE_SAMPLE = 500;
    private static final int HISTOGRAM_BINS = 24;
    private static final int MAX_TTL_SECONDS = (int) CacheAdmin.MAX_TTL.toSeconds();

    private final SessionContext context;
    private final CacheAdmin cache;
    private final Clock clock;

    // UI-thread state
    private final HitRateSeries series = new HitRateSeries(LIVE_CAPACITY);
    private final ObservableList<NamespaceRow> rows = FXCollections.observableArrayList();
    private final Map<String, NamespaceRow> byName = new HashMap<>();
    private final Map<String, TreeMap<Long, CacheCounters>> perMinute = new HashMap<>();
    private final ObjectProperty<Duration> range = new SimpleObjectProperty<>(RANGES.get(0));
    private final ReadOnlyObjectWrapper<List<ChartMarker>> markers = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyDoubleWrapper liveNow = new ReadOnlyDoubleWrapper(Double.NaN);
    private final BooleanProperty paused = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper keyspace = new ReadOnlyStringWrapper("Redis keyspace: reading…");
    private final ReadOnlyStringWrapper breaker = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper stale = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
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
    private final List<Point> heldWhilePaused = new ArrayList<>();
    private List<SettingsChange> changes = List.of();
    private Instant lastFullLoad;
    private Instant lastSample;
    private long loadGeneration;
    private BulkOperation reapplyOperation;
    private String breakerState;

    // the background poll's state: one poll at a time
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicBoolean pollAgain = new AtomicBoolean();
    private final Map<String, LiveDeltas> deltas = new HashMap<>();
    private long[] lastKeyspace;
    private long changesVersion = -1;
    private List<SettingsChange> lastChanges = List.of();
    // every namespace seen (read by the history reload, or found with statistics by a poll); polls read only these
    private final java.util.Set<String> polled = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ChartFeed<Sample> samples;

    public CacheViewModel(SessionContext context) {
        this.context = context;
        this.cache = context.session().cache().admin();
        this.clock = context.session().engine().options().clock();
        this.samples = new ChartFeed<>(context.tasks().ui(), batch -> batch.forEach(this::apply), 60);
        paused.addListener((o, was, now) -> {
            if (!now) {
                catchUp();
            }
        });
        range.addListener((o, was, now) -> reload());
        context.connection().connectedProperty().addListener((o, was, now) -> followConnection());
    }

    /** One live point: the hit rate of one namespace over the second before {@code epochSeconds}. */
    record Point(String namespace, double epochSeconds, double percent) { }

    /** What one poll read. {@code delta} is null on the first read of a namespace (the baseline). */
    record NamespaceSample(NamespaceSettings settings, List<CacheMinuteStats> minutes, CacheCounters delta) { }

    /**
     * {@code keyspace}: the server's hits and misses since its statistics were reset, this console's own polling
     * lookups ({@code own}) taken out; {@code keyspaceRecent}: its hit rate since the previous poll, likewise.
     */
    record Sample(Instant at, Map<String, NamespaceSample> namespaces, Map<String, Long> keyspace, double keyspaceRecent,
                  String breaker, List<SettingsChange> changes, Lookups own) { }

    private record History(Instant at, Duration range, Map<String, List<CacheMinuteStats>> minutes,
                           List<SettingsChange> changes, Map<String, NamespaceSettings> settings) { }

    // ---- State for the view

    public HitRateSeries series() { return series; }
    public ObservableList<NamespaceRow> rows() { return rows; }
    /** How far back the per-minute history goes: one of {@link #RANGES}. */
    public ObjectProperty<Duration> rangeProperty() { return range; }
    /** The settings changes to mark on the chart. */
    public ReadOnlyObjectProperty<List<ChartMarker>> markersProperty() { return markers.getReadOnlyProperty(); }
    /** The time of the newest point shown, in seconds since the epoch: the live chart's right edge. */
    public ReadOnlyDoubleProperty liveNowProperty() { return liveNow.getReadOnlyProperty(); }
    /** While true the chart takes no new points; they are kept and drawn on resume. */
    public BooleanProperty pausedProperty() { return paused; }
    public ReadOnlyStringProperty keyspaceProperty() { return keyspace.getReadOnlyProperty(); }
    public ReadOnlyStringProperty breakerProperty() { return breaker.getReadOnlyProperty(); }
    /** That the charts show no new figures ("Stale since 14:03:05"); empty while live. */
    public ReadOnlyStringProperty staleProperty() { return stale.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<NamespaceRow> selectedProperty() { return selected.getReadOnlyProperty(); }
    public ReadOnlyStringProperty detailsProperty() { return details.getReadOnlyProperty(); }
    public ReadOnlyStringProperty sizeProperty() { return size.getReadOnlyProperty(); }
    /** The selected namespace's sampled keys by remaining TTL (x: bin centre in seconds). */
    public DoubleDataSet ttlHistogram() { return ttlHistogram; }
    /** The TTL being edited for the selected namespace, in seconds. */
    public ObjectProperty<Integer> ttlSecondsProperty() { return ttlSeconds; }
    /** Whether Apply also gives the namespace's existing keys the new TTL. */
    public BooleanProperty reapplyProperty() { return reapply; }
    public ReadOnlyBooleanProperty measuringProperty() { return measuring.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty reapplyingProperty() { return reapplying.getReadOnlyProperty(); }
    /** 0 to 1, or -1 while the total is unknown. */
    public ReadOnlyDoubleProperty reapplyProgressProperty() { return reapplyProgress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty reapplyStatusProperty() { return reapplyStatus.getReadOnlyProperty(); }
    public boolean readOnly() { return context.session().readOnly(); }
    /** Whether Redis answers: the TTL and enable/disable changes wait for it. */
    public io.redrive.console.ConnectionState connection() { return context.connection(); }
    public static int maxTtlSeconds() { return MAX_TTL_SECONDS; }

    /** The row of a namespace, or null. */
    public NamespaceRow row(String namespace) {
        return byName.get(namespace);
    }

    // Commands

    /** Once a second: a live read, and now and then the whole history again (it also drops minutes out of range). */
    public void tick() {
        poll();
        if (lastFullLoad == null || lastSample == null || Duration.between(lastFullLoad, lastSample).compareTo(FULL_RELOAD) >= 0) {
            reload();
        }
    }

    /** Reads the current minute's counters of every namespace in the background; a poll already running runs again after. */
    public void poll() {
        if (!polling.compareAndSet(false, true)) {
            pollAgain.set(true);
            return;
        }
        context.tasks().submit(this::read).whenComplete((sample, e) -> {
            polling.set(false);
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                context.tasks().ui().execute(() -> error.set(RedisConnection.describe(cause)));
            } else {
                samples.post(sample);
            }
            if (pollAgain.getAndSet(false)) {
                poll();
            }
        });
    }

    /** Reads the chosen range's per-minute history and the settings changes in it. */
    public void reload() {
        Duration r = range.get();
        long generation = ++loadGeneration;
        lastFullLoad = lastSample == null ? clock.instant() : lastSample;
        context.tasks().run(() -> {
            Instant now = clock.instant();
            Map<String, List<CacheMinuteStats>> minutes = new LinkedHashMap<>();
            Map<String, NamespaceSettings> settings = new LinkedHashMap<>();
            for (NamespaceSettings s : cache.namespaces()) {
                settings.put(s.namespace(), s);
            }
            polled.addAll(settings.keySet());
            minutes.putAll(cache.stats(settings.keySet(), now.minus(r), now));
            minutes.keySet().forEach(ns -> settings.computeIfAbsent(ns, cache::settings));
            return new History(now, r, minutes, cache.changes(now.minus(MARKER_HISTORY), now), settings);
        }, history -> {
            if (generation == loadGeneration) {
                apply(history);
            }
        }, e -> error.set(RedisConnection.describe(e)));
    }

    /** Shows a namespace's settings and samples its keys (count, memory, remaining TTLs). */
    public void select(NamespaceRow row) {
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
    public void sampleSelected() {
        NamespaceRow row = selected.get();
        if (row != null) {
            sample(row.getName());
        }
    }

    /** Counts every namespace's keys and estimates their memory (one SCAN per namespace). */
    public void measureAll() {
        if (measuring.get()) {
            return;
        }
        measuring.set(true);
        status.set("Counting keys (SCAN) and sampling memory…");
        List<String> names = rows.stream().map(NamespaceRow::getName).toList();
        context.tasks().run(() -> {
            List<NamespaceSize> sizes = new ArrayList<>();
            for (String ns : names) {
                sizes.add(cache.size(ns, SIZE_SAMPLE));
            }
            return sizes;
        }, sizes -> {
            measuring.set(false);
            sizes.forEach(this::applySize);
            status.set("Key counts and memory measured at " + LocalTime.now(clock.withZone(ZoneId.systemDefault())).withNano(0));
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
    public void applyTtl() {
        NamespaceRow row = selected.get();
        Integer seconds = ttlSeconds.get();
        if (readOnly() || row == null || seconds == null) {
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
    public void resetTtl() {
        NamespaceRow row = selected.get();
        if (readOnly() || row == null) {
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
    public void setCachingEnabled(boolean enabled) {
        NamespaceRow row = selected.get();
        if (readOnly() || row == null || row.enabled.get() == enabled) {
            return;
        }
        String namespace = row.getName();
        context.tasks().run(() -> cache.setEnabled(namespace, enabled, context.session().actor()), s -> {
            status.set("Caching of " + namespace + (enabled ? " turned on" : " turned off"));
            showSettings(s);
        }, e -> error.set("Could not change the namespace: " + RedisConnection.describe(e)));
    }

    /** Stops re-applying the TTL after the batch in progress. */
    public void cancelReapply() {
        BulkOperation operation = reapplyOperation;
        if (operation != null) {
            operation.cancel();
        }
    }

    // ---- Background reads

    /**
     * One poll. It looks up only keys that exist when the namespaces have statistics (the index of minutes, then
     * those minutes), rereads the settings changes only when the settings changed, and learns new namespaces from
     * the index, so an idle console costs Redis next to no keyspace misses; what it does cost is left out of the
     * server's hit rate shown.
     */
    private Sample read() {
        Instant now = clock.instant();
        long minuteNow = now.toEpochMilli() / 60_000;
        // from the minute read last (its rest still counts), at most a few minutes back after a long pause
        Map<String, Long> fromMinute = new HashMap<>();
        long earliest = minuteNow;
        for (String ns : polled) {
            LiveDeltas d = deltas.computeIfAbsent(ns, k -> new LiveDeltas());
            long from = d.minute() < 0 ? minuteNow : Math.max(d.minute(), minuteNow - 3);
            fromMinute.put(ns, from);
            earliest = Math.min(earliest, from);
        }
        Map<String, NamespaceSample> out = new LinkedHashMap<>();
        cache.stats(List.copyOf(polled), Instant.ofEpochMilli(earliest * 60_000), now).forEach((ns, read) -> {
            polled.add(ns);
            LiveDeltas d = deltas.computeIfAbsent(ns, k -> new LiveDeltas());
            long from = fromMinute.getOrDefault(ns, minuteNow);
            List<CacheMinuteStats> minutes = read.stream().filter(m -> m.minute().toEpochMilli() / 60_000 >= from).toList();
            out.put(ns, new NamespaceSample(cache.settings(ns), minutes, d.advance(minutes)));
        });
        long version = cache.settingsVersion();
        if (version != changesVersion) {
            lastChanges = cache.changes(now.minus(MARKER_HISTORY), now);
            changesVersion = version;
        }
        Map<String, Long> server = cache.serverKeyspaceStats();
        Lookups own = context.session().engine().ownLookups().plus(cache.ownLookups());
        // never below zero: the server's statistics may have been reset since this console started
        long hits = Math.max(0, server.getOrDefault("keyspace_hits", 0L) - own.hits());
        long misses = Math.max(0, server.getOrDefault("keyspace_misses", 0L) - own.misses());
        double recent = Double.NaN;
        if (lastKeyspace != null && hits >= lastKeyspace[0] && misses >= lastKeyspace[1]) {
            long h = hits - lastKeyspace[0];
            long m = misses - lastKeyspace[1];
            recent = h + m == 0 ? Double.NaN : 100.0 * h / (h + m);
        }
        lastKeyspace = new long[] {hits, misses};
        return new Sample(now, out, Map.of("keyspace_hits", hits, "keyspace_misses", misses), recent, context.session().cache().breakerState(),
                lastChanges, own);
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
        ChartFeed<BulkOperation.Progress> progress = new ChartFeed<>(context.tasks().ui(),
                batch -> showProgress(batch.get(batch.size() - 1)), 1);
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

    // ---- Applying results (UI thread)

    private void apply(Sample s) {
        error.set("");
        lastSample = s.at();
        double x = s.at().toEpochMilli() / 1000.0;
        for (Map.Entry<String, NamespaceSample> e : s.namespaces().entrySet()) {
            String ns = e.getKey();
            NamespaceSample n = e.getValue();
            NamespaceRow row = rowFor(ns);
            applySettings(row, n.settings());
            TreeMap<Long, CacheCounters> minutes = perMinute.computeIfAbsent(ns, k -> new TreeMap<>());
            for (CacheMinuteStats m : n.minutes()) {
                minutes.put(m.minute().toEpochMilli() / 60_000, m.counters());
            }
            CacheCounters d = n.delta();
            if (d != null && d.hits() + d.misses() > 0) {
                Point point = new Point(ns, x, 100.0 * d.hitRate());
                if (paused.get()) {
                    heldWhilePaused.add(point);
                } else {
                    series.appendSecond(ns, point.epochSeconds(), point.percent());
                }
            }
        }
        if (heldWhilePaused.size() > LIVE_CAPACITY) {
            heldWhilePaused.subList(0, heldWhilePaused.size() - LIVE_CAPACITY).clear();
        }
        changes = s.changes();
        prune(s.at());
        totals();
        long hits = s.keyspace().getOrDefault("keyspace_hits", 0L);
        long misses = s.keyspace().getOrDefault("keyspace_misses", 0L);
        keyspace.set(String.format("Redis keyspace, every client but this console's own polling reads: %s hits since its statistics were reset "
                        + "(%,d hits, %,d misses)%s. This console's polling reads, left out: %,d hits, %,d misses",
                percent(hits + misses == 0 ? Double.NaN : 100.0 * hits / (hits + misses)), hits, misses,
                Double.isNaN(s.keyspaceRecent()) ? "" : String.format("; %s in the last second", percent(s.keyspaceRecent())),
                s.own().hits(), s.own().misses()));
        breakerState = s.breaker();
        followConnection();
        describeSelected();
        if (!paused.get()) {
            drawMinutes();
            markers.set(markerList());
            liveNow.set(x);
        }
    }

    private void apply(History h) {
        for (Map.Entry<String, List<CacheMinuteStats>> e : h.minutes().entrySet()) {
            TreeMap<Long, CacheCounters> minutes = new TreeMap<>();
            for (CacheMinuteStats m : e.getValue()) {
                minutes.put(m.minute().toEpochMilli() / 60_000, m.counters());
            }
            perMinute.put(e.getKey(), minutes);
            applySettings(rowFor(e.getKey()), h.settings().get(e.getKey()));
        }
        changes = h.changes();
        if (lastSample == null || h.at().isAfter(lastSample)) {
            lastSample = h.at();
        }
        prune(lastSample);
        totals();
        describeSelected();
        if (!paused.get()) {
            drawMinutes();
            markers.set(markerList());
            if (Double.isNaN(liveNow.get())) {
                liveNow.set(h.at().toEpochMilli() / 1000.0);
            }
        }
    }

    private void applySize(NamespaceSize s) {
        NamespaceRow row = rowFor(s.namespace());
        row.keys.set(s.keys());
        row.memoryBytes.set(s.memoryBytes());
        if (selected.get() == row) {
            TtlHistogram histogram = TtlHistogram.of(s.remainingTtls(), Duration.ofSeconds(row.ttlSeconds.get()), HISTOGRAM_BINS);
            ttlHistogram.set(histogram.centers(), histogram.counts(), true);
            size.set(String.format("%,d keys, about %s (memory estimated from %d sampled keys; %d of them with a TTL)",
                    s.keys(), bytes(s.memoryBytes()), s.sampled(), s.remainingTtls().size()));
        }
    }

    private void applySettings(NamespaceRow row, NamespaceSettings s) {
        if (s == null) {
            return;
        }
        row.ttlSeconds.set(s.ttl().toSeconds());
        row.configuredTtlSeconds.set(s.configuredTtl().toSeconds());
        row.enabled.set(s.enabled());
        row.overridden.set(s.overridden());
        row.setChanged(s.overridden() && s.changedBy() != null
                ? "changed by " + s.changedBy() + (s.changedAt() == null ? "" : " at " + time(s.changedAt())) : "");
    }

    /** The settings a change of this console's left in force: shown at once, with no poll to wait for. */
    private void showSettings(NamespaceSettings s) {
        applySettings(rowFor(s.namespace()), s);
        describeSelected();
    }

    private NamespaceRow rowFor(String namespace) {
        return byName.computeIfAbsent(namespace, ns -> {
            NamespaceRow row = new NamespaceRow(ns);
            rows.add(row);
            series.ensure(ns);
            return row;
        });
    }

    /** Drops minutes before the range. */
    private void prune(Instant now) {
        long first = firstMinute(now);
        perMinute.values().forEach(m -> m.headMap(first).clear());
    }

    private long firstMinute(Instant now) {
        return now.minus(range.get()).toEpochMilli() / 60_000;
    }

    /** Each row's counters summed over the range. */
    private void totals() {
        for (NamespaceRow row : rows) {
            CacheCounters sum = CacheCounters.sum(perMinute.getOrDefault(row.getName(), new TreeMap<>()).values());
            row.hits.set(sum.hits());
            row.misses.set(sum.misses());
            row.hitRate.set(sum.hits() + sum.misses() == 0 ? Double.NaN : sum.hitRate());
            row.loads.set(sum.loads());
            row.errors.set(sum.errors());
            row.averageLoadMillis.set(sum.averageLoadMillis());
            row.nearHits.set(sum.nearHits());
        }
    }

    /** The per-minute series from the minutes kept; a minute without reads has no hit rate and no point. */
    private void drawMinutes() {
        for (Map.Entry<String, TreeMap<Long, CacheCounters>> e : perMinute.entrySet()) {
            double[] xs = new double[e.getValue().size()];
            double[] ys = new double[xs.length];
            int n = 0;
            for (Map.Entry<Long, CacheCounters> m : e.getValue().entrySet()) {
                CacheCounters c = m.getValue();
                if (c.hits() + c.misses() > 0) {
                    xs[n] = m.getKey() * 60.0;
                    ys[n] = 100.0 * c.hitRate();
                    n++;
                }
            }
            series.setMinutes(e.getKey(), xs, ys, n);
        }
    }

    private void catchUp() {
        Map<String, List<Point>> byNamespace = new LinkedHashMap<>();
        for (Point p : heldWhilePaused) {
            byNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p);
        }
        heldWhilePaused.clear();
        byNamespace.forEach((ns, points) -> series.appendSeconds(ns, points.stream().mapToDouble(Point::epochSeconds).toArray(),
                points.stream().mapToDouble(Point::percent).toArray()));
        drawMinutes();
        markers.set(markerList());
        if (lastSample != null) {
            liveNow.set(lastSample.toEpochMilli() / 1000.0);
        }
    }

    private List<ChartMarker> markerList() {
        long from = lastSample == null ? Long.MIN_VALUE : lastSample.minus(range.get()).toEpochMilli();
        List<ChartMarker> out = new ArrayList<>();
        for (SettingsChange c : changes) {
            if (c.at().toEpochMilli() >= from) {
                out.add(new ChartMarker(c.at().toEpochMilli() / 1000.0, label(c)));
            }
        }
        return out;
    }

    static String label(SettingsChange c) {
        String what = c.ttl() == null ? "reset to default" : "TTL " + Words.duration(c.ttl());
        return c.namespace() + ": " + what + (c.enabled() ? "" : ", caching off");
    }

    private void describeSelected() {
        NamespaceRow row = selected.get();
        if (row == null) {
            return;
        }
        details.set(String.format("TTL in force %s (configured %s) · caching %s · %s", seconds(row.ttlSeconds.get()),
                seconds(row.configuredTtlSeconds.get()), row.enabled.get() ? "on" : "off",
                row.overridden.get() ? row.changedProperty().get() : "the configured settings apply"));
    }

    private String time(Instant at) {
        return LocalTime.ofInstant(at, ZoneId.systemDefault()).withNano(0).toString();
    }

    /** "15 min / 15 min": the TTL in force and the configured one, and whether caching is off. */
    static String ttlText(NamespaceRow row) {
        return seconds(row.ttlSeconds.get()) + " / " + seconds(row.configuredTtlSeconds.get()) + (row.enabled.get() ? "" : ", off");
    }

    static String seconds(long s) {
        return Words.duration(Duration.ofSeconds(s));
    }

    static String percent(double value) {
        return Double.isNaN(value) ? "—" : String.format("%.1f %%", value);
    }

    /**
     * The breaker's line and the charts' staleness, from the last sample and the connection: a closed breaker means
     * Redis in use only while Redis answers (it stays closed until this console's cache calls fail).
     */
    private void followConnection() {
        if (!context.connection().isConnected()) {
            Instant lostAt = context.connection().lostAtProperty().get();
            String since = lostAt == null ? "" : " since " + java.time.LocalTime.ofInstant(lostAt, clock.getZone()).withNano(0);
            breaker.set("Redis cannot be reached" + since + ": the figures below are from before");
            stale.set("Stale" + since);  // the banner says why
            return;
        }
        stale.set("");
        breaker.set(breakerState == null ? "" : "This console's circuit breaker: " + switch (breakerState) {
            case "CLOSED" -> "closed (Redis in use)";
            case "OPEN" -> "open (Redis skipped)";
            default -> "half-open (probing Redis)";
        });
    }

    static String bytes(long n) {
        if (n < 0) return "—";
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format("%.1f KB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format("%.1f MB", n / 1024.0 / 1024);
        return String.format("%.2f GB", n / 1024.0 / 1024 / 1024);
    }
}
