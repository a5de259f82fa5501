package io.redrive.engine;

import io.redrive.ops.Actor;
import io.redrive.ops.BulkOperation;
import io.redrive.ops.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters made the way production makes them: messages enqueued on a real Redis, a real {@link Worker}
 * whose handler throws, and the queue's policy giving up. Tests pick the exception: it is built inside the
 * {@code failure} function the test passes, so the line where a test writes that lambda is the throw site that
 * failure groups see.
 */
abstract class DeadLetterTestSupport extends EngineTestSupport {
    protected static final Actor ALICE = Actor.named("alice");
    protected static final Actor BOB = Actor.named("bob");
    protected static final Duration WAIT = Duration.ofSeconds(30);

    /** Gives up after the first attempt, so any exception dead-letters the message. */
    protected static final RetryPolicy ONE_ATTEMPT = RetryPolicy.builder().maxAttempts(1).backoff(Backoff.none()).build();
    /** Three attempts without waiting in between: a message that keeps failing dies after its third. */
    protected static final RetryPolicy THREE_QUICK_ATTEMPTS = RetryPolicy.builder().maxAttempts(3).backoff(Backoff.none()).build();

    /** An engine whose queues give every message one attempt. */
    protected Engine oneAttemptEngine() {
        return engine(b -> b.defaultPolicy(ONE_ATTEMPT));
    }

    /** {@code count} JSON messages, {@code {"order":<n>}}, each dead-lettered with the exception {@code failure} builds. */
    protected List<String> deadLetters(Engine engine, String queue, int count, Function<Delivery, ? extends Exception> failure) {
        List<OutgoingMessage> messages = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            messages.add(OutgoingMessage.json("{\"order\":" + n + "}"));
        }
        return deadLetters(engine, queue, messages, failure);
    }

    /**
     * Enqueues the messages, runs a worker whose handler throws what {@code failure} builds for every delivery until
     * the queue's policy dead-letters them, waits until all of them are dead, and stops the worker.
     *
     * @return the messages' ids, in the order given
     */
    protected List<String> deadLetters(Engine engine, String queue, List<OutgoingMessage> messages,
                                       Function<Delivery, ? extends Exception> failure) {
        Queue q = engine.queue(queue);
        long deadBefore = q.counts().dead();
        List<String> ids = q.enqueueAll(messages);
        Worker worker = engine.worker(queue, d -> {
            throw failure.apply(d);
        }, fastWorker().mutate().concurrency(8).batchSize(100).build());
        try {
            await().atMost(WAIT).until(() -> q.counts().dead() == deadBefore + messages.size());
        } finally {
            worker.close();
        }
        assertThat(q.counts().dead()).as("dead letters of %s", queue).isEqualTo(deadBefore + messages.size());
        return ids;
    }

    /** One dead letter, dead-lettered with the exception {@code failure} builds. */
    protected String deadLetter(Engine engine, String queue, OutgoingMessage message, Function<Delivery, ? extends Exception> failure) {
        return deadLetters(engine, queue, List.of(message), failure).get(0);
    }

    /** Every dead letter the query finds, page after page. */
    protected static List<DeadLetter> allPages(DeadLetters letters, DeadLetterQuery query) {
        List<DeadLetter> all = new ArrayList<>();
        DeadLetterPage page = letters.page(query);
        all.addAll(page.items());
        for (int pages = 1; page.hasMore(); pages++) {
            assertThat(pages).as("pages read").isLessThan(10_000);
            page = letters.page(query, page.cursor());
            all.addAll(page.items());
        }
        return all;
    }

    protected static List<String> ids(List<DeadLetter> letters) {
        return letters.stream().map(DeadLetter::id).toList();
    }

    /** Waits for a bulk operation to end and returns its final progress. */
    protected static BulkOperation.Progress finished(BulkOperation operation) {
        try {
            BulkOperation.Progress last = operation.completion().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(last.isDone()).isTrue();
            return last;
        } catch (Exception e) {
            throw new AssertionError("Bulk operation " + operation + " did not end", e);
        }
    }

    /** The state of each message of a queue, by id; messages that no longer exist are absent. */
    protected static Map<String, Message> messages(Queue queue, List<String> ids) {
        Map<String, Message> found = new HashMap<>();
        for (String id : ids) {
            queue.message(id).ifPresent(m -> found.put(id, m));
        }
        return found;
    }

    /**
     * A fake ticker whose every sleep waits until the test {@linkplain #open() opens} the gate once, so a
     * rate-limited bulk operation stops before each chunk exactly where the test wants it. A cancel interrupts
     * the wait, as it interrupts a real sleep.
     */
    static final class GateTicker implements Ticker {
        private final AtomicLong now = new AtomicLong(1_000_000_000L);
        private final Semaphore gate = new Semaphore(0);

        @Override
        public long nanos() {
            return now.get();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            gate.acquire();
            now.addAndGet(Math.max(0, nanos));
        }

        /** Lets one waiting (or the next) sleep end. */
        void open() {
            gate.release();
        }

        /** Whether an operation is waiting at the gate now. */
        boolean isWaiting() {
            return gate.hasQueuedThreads();
        }
    }
}
