package io.redrive.engine;

import io.redrive.redis.Args;
import io.redrive.redis.Replies;
import io.redrive.engine.Handoffs.Lease;
import io.redrive.engine.Handoffs.Outcome;
import io.redrive.redis.KeySchema.QueueKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Consumes one queue: a fetcher thread leases batches of ready messages while handler slots are free, a pool
 * of {@code concurrency} threads runs the handler, two settler threads record outcomes in batches (one batch is
 * built while the other is in Redis), and a timer extends the leases of messages still being handled. Outcomes
 * that cannot reach Redis are retried until they do; a message whose outcome never arrives is delivered again
 * after its lease expires (at-least-once).
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final int SETTLE_BATCH = 500;
    private static final int EXTEND_BATCH = 500;

    private final Engine engine;
    private final Queue queue;
    private final QueueKeys keys;
    private final MessageHandler handler;
    private final WorkerOptions options;
    private final String id;
    private final Semaphore freeSlots;
    private final ThreadPoolExecutor handlers;
    private final ScheduledExecutorService extender;
    private final Thread fetcher;
    private final List<Thread> settlers;
    private final Map<String, Long> leased = new ConcurrentHashMap<>();
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();

    private final Outage outage;
    private volatile boolean fetching = true;
    private volatile boolean settling = true;
    private volatile boolean abandoned;
    /** System.nanoTime() when close() began, 0 before. */
    private volatile long closingSince;

    Worker(Engine engine, Queue queue, MessageHandler handler, WorkerOptions options) {
        this.engine = engine;
        this.queue = queue;
        this.keys = queue.keys();
        this.handler = handler;
        this.options = options;
        int n = SEQUENCE.incrementAndGet();
        this.id = engine.id() + "/" + queue.name() + "#" + n;
        this.outage = new Outage(log, "Worker " + id);
        this.freeSlots = new Semaphore(slots(options));
        AtomicInteger thread = new AtomicInteger();
        this.handlers = new ThreadPoolExecutor(options.concurrency(), options.concurrency(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> daemon(r, "redrive-" + queue.name() + "-" + n + "-handler-" + thread.incrementAndGet()));
        this.extender = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "redrive-" + queue.name() + "-" + n + "-extender"));
        this.fetcher = daemon(this::fetchLoop, "redrive-" + queue.name() + "-" + n + "-fetcher");
        this.settlers = List.of(daemon(this::settleLoop, "redrive-" + queue.name() + "-" + n + "-settler-1"),
                daemon(this::settleLoop, "redrive-" + queue.name() + "-" + n + "-settler-2"));
    }

    void start() {
        settlers.forEach(Thread::start);
        fetcher.start();
        long every = Math.max(50, options.visibilityTimeout().toMillis() / 3);
        extender.scheduleWithFixedDelay(this::extendLeases, every, every, TimeUnit.MILLISECONDS);
    }

    public String id() {
        return id;
    }

    public String queue() {
        return queue.name();
    }

    public boolean isRunning() {
        return !closed.get();
    }

    /** Messages this worker acknowledged. */
    public long succeeded() {
        return succeeded.get();
    }

    /** Attempts that failed in this worker's handler. */
    public long failed() {
        return failed.get();
    }

    /** Outcomes Redis refused because the lease had already expired and been taken back. */
    public long staleOutcomes() {
        return stale.get();
    }

    /** Messages leased and not yet settled. */
    public int inFlight() {
        return leased.size();
    }

    private void fetchLoop() {
        long idleNanos = 0;
        while (fetching) {
            // While the handlers still have leased messages waiting, wait for room for a whole batch: leasing
            // whatever single slots free up would cost Redis one script call per few messages.
            int wanted = handlers.getQueue().isEmpty() ? 1 : options.batchSize();
            freeSlots.acquireUninterruptibly(wanted);
            if (!fetching) {
                freeSlots.release(wanted);
                break;
            }
            int extra = Math.min(options.batchSize() - wanted, freeSlots.availablePermits());
            if (extra > 0 && freeSlots.tryAcquire(extra)) {
                wanted += extra;
            }
            List<Lease> batch;
            try {
                batch = lease(wanted);
                outage.over();
            } catch (RuntimeException e) {
                freeSlots.release(wanted);
                outage.failed(e);
                LockSupport.parkNanos(outage.pauseNanos());
                continue;
            }
            freeSlots.release(wanted - batch.size());
            if (batch.isEmpty()) {
                idleNanos = Math.min(options.maxIdlePoll().toNanos(), Math.max(1_000_000, idleNanos * 2));
                LockSupport.parkNanos(idleNanos);
                continue;
            }
            idleNanos = 0;
            for (Lease lease : batch) {
                leased.put(lease.delivery().id(), lease.token());
                handlers.execute(new HandlerTask(lease));
            }
        }
    }

    private List<Lease> lease(int count) {
        return Handoffs.lease(engine, queue, id, count, options.visibilityTimeout(), outcome -> {
            leased.put(outcome.id(), outcome.token());
            outcomes.add(outcome);
        });
    }

    private final class HandlerTask implements Runnable {
        private final Lease lease;

        HandlerTask(Lease lease) {
            this.lease = lease;
        }

        @Override
        public void run() {
            Outcome outcome;
            try {
                handler.handle(lease.delivery());
                succeeded.incrementAndGet();
                outcome = Outcome.ack(lease);
            } catch (Throwable error) {
                failed.incrementAndGet();
                outcome = Handoffs.failure(engine, queue, id, options, lease, error);
            }
            if (!abandoned) {
                outcomes.add(outcome);
            }
            freeSlots.release();
        }
    }

    private void settleLoop() {
        List<Outcome> batch = new ArrayList<>(SETTLE_BATCH);
        while (settling || !outcomes.isEmpty()) {
            Outcome first;
            try {
                first = outcomes.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                continue;
            }
            batch.clear();
            batch.add(first);
            outcomes.drainTo(batch, SETTLE_BATCH - 1);
            settleUntilStored(batch);
        }
    }

    /**
     * Retries while Redis is away. Once the worker is closing it gives up after the shutdown timeout: those
     * messages stay in flight and are delivered again when their lease expires, so nothing is lost.
     */
    private void settleUntilStored(List<Outcome> batch) {
        while (true) {
            try {
                settle(batch);
                outage.over();
                return;
            } catch (RuntimeException e) {
                outage.failed(e);
                if (abandoned || (closingSince > 0 && System.nanoTime() - closingSince > options.shutdownTimeout().toNanos())) {
                    log.warn("Worker {} could not record {} outcomes before stopping; those messages will be delivered again",
                            id, batch.size());
                    return;
                }
                LockSupport.parkNanos(outage.pauseNanos());
            }
        }
    }

    private void settle(List<Outcome> batch) {
        List<Object> moved = Handoffs.settle(engine, keys, id, batch);
        for (int i = 0; i < batch.size(); i++) {
            leased.remove(batch.get(i).id(), batch.get(i).token());
            if (i < moved.size() && Replies.number(moved.get(i)) == 0) {
                stale.incrementAndGet();
                log.debug("Outcome of {} came after its lease was taken back; it was delivered again", batch.get(i).id());
            }
        }
    }

    private void extendLeases() {
        try {
            List<Map.Entry<String, Long>> held = new ArrayList<>(leased.entrySet());
            long deadline = engine.options().clock().millis() + options.visibilityTimeout().toMillis();
            for (int from = 0; from < held.size(); from += EXTEND_BATCH) {
                List<Map.Entry<String, Long>> chunk = held.subList(from, Math.min(held.size(), from + EXTEND_BATCH));
                List<String> scriptKeys = new ArrayList<>(1 + chunk.size());
                scriptKeys.add(keys.inflight());
                Args args = new Args().add(deadline).add(chunk.size());
                for (Map.Entry<String, Long> lease : chunk) {
                    scriptKeys.add(keys.message(lease.getKey()));
                    args.add(lease.getKey()).add(lease.getValue());
                }
                Scripts.EXTEND.call(engine.redis(), scriptKeys, args.list());
            }
        } catch (RuntimeException e) {
            outage.failed(e);
        }
    }

    /**
     * Stops leasing, waits up to the shutdown timeout for running handlers, records their outcomes, and
     * hands back messages that were leased but never started. Handlers still running after the timeout are
     * interrupted; their messages return after the visibility timeout.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closingSince = System.nanoTime();
        fetching = false;
        freeSlots.release(slots(options));  // however many the fetcher waits for, it gets them and sees it must stop
        LockSupport.unpark(fetcher);
        join(fetcher);
        handlers.shutdown();
        if (!awaitHandlers()) {
            abandoned = true;
            List<Runnable> neverStarted = handlers.shutdownNow();
            for (Runnable task : neverStarted) {
                Lease lease = ((HandlerTask) task).lease;
                outcomes.add(Outcome.release(lease));
            }
            log.warn("Worker {} stopped with {} handlers still running; their messages return after the visibility timeout",
                    id, leased.size() - neverStarted.size());
        }
        settling = false;
        settlers.forEach(Worker::join);
        extender.shutdownNow();
        engine.forget(this);
    }

    private boolean awaitHandlers() {
        try {
            return handlers.awaitTermination(options.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Messages a worker holds at most: the running handlers', one batch waiting for a handler, one being leased. */
    private static int slots(WorkerOptions options) {
        return options.concurrency() + 2 * options.batchSize();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
