package io.redrive.demo;

import io.redrive.engine.Backoff;
import io.redrive.engine.Delivery;
import io.redrive.engine.Engine;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.QueueCounts;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The document-processing backend Redrive was designed for, simulated: uploads enter {@code documents}, whose
 * processor fans out to {@code summaries}, {@code embeddings} and {@code graph}. Each processor fails at its own
 * rate with the errors a real one meets, so retries and dead letters build up as they would in production.
 */
public final class DemoWorkload implements AutoCloseable {
    public static final List<String> QUEUES = List.of("documents", "summaries", "embeddings", "graph");
    private static final Logger log = LoggerFactory.getLogger(DemoWorkload.class);
    /** Short backoffs, so that the demo shows retries within seconds rather than minutes. */
    static final RetryPolicy POLICY = RetryPolicy.builder().maxAttempts(3)
            .backoff(Backoff.exponential(Duration.ofSeconds(5)).withCap(Duration.ofMinutes(1)).withJitter(0.2))
            .deadLetterRetention(Duration.ofDays(7)).build();
    private static final String[] TENANTS = {"acme", "globex", "initech", "umbrella", "hooli"};

    private final Engine engine;
    private final double failureRate;
    private final ScheduledExecutorService producer;
    private final List<Worker> workers = new ArrayList<>();
    private final Random random = new Random();
    private long nextDocument = 100_000;  // after the seeded history's documents

    /**
     * @param perSecond   documents uploaded per second
     * @param failureRate the share of attempts that fail, 0 to 1, spread over the kinds of error
     */
    public DemoWorkload(Engine engine, int perSecond, double failureRate) {
        if (failureRate < 0 || failureRate > 1) {
            throw new IllegalArgumentException("The failure rate must be between 0 and 1, got " + failureRate);
        }
        this.engine = engine;
        this.failureRate = failureRate;
        for (String queue : QUEUES) {
            engine.queue(queue).updatePolicy(POLICY);
        }
        WorkerOptions options = WorkerOptions.builder().concurrency(4).batchSize(20).build();
        workers.add(engine.worker("documents", this::processDocument, options));
        workers.add(engine.worker("summaries", d -> work(d, 40, "summariser"), options));
        workers.add(engine.worker("embeddings", d -> work(d, 25, "embeddings API"), options));
        workers.add(engine.worker("graph", d -> work(d, 30, "graph store"), options));
        this.producer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redrive-demo-producer");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, 1_000_000 / Math.max(1, perSecond));
        producer.scheduleAtFixedRate(this::uploadQuietly, 0, every, TimeUnit.MICROSECONDS);
    }

    private void uploadQuietly() {
        try {
            long id = nextDocument++;
            String tenant = TENANTS[random.nextInt(TENANTS.length)];
            int pages = random.nextInt(40);
            engine.queue("documents").enqueue(OutgoingMessage.json(
                    "{\"documentId\":" + id + ",\"tenant\":\"" + tenant + "\",\"pages\":" + pages
                            + ",\"uri\":\"s3://uploads/" + tenant + "/" + id + ".pdf\"}")
                    .traceId(Long.toHexString(random.nextLong())));
        } catch (RuntimeException e) {
            log.warn("Demo upload failed: {}", e.getMessage());
        }
    }

    private void processDocument(Delivery d) throws Exception {
        work(d, 20, "OCR service");
        if (d.text().contains("\"pages\":0,")) {
            throw new DemoErrors.ValidationException("Document has no pages: " + d.text());
        }
        for (String next : List.of("summaries", "embeddings", "graph")) {
            engine.queue(next).enqueue(OutgoingMessage.of(d.payload()).contentType("application/json")
                    .header("parent-id", d.id()).idempotencyKey(next + ":" + d.id()));
        }
    }

    private void work(Delivery d, int meanMillis, String service) throws InterruptedException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        Thread.sleep(1 + r.nextInt(2 * meanMillis));  // simulated processing time
        double roll = r.nextDouble();
        if (roll >= failureRate) {
            return;
        }
        double kind = roll / failureRate;
        if (kind < 0.45) {
            throw new DemoErrors.UpstreamTimeoutException("Read timed out after 30000 ms calling " + service
                    + " (request " + Long.toHexString(r.nextLong()) + ")");
        } else if (kind < 0.75) {
            throw new DemoErrors.RateLimitedException("429 Too Many Requests from " + service + ": retry after "
                    + (5 + r.nextInt(55)) + " s");
        } else if (kind < 0.92) {
            throw new DemoErrors.DocumentParseException("Unexpected character '<' at line 1, column 1 of document "
                    + d.id(), new IllegalStateException("expected '{' but found an HTML error page"));
        } else {
            throw new DemoErrors.ValidationException("Tenant quota exceeded: document rejected by " + service);
        }
    }

    /** Each demo queue's counts, for the status line. */
    public List<QueueCounts> counts() {
        List<QueueCounts> counts = new ArrayList<>();
        for (String queue : QUEUES) {
            counts.add(engine.queue(queue).counts());
        }
        return counts;
    }

    @Override
    public void close() {
        producer.shutdownNow();
        workers.forEach(Worker::close);
    }
}
