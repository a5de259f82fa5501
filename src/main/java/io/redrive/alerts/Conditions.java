package io.redrive.alerts;

import io.redrive.cache.CacheAdmin;
import io.redrive.cache.CacheCounters;
import io.redrive.cache.CacheMinuteStats;
import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.Engine;
import io.redrive.engine.FailureGroup;
import io.redrive.engine.MinuteMetrics;
import io.redrive.ops.TimeWords;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Measures every rule against Redis as it is now, for one tick. Each reading (a queue's dead letters, its groups,
 * a window of its metrics, the cache's statistics) is made once per tick however many rules need it, so the cost
 * grows with queues, not with rules times queues.
 */
final class Conditions {
    /** A hit rate over fewer reads than this says nothing, and would page someone for one miss. */
    static final long MIN_CACHE_READS = 10;

    /** One rule on one subject now: the value, its state, and the sentence for it. */
    record Measurement(AlertRule rule, String subject, double value, State state, String sentence, String link) {
        Measurement(AlertRule rule, String subject, double value, boolean firing, String sentence, String link) {
            this(rule, subject, value, firing ? State.FIRING : State.CLEAR, sentence, link);
        }

        String incident() { return AlertStore.incident(rule.id(), subject); }
    }

    /** Firing opens an incident; holding keeps an open one open but opens none; clear closes one. */
    enum State { FIRING, HOLDING, CLEAR }

    private final Engine engine;
    private final CacheAdmin cache;
    private final AlertStore store;
    private final AlertLinks links;
    private final Instant now;
    private final ZoneId zone;
    private final Map<String, Object> read = new ConcurrentHashMap<>();
    private final Executor readers;

    /** @param readers runs the per-queue readings side by side, so a tick costs a few round trips, not one per queue */
    Conditions(Engine engine, CacheAdmin cache, AlertStore store, AlertLinks links, Instant now, ZoneId zone,
               Executor readers) {
        this.readers = readers;
        this.store = store;
        this.engine = engine;
        this.cache = cache;
        this.links = links;
        this.now = now;
        this.zone = zone;
    }

    List<Measurement> measure(AlertRule rule) {
        List<Measurement> out = new ArrayList<>();
        if (rule.kind().aboutCache()) {
            cacheTotals(rule.window()).forEach((ns, counters) -> {
                if (rule.covers(ns)) {
                    out.add(hitRate(rule, ns, counters));
                }
            });
            return out;
        }
        List<CompletableFuture<List<Measurement>>> perQueue = new ArrayList<>();
        for (String queue : queues()) {
            if (rule.covers(queue)) {
                perQueue.add(CompletableFuture.supplyAsync(() -> measure(rule, queue), readers));
            }
        }
        try {
            perQueue.forEach(f -> out.addAll(f.join()));
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return out;
    }

    private List<Measurement> measure(AlertRule rule, String queue) {
        return switch (rule.kind()) {
            case DLQ_SIZE -> List.of(dlqSize(rule, queue));
            case DEAD_LETTERED_PER_MINUTE -> List.of(deadPerMinute(rule, queue));
            case EXPIRING_DEAD_LETTERS -> List.of(expiring(rule, queue));
            case NEW_FAILURE_GROUP -> newGroups(rule, queue);
            case RETRY_SUCCESS_RATE -> List.of(retrySuccess(rule, queue));
            case NO_WORKER_HEARTBEAT -> List.of(noWorker(rule, queue));
            default -> throw new IllegalStateException("not a queue kind: " + rule.kind());
        };
    }

    private Measurement dlqSize(AlertRule rule, String queue) {
        long dead = once("dead:" + queue, () -> engine.deadLetters().count(DeadLetterQuery.builder().queue(queue).build()));
        boolean firing = dead > rule.threshold();
        return new Measurement(rule, queue, dead, firing, "Queue " + queue + " holds " + dead + " dead letters, "
                + (firing ? "more than " : "no more than ") + number(rule.threshold()) + ".", links.queue(queue));
    }

    private Measurement deadPerMinute(AlertRule rule, String queue) {
        long minutes = Math.max(1, rule.window().toMinutes());
        Instant current = now.truncatedTo(ChronoUnit.MINUTES);
        // complete minutes only: the current one is still filling and would read low
        List<MinuteMetrics> metrics = once("metrics:" + queue + ":" + minutes,
                () -> engine.queue(queue).metrics(current.minus(Duration.ofMinutes(minutes)), current.minusMillis(1)));
        double perMinute = metrics.stream().mapToLong(MinuteMetrics::deadLettered).sum() / (double) minutes;
        boolean firing = perMinute > rule.threshold();
        return new Measurement(rule, queue, perMinute, firing, "Queue " + queue + " dead-lettered " + number(perMinute)
                + " a minute over the last " + TimeWords.duration(Duration.ofMinutes(minutes)) + ", "
                + (firing ? "more than " : "no more than ") + number(rule.threshold()) + ".", links.queue(queue));
    }

    private Measurement expiring(AlertRule rule, String queue) {
        Duration retention = once("retention:" + queue, () -> engine.queue(queue).policy().deadLetterRetention());
        Instant cutoff = now.minus(retention).plus(rule.window());
        long expiring = once("expiring:" + queue + ":" + cutoff, () -> engine.deadLetters().count(
                DeadLetterQuery.builder().queue(queue).between(null, cutoff).build()));
        boolean firing = expiring > rule.threshold();
        String within = TimeWords.duration(rule.window());
        return new Measurement(rule, queue, expiring, firing, firing
                ? expiring + " dead letters in queue " + queue + " expire unresolved within " + within
                        + " (the retention is " + TimeWords.duration(retention) + ")."
                : "No more than " + number(rule.threshold()) + " dead letters in queue " + queue + " expire within "
                        + within + " now (" + expiring + ").", links.queue(queue));
    }

    /** A group counts as new when first seen after the rule was made and within its window; it stays open until it empties. */
    private List<Measurement> newGroups(AlertRule rule, String queue) {
        List<FailureGroup> groups = once("groups:" + queue, () -> engine.deadLetters().groups(queue));
        Instant since = rule.createdAt().isAfter(now.minus(rule.window())) ? rule.createdAt() : now.minus(rule.window());
        List<Measurement> out = new ArrayList<>();
        for (FailureGroup g : groups) {
            if (g.count() == 0 || g.firstSeen() == null) {
                continue;
            }
            // a group no longer new keeps its incident open until it empties, but an old one never opens one
            State state = g.firstSeen().isBefore(since) ? State.HOLDING : State.FIRING;
            out.add(new Measurement(rule, queue + "/" + g.fingerprint(), g.count(), state,
                    "A new failure group appeared in queue " + queue + " at " + TimeWords.time(g.firstSeen(), now, zone)
                            + ": " + g.count() + " dead letters with " + g.sample(),
                    links.group(queue, g.fingerprint())));
        }
        return out;
    }

    /** Clear when the window holds neither a late success nor a death: no data says nothing is failing. */
    private Measurement retrySuccess(AlertRule rule, String queue) {
        Duration window = rule.window().isZero() ? rule.kind().defaultWindow() : rule.window();
        Double rate = once("health:" + queue + ":" + window, () -> engine.health(queue, window)).retrySuccessRate();
        String over = " over the last " + TimeWords.duration(window);
        if (rate == null) {
            return new Measurement(rule, queue, 0, false, "No message of queue " + queue + " failed and then succeeded"
                    + " or died" + over + ".", links.queue(queue));
        }
        double percent = rate * 100;
        boolean firing = percent < rule.threshold();
        return new Measurement(rule, queue, percent, firing, "Queue " + queue + " retried " + Math.round(percent)
                + " % of its failed messages to success" + over + ", " + (firing ? "below " : "not below ")
                + number(rule.threshold()) + " %.", links.queue(queue));
    }

    /**
     * Measured from when a tick last found a live engine running a worker for the queue, as kept in Redis, or from
     * when the rule was made if later, so every watcher counts from the same moment.
     */
    private Measurement noWorker(AlertRule rule, String queue) {
        Map<String, Instant> served = servedNow();
        Instant lastServed = served.get(queue);
        // served times are kept to the millisecond: compare the rule's creation at the same precision
        Instant created = rule.createdAt().truncatedTo(ChronoUnit.MILLIS);
        Instant since = lastServed == null || lastServed.isBefore(created) ? created : lastServed;
        Duration unserved = since.isAfter(now) ? Duration.ZERO : Duration.between(since, now);
        double minutes = unserved.toMillis() / 60_000.0;
        boolean firing = !now.equals(lastServed) && minutes >= rule.threshold();
        String sentence = now.equals(lastServed)
                ? "A worker serves queue " + queue + " again."
                : "No worker has served queue " + queue + " for " + TimeWords.duration(unserved.truncatedTo(ChronoUnit.MINUTES))
                        + (lastServed == null ? "" : " (last seen at " + TimeWords.time(lastServed, now, zone) + ")") + ".";
        return new Measurement(rule, queue, Math.floor(minutes), firing, sentence, links.queue(queue));
    }

    /** The queues' last-served times after recording the ones a live engine serves now; once per tick. */
    private Map<String, Instant> servedNow() {
        return once("served", () -> {
            Set<String> serving = new TreeSet<>();
            engine.liveEngines().forEach(e -> serving.addAll(e.queues()));
            store.markServed(serving, now);
            Map<String, Instant> served = new HashMap<>(store.lastServed());
            serving.forEach(q -> served.put(q, now));
            return served;
        });
    }

    private Measurement hitRate(AlertRule rule, String namespace, CacheCounters c) {
        long reads = c.hits() + c.misses();
        double percent = c.hitRate() * 100;
        boolean firing = reads >= MIN_CACHE_READS && percent < rule.threshold();
        return new Measurement(rule, namespace, percent, firing, "Cache namespace " + namespace + " answered "
                + Math.round(percent) + " % of " + reads + " reads from the cache over the last "
                + TimeWords.duration(rule.window()) + ", " + (firing ? "below " : "not below ") + number(rule.threshold())
                + " %.", links.cache(namespace));
    }

    /** The sentence for an open incident whose subject is gone (a group emptied, a queue or namespace went quiet). */
    static String goneSentence(AlertKind kind, String subject) {
        if (kind == AlertKind.NEW_FAILURE_GROUP) {
            int slash = subject.indexOf('/');
            return "The failure group " + subject.substring(slash + 1) + " in queue " + subject.substring(0, slash)
                    + " has no dead letters left.";
        }
        return (kind.aboutCache() ? "Cache namespace " : "Queue ") + subject + " is no longer there to alert on.";
    }

    private List<String> queues() {
        return once("queues", engine::queueNames);
    }

    private Map<String, CacheCounters> cacheTotals(Duration window) {
        return once("cache:" + window, () -> {
            Map<String, CacheCounters> totals = new HashMap<>();
            if (cache == null) {
                return totals;
            }
            Map<String, List<CacheMinuteStats>> stats = cache.stats(List.of(), now.minus(window), now);
            stats.forEach((ns, minutes) -> totals.put(ns, CacheMinuteStats.total(minutes)));
            return totals;
        });
    }

    @SuppressWarnings("unchecked")
    private <T> T once(String reading, Supplier<T> read) {
        return (T) this.read.computeIfAbsent(reading, r -> read.get());
    }

    static String number(double n) {
        return n == Math.rint(n) ? Long.toString((long) n) : String.format(Locale.ROOT, "%.1f", n);
    }
}
