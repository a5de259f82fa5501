package io.redrive.console.timeline;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleDataSet;
import io.redrive.console.charts.DueScale;
import io.redrive.console.charts.TimeSeries;
import java.util.Arrays;
import java.util.function.ToLongFunction;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import io.redrive.cache.Cache;
import io.redrive.cache.CacheCounters;
import io.redrive.console.ConnectionState;
import io.redrive.console.SessionContext;
import io.redrive.console.Coalescer;
import io.redrive.engine.Engine;
import io.redrive.engine.MinuteMetrics;
import io.redrive.engine.RetryPolicy;
import io.redrive.redis.RedisConnection;
import java.util.concurrent.CompletionException;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The retry timelines screen's state: upcoming retries per queue by minute, the chosen queue's per-minute outcomes,
 * the dead-letter rate beside the cache hit rate, one message's attempts, and the chosen queue's retry policy with
 * a what-if of the policy being edited. {@link #refresh()} reads what changed in the background; the charts take
 * the results through one {@link Coalescer}, so a pause freezes all three activity charts together.
 */
public final class TimelineViewModel {
    /** The history ranges to choose from. */
    public static final List<Duration> RANGES = List.of(Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24));
    /** Upcoming retries are counted per minute for this many minutes. */
    public static final int UPCOMING_MINUTES = 60;

    private final SessionContext context;
    private final Engine engine;
    private final Cache cache;
    private final Clock clock;

    // UI-thread state
    private final ObservableList<String> queues = FXCollections.observableArrayList();
    private final StringProperty queue = new SimpleStringProperty();
    private final ObjectProperty<Duration> range = new SimpleObjectProperty<>(RANGES.get(0));
    private final BooleanProperty paused = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObservableList<DataSet> upcoming = FXCollections.observableArrayList();
    private final Map<String, DoubleDataSet> upcomingByQueue = new LinkedHashMap<>();
    private final DoubleDataSet enqueued = new DoubleDataSet("enqueued");
    private final DoubleDataSet succeeded = new DoubleDataSet("succeeded");
    private final DoubleDataSet failed = new DoubleDataSet("failed");
    private final DoubleDataSet retried = new DoubleDataSet("retried");
    private final DoubleDataSet deadLettered = new DoubleDataSet("dead-lettered");
    private final DoubleDataSet deadLetterRate = new DoubleDataSet("dead-lettered per minute, all queues");
    private final DoubleDataSet cacheHitRate = new DoubleDataSet("cache hit rate, all namespaces");
    private final Map<String, TreeMap<Long, MinuteMetrics>> metrics = new HashMap<>();
    private final TreeMap<Long, CacheCounters> cacheMinutes = new TreeMap<>();
    private final ReadOnlyObjectWrapper<DueScale> upcomingScale = new ReadOnlyObjectWrapper<>(DueScale.MINUTES);
    private final ReadOnlyBooleanWrapper noUpcoming = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyBooleanWrapper noOutcomes = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyBooleanWrapper noCorrelation = new ReadOnlyBooleanWrapper(true);
    private Instant lastRead;
    private long generation;


    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicBoolean pendingFull = new AtomicBoolean();
    private final Coalescer<Snapshot> snapshots;
    private final PolicyEditor policy;
    private final MessageAttempts message;

    public TimelineViewModel(SessionContext context) {
        this.context = context;
        this.engine = context.session().engine();
        this.cache = context.session().cache();
        this.clock = engine.options().clock();
        this.policy = new PolicyEditor(context, queue::get);
        this.message = new MessageAttempts(context);
        this.snapshots = new Coalescer<>(context.tasks().ui(), batch -> batch.forEach(this::apply), 720);
        deadLetterRate.setStyle("-fx-line-width: 2;");
        cacheHitRate.setStyle("-fx-line-width: 2;");
        paused.addListener((o, was, now) -> snapshots.setPaused(now));
        queue.addListener((o, was, now) -> {
            if (now != null) {
                if (message.messageQueue.get() == null || message.messageQueue.get().isBlank() || message.messageQueue.get().equals(was)) {
                    message.messageQueue.set(now);
                }
                policy.load();
            }
            drawOutcomes();  // every queue's minutes are kept: no read needed
        });
        range.addListener((o, was, now) -> reload());
    }

    /** What one refresh read; {@code full} replaces the kept minutes instead of merging. */
    private record Snapshot(Instant at, boolean full, long generation, Duration range, List<String> queues,
                            DueScale scale, Map<String, long[]> upcoming, Map<String, List<MinuteMetrics>> metrics,
                            Map<Long, CacheCounters> cache) { }

    /** A line of the attempt table: a made attempt, or a projected one. */
    public record AttemptRow(String attempt, String started, String duration, String result, String waitAfter, boolean projected) { }

    // ---- State for the view

    public ObservableList<String> queues() { return queues; }
    /** The queue whose outcomes and policy are shown. */
    public StringProperty queueProperty() { return queue; }
    public ObjectProperty<Duration> rangeProperty() { return range; }
    /** While true the activity charts take no new data; it is kept and drawn on resume. */
    public BooleanProperty pausedProperty() { return paused; }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    /** One bar series per queue: retries due in each coming second, minute or hour (x: those units from now). */
    public ObservableList<DataSet> upcoming() { return upcoming; }
    /** The unit of the upcoming chart's bars, chosen from how soon the retries fall due. */
    public ReadOnlyObjectProperty<DueScale> upcomingScaleProperty() { return upcomingScale.getReadOnlyProperty(); }
    /** Whether no retry is due at all; then the upcoming chart says so instead of drawing empty axes. */
    public ReadOnlyBooleanProperty noUpcomingProperty() { return noUpcoming.getReadOnlyProperty(); }
    /** Whether the chosen queue did nothing in the range shown. */
    public ReadOnlyBooleanProperty noOutcomesProperty() { return noOutcomes.getReadOnlyProperty(); }
    /** Whether there is neither a dead-letter rate nor a cache hit rate to draw. */
    public ReadOnlyBooleanProperty noCorrelationProperty() { return noCorrelation.getReadOnlyProperty(); }
    /** The chosen queue's outcomes per minute: enqueued, succeeded, failed, retried, dead-lettered. */
    public List<DoubleDataSet> outcomes() { return List.of(enqueued, succeeded, failed, retried, deadLettered); }
    /** Dead letters per minute over every queue: the correlation chart's left axis. */
    public DoubleDataSet deadLetterRate() { return deadLetterRate; }
    /** The cache's hit rate per minute over every namespace, in percent: the correlation chart's right axis. */
    public DoubleDataSet cacheHitRate() { return cacheHitRate; }
    public StringProperty messageQueueProperty() { return message.messageQueue; }
    public StringProperty messageIdProperty() { return message.messageId; }
    public ReadOnlyStringProperty messageSummaryProperty() { return message.messageSummary.getReadOnlyProperty(); }
    public ObservableList<AttemptRow> attempts() { return message.attempts; }
    /** Each attempt as a bar from its start to its end at the height of its number; NaN separates them. */
    public DoubleDataSet attemptSpans() { return message.attemptSpans; }
    /** Each backoff wait, from an attempt's end to the next one's start. */
    public DoubleDataSet backoffGaps() { return message.backoffGaps; }
    /** The attempts still to come under the current policy, should each fail. */
    public DoubleDataSet projectedAttempts() { return message.projectedAttempts; }
    public ObjectProperty<Integer> maxAttemptsProperty() { return policy.maxAttempts; }
    public ObjectProperty<Integer> baseSecondsProperty() { return policy.baseSeconds; }
    public ObjectProperty<Integer> capSecondsProperty() { return policy.capSeconds; }
    /** The share of each delay jitter may take off, 0 to 1. */
    public ObjectProperty<Double> jitterProperty() { return policy.jitter; }
    public ObjectProperty<Integer> retentionDaysProperty() { return policy.retentionDays; }
    public ReadOnlyStringProperty currentPolicyProperty() { return policy.currentPolicy.getReadOnlyProperty(); }
    public ReadOnlyStringProperty untilDeadLetterProperty() { return policy.untilDeadLetter.getReadOnlyProperty(); }
    public ReadOnlyStringProperty policyErrorProperty() { return policy.policyError.getReadOnlyProperty(); }
    /** Whether the edited policy differs from the one in force (and is valid). */
    public ReadOnlyBooleanProperty policyChangedProperty() { return policy.policyChanged.getReadOnlyProperty(); }
    /** Whether the edited policy can be stored: it differs from the one in force, and Redis answers. */
    public BooleanBinding canApplyPolicyBinding() {
        return policy.policyChanged.getReadOnlyProperty().and(context.connection().connectedProperty());
    }
    /** Each retry's delay under the edited policy. */
    public ObservableList<PolicyWhatIf.Delay> whatIf() { return policy.whatIf; }
    /** The edited policy's delays as bars (x: retry number, y: seconds). */
    public DoubleDataSet whatIfDelays() { return policy.whatIfDelays; }
    /** The policy the form describes, or empty while it is not valid. */
    public Optional<RetryPolicy> editedPolicy() { return policy.edited(); }
    /** This connection's context: whether it may write, for the write controls. */
    public SessionContext context() { return context; }
    /** Whether Redis answers: changing the policy waits for it. */
    public ConnectionState connection() { return context.connection(); }

    // Commands

    /** Reads what changed since the last read (the whole range after a change of queue or range). */
    public void refresh() {
        read(false);
    }

    /** Reads the whole range again. */
    public void reload() {
        generation++;
        read(true);
    }

    /** Shows one message's attempts: those made, and those still to come under its queue's current policy. */
    public void showMessage(String queueName, String id) {
        message.show(queueName, id);
    }

    /** Shows the message named by {@link #messageQueueProperty()} and {@link #messageIdProperty()}. */
    public void showMessage() {
        message.show();
    }

    /** Puts the policy in force back into the form. */
    public void revertPolicy() {
        policy.revert();
    }

    /** Stores the edited policy for the chosen queue (live for every engine, audited) after the operator confirms. */
    public void applyPolicy() {
        policy.apply();
    }

    // ---- Reading (background)

    private void read(boolean full) {
        if (!refreshing.compareAndSet(false, true)) {
            if (full) {
                pendingFull.set(true);  // after the read under way, which may be for the old range
            }
            return;
        }
        Duration r = range.get();
        long gen = generation;
        Instant since = full ? null : lastRead;
        context.tasks().submit(() -> {
            Instant now = clock.instant();
            Instant from = since == null ? now.minus(r) : since.minus(Duration.ofMinutes(1));
            List<String> names = engine.queueNames();
            Map<String, long[]> upcomingCounts = new LinkedHashMap<>();
            Map<String, List<MinuteMetrics>> perQueue = new LinkedHashMap<>();
            DueScale scale = DueScale.SECONDS;
            for (String name : names) {
                long[] perMinute = engine.retries().upcoming(name, now, Duration.ofMinutes(1), UPCOMING_MINUTES);
                upcomingCounts.put(name, perMinute);
                scale = scale.widest(DueScale.choose(perMinute, engine.retries().count(name)));
                perQueue.put(name, engine.existingQueue(name).metrics(from, now));
            }
            if (scale != DueScale.MINUTES) {  // read again in the unit that spreads the retries over the chart
                for (String name : names) {
                    upcomingCounts.put(name, engine.retries().upcoming(name, now, scale.width(), scale.buckets()));
                }
            }
            Map<Long, CacheCounters> cacheTotals = cache.admin().minuteTotals(from, now);
            return new Snapshot(now, since == null, gen, r, names, scale, upcomingCounts, perQueue, cacheTotals);
        }).whenComplete((snapshot, e) -> {
            refreshing.set(false);
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                context.tasks().ui().execute(() -> error.set(RedisConnection.describe(cause)));
            } else {
                snapshots.post(snapshot);
            }
            if (pendingFull.getAndSet(false)) {
                context.tasks().ui().execute(() -> read(true));
            }
        });
    }

    // ---- Applying (UI thread)

    private void apply(Snapshot s) {
        if (s.generation() != generation || !s.range().equals(range.get())) {
            return;  // read for a range no longer chosen; the full read for the new one follows
        }
        error.set("");
        lastRead = s.at();
        if (!queues.equals(s.queues())) {
            queues.setAll(s.queues());
        }
        if (queue.get() == null && !s.queues().isEmpty()) {
            queue.set(s.queues().get(0));  // reads again, for this queue
        }
        long first = s.at().minus(range.get()).toEpochMilli() / 60_000;
        for (Map.Entry<String, List<MinuteMetrics>> e : s.metrics().entrySet()) {
            TreeMap<Long, MinuteMetrics> minutes = s.full() ? new TreeMap<>() : metrics.computeIfAbsent(e.getKey(), k -> new TreeMap<>());
            for (MinuteMetrics m : e.getValue()) {
                minutes.put(m.minute().toEpochMilli() / 60_000, m);
            }
            minutes.headMap(first).clear();
            metrics.put(e.getKey(), minutes);
        }
        if (s.full()) {
            cacheMinutes.clear();
        }
        cacheMinutes.putAll(s.cache());
        cacheMinutes.headMap(first).clear();
        upcomingScale.set(s.scale());
        drawUpcoming(s.upcoming());
        drawOutcomes();
        drawCorrelation();
    }

    private void drawUpcoming(Map<String, long[]> counts) {
        upcomingByQueue.keySet().removeIf(q -> {
            if (!counts.containsKey(q)) {
                upcoming.remove(upcomingByQueue.get(q));
                return true;
            }
            return false;
        });
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            DoubleDataSet bars = upcomingByQueue.computeIfAbsent(e.getKey(), q -> {
                DoubleDataSet created = new DoubleDataSet(q);
                upcoming.add(created);
                return created;
            });
            long[] c = e.getValue();
            double[] x = new double[c.length];
            double[] y = new double[c.length];
            for (int i = 0; i < c.length; i++) {
                x[i] = i;
                y[i] = c[i];
            }
            bars.set(x, y, false);
        }
        noUpcoming.set(counts.values().stream().allMatch(c -> Arrays.stream(c).allMatch(v -> v == 0)));
    }

    private void drawOutcomes() {
        TreeMap<Long, MinuteMetrics> kept = metrics.getOrDefault(queue.get(), new TreeMap<>());
        // the minutes before the queue's first activity are not "zero": there was nothing yet, so they are not drawn
        Long firstActive = kept.entrySet().stream().filter(e -> e.getValue().active()).map(Map.Entry::getKey)
                .findFirst().orElse(null);
        SortedMap<Long, MinuteMetrics> minutes = firstActive == null ? new TreeMap<>() : kept.tailMap(firstActive);
        List<ToLongFunction<MinuteMetrics>> values = List.of(MinuteMetrics::enqueued, MinuteMetrics::succeeded,
                MinuteMetrics::failed, MinuteMetrics::retried, MinuteMetrics::deadLettered);
        List<DoubleDataSet> sets = outcomes();
        for (int k = 0; k < sets.size(); k++) {
            TreeMap<Long, Double> perMinute = new TreeMap<>();
            ToLongFunction<MinuteMetrics> value = values.get(k);
            minutes.forEach((minute, m) -> perMinute.put(minute, (double) value.applyAsLong(m)));
            draw(sets.get(k), perMinute, true);
        }
        noOutcomes.set(sets.get(0).getDataCount() == 0);
    }

    /**
     * Per-minute values with gaps where minutes are missing. A count leaves out the minute under way (it would drop
     * off a cliff); a rate keeps it, since a part of a minute gives a fair rate.
     */
    private void draw(DoubleDataSet set, SortedMap<Long, Double> perMinute, boolean count) {
        long current = count && lastRead != null ? TimeSeries.minuteOf(lastRead.toEpochMilli()) : Long.MAX_VALUE;
        TimeSeries.Points p = TimeSeries.perMinute(perMinute, current);
        set.set(p.x(), p.y(), p.count(), true);
    }

    private void drawCorrelation() {
        TreeMap<Long, Long> dead = new TreeMap<>();
        long firstActive = Long.MAX_VALUE;
        for (TreeMap<Long, MinuteMetrics> minutes : metrics.values()) {
            for (Map.Entry<Long, MinuteMetrics> e : minutes.entrySet()) {
                if (e.getValue().active()) {
                    firstActive = Math.min(firstActive, e.getKey());
                }
                dead.merge(e.getKey(), e.getValue().deadLettered(), Long::sum);
            }
        }
        dead.headMap(firstActive).clear();  // before any queue did anything there is no rate to draw, not a zero
        TreeMap<Long, Double> deadPerMinute = new TreeMap<>();
        dead.forEach((minute, n) -> deadPerMinute.put(minute, n.doubleValue()));
        draw(deadLetterRate, deadPerMinute, true);
        TreeMap<Long, Double> hitRates = new TreeMap<>();
        cacheMinutes.forEach((minute, c) -> {
            if (c.hits() + c.misses() > 0) {
                hitRates.put(minute, 100.0 * c.hitRate());
            }
        });
        draw(cacheHitRate, hitRates, false);
        noCorrelation.set(deadLetterRate.getDataCount() == 0 && cacheHitRate.getDataCount() == 0);
    }
}
