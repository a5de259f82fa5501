package io.redrive.engine;

import io.redrive.redis.Args;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.Replies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The lease and settle script calls that a {@link Worker} makes from its threads and {@link Engine#drain} makes in
 * the caller's: one place decides how a lease reply is read, what a failure becomes and how outcomes are stored.
 */
final class Handoffs {
    private static final Logger log = LoggerFactory.getLogger(Handoffs.class);
    static final byte[] NOTHING = new byte[0];

    record Outcome(String id, long token, String kind, long dueAt, byte[] error, String summary, String reason,
                   String errorClass, String group) {
        Outcome(String id, long token, String kind, long dueAt, byte[] error, String summary, String reason) {
            this(id, token, kind, dueAt, error, summary, reason, "", "");
        }

        static Outcome ack(Lease lease) {
            return new Outcome(lease.delivery().id(), lease.token(), "ack", 0, NOTHING, "", "");
        }

        static Outcome release(Lease lease) {
            return new Outcome(lease.delivery().id(), lease.token(), "release", 0, NOTHING, "", "");
        }
    }

    /** A delivery and the lease token that proves its holder still holds it. */
    record Lease(Delivery delivery, long token) { }

    private Handoffs() {
    }

    /**
     * Leases up to {@code count} ready messages for {@code holder}. A message that cannot be read goes to
     * {@code malformed} as a dead-letter outcome (its lease still held) instead of into the batch.
     */
    static List<Lease> lease(Engine engine, Queue queue, String holder, int count, Duration visibility,
                             Consumer<Outcome> malformed) {
        QueueKeys keys = queue.keys();
        long now = engine.options().clock().millis();
        RetryPolicy policy = engine.policies().current(queue.name());
        Args args = new Args().add(now).add(now + visibility.toMillis()).add(count).add(holder).add(keys.base());
        List<Object> reply = Replies.list(Scripts.LEASE.call(engine.redis(), List.of(keys.ready(), keys.inflight()), args.list()));
        List<Lease> batch = new ArrayList<>(reply.size() / 7);
        for (int i = 0; i + 6 < reply.size(); i += 7) {
            String messageId = Replies.text(reply.get(i));
            // lease counts a stored attempt count that is not a number as attempt 1 and returns what was stored
            int attempt = reply.get(i + 1) instanceof Long n ? n.intValue() : 1;
            long token = Replies.number(reply.get(i + 2));
            // each message on its own: one that cannot be read is dead-lettered, the rest of the batch runs
            try {
                LeaseReply.storedNumber(reply.get(i + 1), "stored attempt count is not a number");
                batch.add(new Lease(LeaseReply.decode(queue.name(), messageId, attempt, policy.maxAttempts(), reply, i), token));
            } catch (MalformedMessageException e) {
                log.warn("Worker {} dead-letters message {} of queue {}: {}", holder, messageId, queue.name(), e.getMessage());
                malformed.accept(malformed(engine, queue, holder, messageId, token, attempt, e));
            }
        }
        return batch;
    }

    /** Straight to the dead-letter queue through the usual settle, so it is indexed, grouped and counted like any other. */
    private static Outcome malformed(Engine engine, Queue queue, String holder, String messageId, long token, int attempt,
                                     MalformedMessageException error) {
        byte[] record = ErrorRecords.failedEvent(error, attempt, engine.options().clock().instant(), holder, engine.host());
        return new Outcome(messageId, token, "dead", 0, record, ErrorRecords.summary(error), "non-retryable",
                error.getClass().getName(), Fingerprints.of(queue.name(), error));
    }

    /** What a handler's failure becomes: a retry after the policy's backoff, or a dead letter. */
    static Outcome failure(Engine engine, Queue queue, String holder, WorkerOptions options, Lease lease, Throwable error) {
        Delivery delivery = lease.delivery();
        Instant now = engine.options().clock().instant();
        byte[] record = ErrorRecords.failedEvent(error, delivery.attempt(), now, holder, engine.host());
        String summary = ErrorRecords.summary(error);
        RetryPolicy policy = engine.policies().current(queue.name());
        boolean nonRetryable = options.isNonRetryable(error);
        if (nonRetryable || delivery.attempt() >= policy.maxAttempts()) {
            return new Outcome(delivery.id(), lease.token(), "dead", 0, record, summary,
                    nonRetryable ? "non-retryable" : "exhausted", error.getClass().getName(), Fingerprints.of(queue.name(), error));
        }
        Duration delay = policy.backoff().delay(delivery.attempt(), ThreadLocalRandom.current()::nextDouble);
        return new Outcome(delivery.id(), lease.token(), "retry", now.toEpochMilli() + delay.toMillis(), record, summary, "");
    }

    /** Stores a batch of outcomes in one script call; returns per outcome 1 if it moved the message, 0 if the lease was gone. */
    static List<Object> settle(Engine engine, QueueKeys keys, String holder, List<Outcome> batch) {
        long now = engine.options().clock().millis();
        List<String> scriptKeys = new ArrayList<>(6 + 2 * batch.size());
        scriptKeys.add(keys.inflight());
        scriptKeys.add(keys.ready());
        scriptKeys.add(keys.scheduled());
        scriptKeys.add(keys.dead());
        scriptKeys.add(keys.done());
        scriptKeys.add(keys.metrics(now / 60_000));
        Args args = new Args().add(now).add(engine.metricsTtlSeconds()).add(engine.options().keptDone())
                .add(batch.size()).add(holder);
        for (Outcome o : batch) {
            scriptKeys.add(keys.message(o.id()));
            scriptKeys.add(keys.events(o.id()));
            args.add(o.id()).add(o.token()).add(o.kind());
            if (o.kind().equals("retry") || o.kind().equals("dead")) {
                args.add(o.dueAt()).add(o.error()).add(o.summary()).add(o.reason());
            }
            if (o.kind().equals("dead")) {
                args.add(o.errorClass()).add(o.group());
            }
        }
        return Replies.list(Scripts.SETTLE.call(engine.redis(), scriptKeys, args.list()));
    }

    /** {@link Engine#drain}: lease a batch, handle it here, settle it in one call, until nothing is ready. */
    static int drain(Engine engine, Queue queue, MessageHandler handler, WorkerOptions options) {
        String holder = engine.id() + "/" + queue.name() + "#drain";
        int handled = 0;
        while (true) {
            List<Outcome> outcomes = new ArrayList<>();
            List<Lease> batch = lease(engine, queue, holder, options.batchSize(), options.visibilityTimeout(), outcomes::add);
            if (batch.isEmpty() && outcomes.isEmpty()) {
                return handled;
            }
            for (Lease lease : batch) {
                try {
                    handler.handle(lease.delivery());
                    outcomes.add(Outcome.ack(lease));
                } catch (Exception error) {
                    outcomes.add(failure(engine, queue, holder, options, lease, error));
                }
                handled++;
            }
            settle(engine, queue.keys(), holder, outcomes);
            if (outcomes.size() < options.batchSize()) {
                return handled;  // the ready list ran dry in this lease: asking again would cost a round trip for nothing
            }
        }
    }
}
