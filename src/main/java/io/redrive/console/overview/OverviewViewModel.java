package io.redrive.console.overview;

import io.redrive.cache.CacheCounters;
import io.redrive.cache.CacheMinuteStats;
import io.redrive.console.SessionContext;
import io.redrive.console.Words;
import io.redrive.engine.Engine;
import io.redrive.engine.LiveEngine;
import io.redrive.engine.MinuteMetrics;
import io.redrive.engine.QueueCounts;
import io.redrive.engine.QueueHealth;
import io.redrive.engine.ServerInfo;
import io.redrive.engine.Upkeep;
import io.redrive.ops.AuditAction;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.RedisUnavailableException;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every queue with its count per state and its rates over the last minute, the upkeep's status, and
 * the server's facts. {@link #refresh()} reads in the background and updates rows in place.
 */
public final class OverviewViewModel {
    private final SessionContext context;
    private final ObservableList<QueueRow> queues = FXCollections.observableArrayList();
    private final Map<String, QueueRow> byName = new LinkedHashMap<>();
    private final ReadOnlyStringWrapper server = new ReadOnlyStringWrapper("Reading the server's facts…");
    private final ReadOnlyStringWrapper worker = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper workerRunning = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper stale = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper anyProblem = new ReadOnlyBooleanWrapper();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final ObservableList<String> engines = FXCollections.observableArrayList();
    private final ObservableList<NamespaceTile> namespaces = FXCollections.observableArrayList();
    private final ObjectProperty<Duration> window = new SimpleObjectProperty<>(Duration.ofHours(1));
    /** Health reads cost a command per minute of the window: every tenth refresh, or when the window changes. */
    private volatile Instant healthReadAt;
    // what the last refresh saw of the worker's steps; touched on the UI thread only
    private Instant lastTick;
    private boolean workerFailing;
    /** When the figures shown were read; null until the first read. */
    private Instant readAt;

    public OverviewViewModel(SessionContext context) {
        this.context = context;
        // whether it runs is this process's own state: no Redis I/O to ask
        workerRunning.set(context.session().engine().upkeep().isRunning());
        context.connection().connectedProperty().addListener((o, was, now) -> {
            describeWorker();
            describeStale();
        });
        describeWorker();
        window.addListener((o, was, now) -> {
            healthReadAt = null;
            refresh();
        });
    }

    /** A cache namespace's tile: its hit rate in words, and whether it misses the 80 % target. */
    public record NamespaceTile(String namespace, String text, boolean missesTarget) { }

    public ObservableList<QueueRow> queues() { return queues; }
    /** The engines alive on this Redis, one sentence each. */
    public ObservableList<String> engines() { return engines; }
    public ObservableList<NamespaceTile> namespaces() { return namespaces; }
    /** The window the sparklines, the retry success rate and the resolution times cover. */
    public ObjectProperty<Duration> windowProperty() { return window; }
    public ReadOnlyStringProperty serverProperty() { return server.getReadOnlyProperty(); }
    public ReadOnlyStringProperty workerProperty() { return worker.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty workerRunningProperty() { return workerRunning.getReadOnlyProperty(); }
    /** The last refresh's failure in plain words; empty when it worked. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    /** "Redis is not answering: these figures were read at 14:05:32." while Redis is away; empty otherwise. */
    public ReadOnlyStringProperty staleProperty() { return stale.getReadOnlyProperty(); }
    /** Whether some queue's stored data is damaged (its row then names the problem). */
    public ReadOnlyBooleanProperty anyProblemProperty() { return anyProblem.getReadOnlyProperty(); }
    /** This connection's context: whether it may write, for the write controls. */
    public SessionContext context() { return context; }

    // Commands

    /** Reads counts, rates and facts in the background; a refresh still running makes this one a no-op. */
    public void refresh() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        context.tasks().run(this::read, snapshot -> {
            refreshing.set(false);
            apply(snapshot);
        }, e -> {
            refreshing.set(false);
            error.set(RedisConnection.describe(e));
            describeWorker();
        });
    }

    /**
     * Starts or stops this console's background retry worker, and records who did in the audit log: on production
     * it is off until someone switches it on. A read-only connection's engine refuses, and the error gives its sentence.
     */
    public void setWorkerRunning(boolean running) {
        Engine engine = context.session().engine();
        Upkeep background = engine.upkeep();
        context.tasks().run(() -> {
            if (running) background.start(); else background.stop();
            return background.isRunning();
        }, now -> {
            workerRunning.set(now);
            describeWorker();
            audit(engine, now);
        }, e -> error.set(e.getMessage()));
    }

    private void audit(Engine engine, boolean running) {
        context.tasks().run(() -> engine.audit().record(context.session().actor(), running ? AuditAction.WORKER_ON : AuditAction.WORKER_OFF,
                "background retry worker of " + engine.id(), 0, "ok", Map.of("environment", context.environment().label())),
                entry -> { }, e -> error.set("The worker is " + (running ? "on" : "off") + ", but the audit log could not record it: "
                        + RedisConnection.describe(e)));
    }

    private record Snapshot(List<QueueCounts> counts, Map<String, MinuteMetrics> lastMinute, ServerInfo server,
                            boolean workerRunning, Instant lastTick, boolean workerFailing, Map<String, String> problems,
                            Map<String, QueueHealth> health, List<LiveEngine> engines, List<NamespaceTile> namespaces) { }

    private Snapshot read() {
        Engine engine = context.session().engine();
        Instant now = engine.options().clock().instant();
        List<QueueCounts> counts = new ArrayList<>();
        Map<String, MinuteMetrics> lastMinute = new LinkedHashMap<>();
        Upkeep background = engine.upkeep();
        Map<String, String> problems = new LinkedHashMap<>();
        background.problems().forEach((queue, sentence) -> problems.put(queue, withoutQueueName(queue, sentence)));
        for (String name : engine.queueNames()) {
            var queue = engine.existingQueue(name);
            try {
                counts.add(queue.counts());
                List<MinuteMetrics> minutes = queue.metrics(now.minus(Duration.ofMinutes(1)), now.minus(Duration.ofMinutes(1)));
                if (!minutes.isEmpty()) {
                    lastMinute.put(name, minutes.get(0));
                }
            } catch (RedisUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                // one queue's damaged key must not blank the others' figures
                problems.putIfAbsent(name, "Its figures cannot be read: " + RedisConnection.describe(e));
            }
        }
        boolean healthDue = healthReadAt == null || Duration.between(healthReadAt, now).compareTo(Duration.ofSeconds(10)) >= 0;
        Map<String, QueueHealth> health = new LinkedHashMap<>();
        List<NamespaceTile> tiles = null;
        if (healthDue) {
            for (QueueCounts c : counts) {
                try {
                    health.put(c.queue(), engine.health(c.queue(), window.get()));
                } catch (RedisUnavailableException e) {
                    throw e;
                } catch (RuntimeException e) {
                    problems.putIfAbsent(c.queue(), "Its health cannot be read: " + RedisConnection.describe(e));
                }
            }
            tiles = namespaceTiles(now);
            healthReadAt = now;
        }
        return new Snapshot(counts, lastMinute, engine.serverInfo(), background.isRunning(), background.lastTick(),
                background.isFailing(), problems, health, engine.liveEngines(), tiles);
    }

    /** Each namespace's hit rate over the last hour against the hour before: the trend an operator asks about. */
    private List<NamespaceTile> namespaceTiles(Instant now) {
        var admin = context.session().cache().admin();
        Map<String, List<CacheMinuteStats>> minutes = admin.stats(List.of(), now.minus(Duration.ofHours(2)), now);
        Instant hourAgo = now.minus(Duration.ofHours(1));
        List<NamespaceTile> tiles = new ArrayList<>();
        minutes.forEach((ns, list) -> {
            CacheCounters recent = CacheCounters.sum(list.stream().filter(m -> !m.minute().isBefore(hourAgo)).map(CacheMinuteStats::counters).toList());
            CacheCounters before = CacheCounters.sum(list.stream().filter(m -> m.minute().isBefore(hourAgo)).map(CacheMinuteStats::counters).toList());
            boolean read = recent.hits() + recent.misses() > 0;
            tiles.add(new NamespaceTile(ns, HealthWords.hitRate(recent, before), read && recent.hitRate() < HealthWords.HIT_RATE_TARGET));
        });
        tiles.sort(Comparator.comparing(NamespaceTile::namespace));
        return tiles;
    }

    private void apply(Snapshot s) {
        error.set("");
        readAt = context.session().engine().options().clock().instant();
        for (QueueCounts c : s.counts()) {
            QueueRow row = row(c.queue());
            row.ready.set(c.ready());
            row.inFlight.set(c.inFlight());
            row.scheduled.set(c.scheduled());
            row.dead.set(c.dead());
            MinuteMetrics m = s.lastMinute().get(c.queue());
            row.enqueuedPerMinute.set(m == null ? 0 : m.enqueued());
            row.succeededPerMinute.set(m == null ? 0 : m.succeeded());
            row.failedPerMinute.set(m == null ? 0 : m.failed());
            row.deadLetteredPerMinute.set(m == null ? 0 : m.deadLettered());
        }
        // a queue whose figures could not be read keeps its row (and its last figures) with the reason beside them
        s.problems().keySet().forEach(this::row);
        s.health().forEach((name, h) -> {
            QueueRow row = row(name);
            row.health.set(h);
            row.retrySuccess.set(HealthWords.retrySuccess(h));
            row.retryMissesTarget.set(HealthWords.retryMissesTarget(h));
            row.resolution.set(HealthWords.resolution(h));
            row.resolutionMissesTarget.set(HealthWords.resolutionMissesTarget(h));
            row.deadLetters.set(HealthWords.deadLetters(h));
            row.newGroups.set(h.newGroups());
        });
        byName.forEach((name, row) -> {
            row.workers.set(HealthWords.workers(name, s.engines()));
            row.unserved.set(s.engines().stream().noneMatch(e -> e.queues().contains(name)));
        });
        Instant now = readAt;
        engines.setAll(s.engines().stream().map(e -> HealthWords.engine(e, now)).toList());
        if (s.namespaces() != null) {
            namespaces.setAll(s.namespaces());
        }
        byName.forEach((name, row) -> row.problem.set(s.problems().getOrDefault(name, "")));
        anyProblem.set(!s.problems().isEmpty());
        ServerInfo i = s.server();
        server.set(String.format("Redis %s (%s, %s) · %s used%s · %d clients · up %s · round trip %.1f ms", i.version(), i.mode(),
                i.role(), bytes(i.usedMemoryBytes()), i.maxMemoryBytes() > 0 ? " of " + bytes(i.maxMemoryBytes()) : "",
                i.connectedClients(), uptime(i.uptimeSeconds()), i.roundTrip().toNanos() / 1e6));
        workerRunning.set(s.workerRunning());
        lastTick = s.lastTick();
        workerFailing = s.workerFailing();
        describeWorker();
    }

    /** The worker's status line, from whether it runs, the connection, and what the last refresh saw. */
    private void describeWorker() {
        String text;
        if (!workerRunning.get()) {
            text = context.readOnly() ? "Background retry worker: off (read-only connection)"
                    : context.environment().isProduction() ? "Background retry worker: off on production until switched on"
                    : "Background retry worker: off";
        } else if (!context.connection().isConnected()) {
            text = "Background retry worker: waiting for Redis to come back";
        } else if (workerFailing) {
            text = "Background retry worker: running, but its last step failed";
        } else {
            text = "Background retry worker: running" + (lastTick == null ? ""
                    : ", last step at " + Words.clock(lastTick));
        }
        worker.set(text);
    }

    private void describeStale() {
        stale.set(context.connection().isConnected() ? ""
                : readAt == null ? "Redis is not answering: nothing could be read yet."
                : "Redis is not answering: these figures were read at " + Words.clock(readAt) + ".");
    }

    private QueueRow row(String queue) {
        return byName.computeIfAbsent(queue, name -> {
            QueueRow created = new QueueRow(name);
            queues.add(created);
            return created;
        });
    }

    /** "queue 'orders': its stored policy …" reads "Its stored policy …" on the queue's own row. */
    static String withoutQueueName(String queue, String sentence) {
        String named = "queue '" + queue + "': ";
        String rest = sentence.startsWith(named) ? sentence.substring(named.length()) : sentence;
        return rest.isEmpty() ? rest : Character.toUpperCase(rest.charAt(0)) + rest.substring(1);
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format("%.1f KB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format("%.1f MB", n / 1024.0 / 1024);
        return String.format("%.2f GB", n / 1024.0 / 1024 / 1024);
    }

    private static String uptime(long seconds) {
        return Words.duration(Duration.ofSeconds(seconds));
    }
}
