package io.redrive.bench;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.redrive.demo.EmbeddedRedis;
import io.redrive.engine.Backoff;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.MessageHandler;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.redis.RedisConnection;
import java.util.Set;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code redrive bench engine}: the engine's rates next to a raw Redis ceiling measured in the same run with the
 * same client. The ceiling is a plain list used as a queue: pipelined RPUSH of the same payloads, then LPOP in
 * batches, with none of the engine's guarantees (no lease, no retry, no history, no metrics).
 */
public final class EngineBenchmark {
    private static final int PIPELINE_WINDOW = 1_000;
    private static final int ENQUEUE_BATCH = 1_000;

    /**
     * What to measure, as {@code redrive bench engine} was given it: a null {@code redisUrl} means an embedded Redis
     * of the benchmark's own; {@code only} names the figures to measure (raw, enqueue, end_to_end, failure_path).
     */
    public record Settings(String redisUrl, int messages, int payloadBytes, int runs, int concurrency, int batchSize,
                           int workers, int warmup, Set<String> only) {
    }

    private final String redisUrl;
    private final int messages;
    private final int payloadBytes;
    private final int runs;
    private final int concurrency;
    private final int batchSize;
    private final int workers;
    private final int warmup;
    private final Set<String> only;
    /** Messages in the measurement under way: the warm-up's or a run's. */
    private int count;

    public EngineBenchmark(Settings settings) {
        this.redisUrl = settings.redisUrl();
        this.messages = settings.messages();
        this.payloadBytes = settings.payloadBytes();
        this.runs = settings.runs();
        this.concurrency = settings.concurrency();
        this.batchSize = settings.batchSize();
        this.workers = settings.workers();
        this.warmup = settings.warmup();
        this.only = Set.copyOf(settings.only());
    }

    /** Prints every run's figures as JSON lines on standard output, then their medians. */
    public void run() throws Exception {
        EmbeddedRedis embedded = redisUrl == null ? EmbeddedRedis.start() : null;
        String url = embedded != null ? embedded.url() : redisUrl;
        BenchOutput out = new BenchOutput(System.out);
        byte[] payload = new byte[payloadBytes];
        ThreadLocalRandom.current().nextBytes(payload);
        try {
            if (warmup > 0) {
                measure(url, payload, new BenchOutput(new PrintStream(OutputStream.nullOutputStream())), 0, warmup);
            }
            for (int run = 1; run <= runs; run++) {
                measure(url, payload, out, run, messages);
            }
            out.medians();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** One run of every chosen measurement, on keys of its own that it deletes afterwards. */
    private void measure(String url, byte[] payload, BenchOutput out, int run, int messagesThisTime) throws InterruptedException {
        this.count = messagesThisTime;
        String prefix = "bench-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        EngineOptions options = EngineOptions.builder().redisUrl(url).keyPrefix(prefix).build();
        try (Engine engine = Engine.connect(options);
             RedisConnection raw = RedisConnection.open(url, Duration.ofSeconds(30))) {
            Map<String, Double> rates = new LinkedHashMap<>();
            if (only.contains("raw")) {
                rates.put("raw.push", rawPush(raw, prefix + ":raw", payload));
                rates.put("raw.queue", rawQueue(raw, prefix + ":raw", payload));
                clean(raw, prefix);
            }
            if (only.contains("enqueue")) {
                rates.put("engine.enqueue", enqueue(engine.queue("enqueue"), payload));
                clean(raw, prefix);
            }
            if (only.contains("end_to_end")) {
                rates.put("engine.end_to_end", endToEnd(engine, payload));
                clean(raw, prefix);
            }
            if (only.contains("failure_path")) {
                rates.put("engine.failure_path", failurePath(engine, payload));
                clean(raw, prefix);
            }
            for (Map.Entry<String, Double> rate : rates.entrySet()) {
                out.line(rate.getKey(), rate.getValue(), "msg/s", run);
            }
            ratio(out, run, rates, "engine.enqueue", "raw.push");
            ratio(out, run, rates, "engine.end_to_end", "raw.queue");
            ratio(out, run, rates, "engine.failure_path", "raw.queue");
        }
    }

    private static void ratio(BenchOutput out, int run, Map<String, Double> rates, String figure, String baseline) {
        if (rates.containsKey(figure) && rates.containsKey(baseline)) {
            out.line(figure + ".ratio_to_" + baseline.replace('.', '_'), rates.get(figure) / rates.get(baseline), "ratio", run);
        }
    }

    private double rawPush(RedisConnection raw, String key, byte[] payload) {
        long start = System.nanoTime();
        List<RedisFuture<Long>> window = new ArrayList<>(PIPELINE_WINDOW);
        for (int i = 0; i < count; i++) {
            window.add(raw.commands().rpush(key, payload));
            if (window.size() == PIPELINE_WINDOW) {
                window.forEach(raw::await);
                window.clear();
            }
        }
        window.forEach(raw::await);
        return perSecond(count, start);
    }

    /** Pushes and pops the same number of payloads, the simplest queue Redis can be. */
    private double rawQueue(RedisConnection raw, String key, byte[] payload) {
        raw.await(raw.commands().del(key));
        long start = System.nanoTime();
        RedisClusterAsyncCommands<String, byte[]> c = raw.commands();
        List<RedisFuture<Long>> window = new ArrayList<>(PIPELINE_WINDOW);
        for (int i = 0; i < count; i++) {
            window.add(c.rpush(key, payload));
            if (window.size() == PIPELINE_WINDOW) {
                window.forEach(raw::await);
                window.clear();
            }
        }
        window.forEach(raw::await);
        long popped = 0;
        while (popped < count) {
            List<byte[]> batch = raw.await(c.lpop(key, 200));
            popped += batch == null ? 0 : batch.size();
        }
        return perSecond(count, start);
    }

    private double enqueue(Queue queue, byte[] payload) {
        long start = System.nanoTime();
        enqueueAll(queue, payload);
        return perSecond(count, start);
    }

    private void enqueueAll(Queue queue, byte[] payload) {
        List<OutgoingMessage> batch = new ArrayList<>(ENQUEUE_BATCH);
        for (int i = 0; i < count; i++) {
            batch.add(OutgoingMessage.of(payload));
            if (batch.size() == ENQUEUE_BATCH) {
                queue.enqueueAll(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            queue.enqueueAll(batch);
        }
    }

    /** A producer thread and the workers at once, from the first enqueue to the last acknowledgement. */
    private double endToEnd(Engine engine, byte[] payload) throws InterruptedException {
        Queue queue = engine.queue("end-to-end");
        CountDownLatch processed = new CountDownLatch(count);
        long start = System.nanoTime();
        Thread producer = new Thread(() -> enqueueAll(queue, payload), "bench-producer");
        producer.start();
        List<Worker> started = startWorkers(engine, queue, d -> processed.countDown());
        try {
            processed.await();
            while (queue.counts().inFlight() > 0) {
                LockSupport.parkNanos(1_000_000);  // the last settle batch is on its way
            }
            double rate = perSecond(count, start);
            producer.join();
            return rate;
        } finally {
            started.forEach(Worker::close);
        }
    }

    /** Every attempt throws; three attempts, no backoff; until every message is dead. */
    private double failurePath(Engine engine, byte[] payload) throws InterruptedException {
        Queue queue = engine.queue("failure-path");
        queue.updatePolicy(RetryPolicy.builder().maxAttempts(3).backoff(Backoff.none()).build());
        enqueueAll(queue, payload);
        long start = System.nanoTime();
        List<Worker> started = startWorkers(engine, queue, d -> {
            throw new IllegalStateException("downstream refused document " + d.id());
        });
        try {
            while (queue.counts().dead() < count) {
                TimeUnit.MILLISECONDS.sleep(5);  // polling the bench's own stop condition, not synchronising threads
            }
            return perSecond(count, start);
        } finally {
            started.forEach(Worker::close);
        }
    }

    private List<Worker> startWorkers(Engine engine, Queue queue, MessageHandler handler) {
        List<Worker> started = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            started.add(engine.worker(queue.name(), handler, workerOptions()));
        }
        return started;
    }

    private WorkerOptions workerOptions() {
        return WorkerOptions.builder().concurrency(concurrency).batchSize(batchSize).maxIdlePoll(Duration.ofMillis(2)).build();
    }

    /**
     * Every measurement starts from the same state: the last one's keys gone (with DEL, not UNLINK, so that no
     * background freeing competes with the next measurement for this machine's cores) and its garbage collected.
     */
    private static void clean(RedisConnection raw, String prefix) {
        deleteKeys(raw, prefix);
        System.gc();
    }

    private static void deleteKeys(RedisConnection raw, String prefix) {
        ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(5_000);
        KeyScanCursor<String> cursor = raw.await(raw.commands().scan(match));
        while (true) {
            if (!cursor.getKeys().isEmpty()) {
                raw.await(raw.commands().del(cursor.getKeys().toArray(String[]::new)));
            }
            if (cursor.isFinished()) {
                return;
            }
            cursor = raw.await(raw.commands().scan(cursor, match));
        }
    }

    private static double perSecond(long count, long startNanos) {
        return count / ((System.nanoTime() - startNanos) / 1e9);
    }
}
