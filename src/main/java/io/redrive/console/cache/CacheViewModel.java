package io.redrive.console.cache;

import io.fair_acc.dataset.spi.DoubleDataSet;
import io.redrive.cache.CacheAdmin;
import io.redrive.cache.CacheCounters;
import io.redrive.cache.CacheMinuteStats;
import io.redrive.cache.NamespaceSettings;
import io.redrive.cache.SettingsChange;
import io.redrive.console.ConnectionState;
import io.redrive.console.SessionContext;
import io.redrive.console.Coalescer;
import io.redrive.console.charts.TimeSeries;
import io.redrive.console.charts.ChartMarker;
import io.redrive.console.Words;
import io.redrive.redis.RedisConnection;
import java.util.concurrent.CompletionException;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
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
    static final Duration MARKER_HISTORY = Duration.ofHours(24);
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
    private final List<Point> heldWhilePaused = new ArrayList<>();
    private List<SettingsChange> changes = List.of();
    private Instant lastFullLoad;
    private Instant lastSample;
    private long loadGeneration;
    private String breakerState;

    // the background poll's state: one poll at a time
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicBoolean pollAgain = new AtomicBoolean();
    private final LivePoll live;
    private final Coalescer<LivePoll.Sample> samples;
    private final NamespaceEditor editor;

    public CacheViewModel(SessionContext context) {
        this.context = context;
        this.cache = context.session().cache().admin();
        this.clock = context.session().engine().options().clock();
        this.live = new LivePoll(cache, context.session().cache(), () -> context.session().engine().ownLookups(), clock);
        this.samples = new Coalescer<>(context.tasks().ui(), batch -> batch.forEach(this::apply), 60);
        this.editor = new NamespaceEditor(context, cache, clock, new NamespaceEditor.Rows() {
            @Override public List<NamespaceRow> all() { return rows; }
            @Override public NamespaceRow rowFor(String namespace) { return CacheViewModel.this.rowFor(namespace); }
        }, error, status, this::poll);
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
    public ReadOnlyObjectProperty<NamespaceRow> selectedProperty() { return editor.selectedProperty(); }
    public ReadOnlyStringProperty detailsProperty() { return editor.detailsProperty(); }
    public ReadOnlyStringProperty sizeProperty() { return editor.sizeProperty(); }
    /** The selected namespace's sampled keys by remaining TTL (x: bin centre in seconds). */
    public DoubleDataSet ttlHistogram() { return editor.ttlHistogram(); }
    /** The TTL being edited for the selected namespace, in seconds. */
    public ObjectProperty<Integer> ttlSecondsProperty() { return editor.ttlSecondsProperty(); }
    /** Whether Apply also gives the namespace's existing keys the new TTL. */
    public BooleanProperty reapplyProperty() { return editor.reapplyProperty(); }
    public ReadOnlyBooleanProperty measuringProperty() { return editor.measuringProperty(); }
    public ReadOnlyBooleanProperty reapplyingProperty() { return editor.reapplyingProperty(); }
    /** 0 to 1, or -1 while the total is unknown. */
    public ReadOnlyDoubleProperty reapplyProgressProperty() { return editor.reapplyProgressProperty(); }
    public ReadOnlyStringProperty reapplyStatusProperty() { return editor.reapplyStatusProperty(); }
    /** This connection's context: whether it may write, for the write controls. */
    public SessionContext context() { return context; }
    /** Whether Redis answers: the TTL and enable/disable changes wait for it. */
    public ConnectionState connection() { return context.connection(); }
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
        context.tasks().submit(live::read).whenComplete((sample, e) -> {
            polling.set(false);
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                context.tasks().ui().execute(() -> error.set(RedisConnection.describe(cause)));
            } else {
                samples.post(sample);
            }
            if (pollAgain.getAndSet(false)) {
                poll();
            }
        });
    }

    /** Shows a namespace's settings and samples its keys (count, memory, remaining TTLs). */
    public void select(NamespaceRow row) { editor.select(row); }
    /** Samples the selected namespace's keys again. */
    public void sampleSelected() { editor.sampleSelected(); }
    /** Counts every namespace's keys and estimates their memory (one SCAN per namespace). */
    public void measureAll() { editor.measureAll(); }
    /** Sets the selected namespace's TTL for every process, with {@link #reapplyProperty()} its existing keys' too. */
    public void applyTtl() { editor.applyTtl(); }
    /** Drops the selected namespace's live override: the configured TTL applies again. */
    public void resetTtl() { editor.resetTtl(); }
    /** Turns caching of the selected namespace on or off for every process. */
    public void setCachingEnabled(boolean enabled) { editor.setCachingEnabled(enabled); }
    /** Stops re-applying the TTL after the batch in progress. */
    public void cancelReapply() { editor.cancelReapply(); }

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
            live.follow(settings.keySet());
            minutes.putAll(cache.stats(settings.keySet(), now.minus(r), now));
            minutes.keySet().forEach(ns -> settings.computeIfAbsent(ns, cache::settings));
            return new History(now, r, minutes, cache.changes(now.minus(MARKER_HISTORY), now), settings);
        }, history -> {
            if (generation == loadGeneration) {
                apply(history);
            }
        }, e -> error.set(RedisConnection.describe(e)));
    }

    // ---- Background reads

    // ---- Applying results (UI thread)

    private void apply(LivePoll.Sample s) {
        error.set("");
        lastSample = s.at();
        double x = s.at().toEpochMilli() / 1000.0;
        for (Map.Entry<String, LivePoll.NamespaceSample> e : s.namespaces().entrySet()) {
            String ns = e.getKey();
            LivePoll.NamespaceSample n = e.getValue();
            NamespaceRow row = rowFor(ns);
            editor.applySettings(row, n.settings());
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
                CacheWords.percent(hits + misses == 0 ? Double.NaN : 100.0 * hits / (hits + misses)), hits, misses,
                Double.isNaN(s.keyspaceRecent()) ? "" : String.format("; %s in the last second", CacheWords.percent(s.keyspaceRecent())),
                s.own().hits(), s.own().misses()));
        breakerState = s.breaker();
        followConnection();
        editor.describeSelected();
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
            editor.applySettings(rowFor(e.getKey()), h.settings().get(e.getKey()));
        }
        changes = h.changes();
        if (lastSample == null || h.at().isAfter(lastSample)) {
            lastSample = h.at();
        }
        prune(lastSample);
        totals();
        editor.describeSelected();
        if (!paused.get()) {
            drawMinutes();
            markers.set(markerList());
            if (Double.isNaN(liveNow.get())) {
                liveNow.set(h.at().toEpochMilli() / 1000.0);
            }
        }
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

    /** The per-minute series from the minutes kept; a minute without reads is a gap (the minute under way gives a fair rate). */
    private void drawMinutes() {
        long current = Long.MAX_VALUE;
        for (Map.Entry<String, TreeMap<Long, CacheCounters>> e : perMinute.entrySet()) {
            TreeMap<Long, Double> rates = new TreeMap<>();
            e.getValue().forEach((minute, c) -> {
                if (c.hits() + c.misses() > 0) {
                    rates.put(minute, 100.0 * c.hitRate());
                }
            });
            TimeSeries.Points p = TimeSeries.perMinute(rates, current);
            series.setMinutes(e.getKey(), p.x(), p.y(), p.count());
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
                out.add(new ChartMarker(c.at().toEpochMilli() / 1000.0, CacheWords.label(c)));
            }
        }
        return out;
    }

    /**
     * The breaker's line and the charts' staleness, from the last sample and the connection: a closed breaker means
     * Redis in use only while Redis answers (it stays closed until this console's cache calls fail).
     */
    private void followConnection() {
        if (!context.connection().isConnected()) {
            Instant lostAt = context.connection().lostAtProperty().get();
            String since = lostAt == null ? "" : " since " + Words.clock(lostAt, clock.getZone());
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

}
