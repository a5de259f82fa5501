package io.redrive.engine;

import io.redrive.redis.Replies;
import io.redrive.redis.Args;
import io.redrive.redis.KeySchema.QueueKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The upkeep every engine runs in the background (it consumes nothing): on each tick, for every queue, it promotes
 * scheduled messages that are due, takes back expired leases, and deletes dead letters (and kept done messages) past their
 * retention. Each step is an atomic script over a bounded number of messages, so any number of engines can tick
 * at once without moving a message twice. Every few seconds it also reads the outcome of finished replays that have
 * not settled yet, so each settles (and is audited) without anyone watching.
 *
 * <p>Queues are isolated: damaged data in one queue (a policy field that is not a number, an index key of the wrong
 * type) is recorded against that queue in {@link #problems()} and the tick goes on with the others. Only Redis not
 * answering stops a tick and counts as {@link #isFailing() failing}.
 */
public final class Upkeep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Upkeep.class);
    /** Messages one script moves at most, so that no tick holds Redis for long. */
    static final int STEP = 500;
    /** Steps per queue and kind in one tick, so that one busy queue cannot starve the others. */
    private static final int MAX_STEPS = 20;
    /** Every this many ticks (10 s at the default interval), finished replays are followed until they settle. */
    private static final int FOLLOW_EVERY_TICKS = 20;

    /** What one tick did, summed over all queues. */
    public record Tick(long promoted, long recovered, long deadLettered, long swept) {
        Tick plus(Tick o) {
            return new Tick(promoted + o.promoted, recovered + o.recovered, deadLettered + o.deadLettered, swept + o.swept);
        }
    }

    private final Engine engine;
    private final Outage outage;
    private final AtomicLong promoted = new AtomicLong();
    private final AtomicLong recovered = new AtomicLong();
    private final AtomicLong swept = new AtomicLong();
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> ticking;
    private volatile Instant lastTick;
    private long ticks;
    private final Map<String, String> problems = new ConcurrentHashMap<>();

    Upkeep(Engine engine) {
        this.engine = engine;
        this.outage = new Outage(log, "Upkeep of " + engine.id());
    }

    /** Starts ticking at the engine's maintenance interval; does nothing if it runs already. */
    public synchronized void start() {
        engine.requireWritable();
        if (ticking != null) {
            return;
        }
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "redrive-upkeep");
                t.setDaemon(true);
                return t;
            });
        }
        long every = engine.options().maintenanceInterval().toMillis();
        ticking = timer.scheduleWithFixedDelay(this::tickQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Stops ticking after the current tick; the engine keeps working otherwise. */
    public synchronized void stop() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }

    public synchronized boolean isRunning() {
        return ticking != null;
    }

    /** When the last tick finished, or null before the first. */
    public Instant lastTick() {
        return lastTick;
    }

    /**
     * Queues whose stored data stopped their part of the last tick, each with a plain sentence saying what is wrong
     * (e.g. "queue 'orders': its stored policy is not valid: field maxAttempts is 'abc'"); empty when all is well. A
     * queue leaves the map once a tick gets through it again.
     */
    public Map<String, String> problems() {
        return Map.copyOf(problems);
    }

    /** Whether the last tick failed to reach Redis; damaged data in a queue is a {@link #problems() problem} instead. */
    public boolean isFailing() {
        return outage.ongoing();
    }

    public long promotedTotal() { return promoted.get(); }
    public long recoveredTotal() { return recovered.get(); }
    public long sweptTotal() { return swept.get(); }

    private void tickQuietly() {
        try {
            runOnce();
            if (++ticks % FOLLOW_EVERY_TICKS == 0) {
                // so a replay's outcome reaches the audit log even when no console or command line looks at it
                engine.operations().followFinishedReplays();
            }
            outage.over();
        } catch (RuntimeException e) {
            outage.failed(e);
        }
    }

    /** Runs one tick over every declared queue now, in the calling thread. */
    public Tick runOnce() {
        engine.requireWritable();
        Tick total = new Tick(0, 0, 0, 0);
        List<String> queues = engine.queueNames();
        for (String queue : queues) {
            try {
                total = total.plus(tick(queue));
                if (problems.remove(queue) != null) {
                    log.info("Upkeep of {}: queue '{}' is worked again", engine.id(), queue);
                }
            } catch (RuntimeException e) {
                DamagedQueueException damaged = QueueDamage.diagnose(engine, queue, e);
                if (damaged == null) {
                    throw e;  // Redis is not answering: the other queues would fail the same way
                }
                String before = problems.put(queue, damaged.getMessage());
                if (!damaged.getMessage().equals(before)) {
                    log.warn("Upkeep of {}: {}; other queues go on", engine.id(), damaged.getMessage());
                }
            }
        }
        problems.keySet().retainAll(queues);
        promoted.addAndGet(total.promoted());
        recovered.addAndGet(total.recovered());
        swept.addAndGet(total.swept());
        lastTick = engine.options().clock().instant();
        return total;
    }

    /**
     * Moves the retries that are due now to their ready lists, in every declared queue, in the calling thread:
     * the first step of {@link #runOnce()} alone, without recovering leases or sweeping; returns how many moved.
     */
    public long promoteDue() {
        engine.requireWritable();
        long moved = 0;
        for (String queue : engine.queueNames()) {
            moved += promote(engine.keys().queue(queue), engine.options().clock().millis());
        }
        promoted.addAndGet(moved);
        return moved;
    }

    private long promote(QueueKeys keys, long now) {
        return repeat(() -> Replies.number(Scripts.PROMOTE.call(engine.redis(),
                List.of(keys.scheduled(), keys.ready()), new Args().add(now).add(STEP).add(keys.base()).list())));
    }

    private Tick tick(String queue) {
        QueueKeys keys = engine.keys().queue(queue);
        RetryPolicy policy = engine.policies().current(queue);
        long now = engine.options().clock().millis();
        long promotedHere = promote(keys, now);
        long[] deadHere = {0};
        long recoveredHere = repeat(() -> {
            List<Object> reply = Replies.list(Scripts.RECOVER.call(engine.redis(),
                    List.of(keys.inflight(), keys.ready(), keys.dead(), keys.metrics(now / 60_000)),
                    new Args().add(now).add(STEP).add(policy.maxAttempts()).add(keys.base())
                            .add(engine.metricsTtlSeconds()).add(engine.id())
                            .add(Fingerprints.of(queue, "LeaseExpired", "lease expired", "")).list()));
            deadHere[0] += Replies.number(reply.get(1));
            return Replies.number(reply.get(0));
        });
        long deadCutoff = now - policy.deadLetterRetention().toMillis();
        long sweptHere = sweep(keys.dead(), deadCutoff, keys, "dead");
        sweptHere += sweep(keys.trash(), now - engine.options().trashRetention().toMillis(), keys, "trash");
        long done = engine.options().doneRetention().toMillis();
        long replayed = engine.options().replayedRetention().toMillis();
        if (done > 0) {
            // replayed messages kept longer than the others are passed over until their own cutoff
            sweptHere += sweep(keys.done(), now - done, keys, "done", replayed > done ? String.valueOf(now - replayed) : "");
        } else if (replayed > 0) {
            sweptHere += sweep(keys.done(), now - replayed, keys, "done", "");  // only replayed messages are kept
        }
        return new Tick(promotedHere, recoveredHere, deadHere[0], sweptHere);
    }

    private long sweep(String index, long cutoff, QueueKeys keys, String kind) {
        return sweep(index, cutoff, keys, kind, "");
    }

    private long sweep(String index, long cutoff, QueueKeys keys, String kind, String replayedCutoff) {
        return repeat(() -> Replies.number(Scripts.SWEEP.call(engine.redis(), List.of(index),
                new Args().add(cutoff).add(STEP).add(keys.base()).add(kind).add(replayedCutoff).list())));
    }

    /** Runs a step until it moves fewer than a full batch, or MAX_STEPS times. */
    private static long repeat(LongSupplier step) {
        long total = 0;
        for (int i = 0; i < MAX_STEPS; i++) {
            long n = step.getAsLong();
            total += n;
            if (n < STEP) {
                break;
            }
        }
        return total;
    }

    @Override
    public synchronized void close() {
        stop();
        if (timer != null) {
            timer.shutdown();
            try {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
    }
}
