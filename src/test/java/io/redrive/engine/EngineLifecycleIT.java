package io.redrive.engine;

import io.redrive.ops.Actor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EngineLifecycleIT extends EngineTestSupport {

    @Test
    void aMessageThatSucceedsIsAcknowledgedAndLeavesNothingBehind() {
        Engine engine = engine();
        Queue queue = engine.queue("documents");
        String id = queue.enqueue(OutgoingMessage.json("{\"doc\":42}").traceId("trace-1"));
        List<Delivery> seen = new CopyOnWriteArrayList<>();

        engine.worker("documents", seen::add, fastWorker());

        await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().total() == 0);
        assertThat(seen).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(id);
            assertThat(d.text()).isEqualTo("{\"doc\":42}");
            assertThat(d.headers()).containsEntry("content-type", "application/json").containsEntry("trace-id", "trace-1");
            assertThat(d.attempt()).isEqualTo(1);
            assertThat(d.maxAttempts()).isEqualTo(3);
        });
        assertThat(queue.message(id)).isEmpty();
        MinuteMetrics minute = queue.metrics(clock.instant(), clock.instant()).get(0);
        long ttl = engine.redis().await(engine.redis().commands().ttl(queue.keys().metrics(clock.millis() / 60_000)));
        assertThat(Duration.ofSeconds(ttl)).as("metrics are kept at least 24 h").isGreaterThan(Duration.ofHours(24));
        assertThat(minute.enqueued()).isEqualTo(1);
        assertThat(minute.succeeded()).isEqualTo(1);
        assertThat(minute.failed()).isZero();
    }

    @Test
    void aFailedAttemptIsRetriedAfterItsBackoffAndThenSucceeds() {
        Engine engine = engine(b -> b.doneRetention(Duration.ofHours(1)));
        Queue queue = engine.queue("summaries");
        queue.updatePolicy(policy(3, Duration.ofSeconds(60)));
        String id = queue.enqueue(OutgoingMessage.of("summarise 7"));
        AtomicInteger calls = new AtomicInteger();
        engine.worker("summaries", d -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("timeout talking to the summariser");
            }
        }, fastWorker());

        await().atMost(Duration.ofSeconds(10)).until(() -> queue.message(id).orElseThrow().state() == MessageState.SCHEDULED);
        Message scheduled = queue.message(id).orElseThrow();
        assertThat(scheduled.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(60));
        assertThat(scheduled.lastError()).isEqualTo("IllegalStateException: timeout talking to the summariser");
        AttemptError error = queue.errors(id).get(0);
        assertThat(error.attempt()).isEqualTo(1);
        assertThat(error.type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(error.message()).isEqualTo("timeout talking to the summariser");
        assertThat(error.stackTrace()).contains("EngineLifecycleIT");
        assertThat(error.worker()).startsWith(engine.id());
        assertThat(error.host()).isEqualTo(engine.host());
        assertThat(error.at()).isEqualTo(clock.instant());

        clock.advance(Duration.ofSeconds(59));
        assertThat(engine.upkeep().runOnce().promoted()).isZero();
        assertThat(queue.message(id).orElseThrow().state()).isEqualTo(MessageState.SCHEDULED);

        clock.advance(Duration.ofSeconds(1));
        assertThat(engine.upkeep().runOnce().promoted()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.message(id).orElseThrow().state() == MessageState.DONE);

        assertThat(calls).hasValue(2);
        assertThat(queue.timeline(id)).extracting(TimelineEvent::type).containsExactly(
                "enqueued", "leased", "failed", "retry-scheduled", "leased", "succeeded");
        MinuteMetrics total = sum(queue.metrics(clock.instant().minusSeconds(120), clock.instant()));
        assertThat(total.failed()).isEqualTo(1);
        assertThat(total.retried()).isEqualTo(1);
        assertThat(total.succeeded()).isEqualTo(1);
    }

    @Test
    void aMessageThatKeepsFailingIsDeadLetteredWithEveryAttemptsError() {
        Engine engine = engine(b -> b.upkeep(true).maintenanceInterval(Duration.ofMillis(20)));
        Queue queue = engine.queue("embeddings");
        queue.updatePolicy(RetryPolicy.builder().maxAttempts(3).backoff(Backoff.none()).build());
        String id = queue.enqueue(OutgoingMessage.of("vectorise"));
        AtomicInteger calls = new AtomicInteger();
        engine.worker("embeddings", d -> {
            throw new IllegalStateException("rate limited, attempt " + calls.incrementAndGet());
        }, fastWorker());

        await().atMost(Duration.ofSeconds(10)).until(() -> queue.message(id).orElseThrow().state() == MessageState.DEAD);
        Message dead = queue.message(id).orElseThrow();
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.deadReason()).isEqualTo("exhausted");
        assertThat(dead.deadAt()).isEqualTo(clock.instant());
        assertThat(queue.errors(id)).extracting(AttemptError::attempt).containsExactly(1, 2, 3);
        assertThat(queue.errors(id)).extracting(AttemptError::message)
                .containsExactly("rate limited, attempt 1", "rate limited, attempt 2", "rate limited, attempt 3");
        assertThat(queue.counts()).isEqualTo(new QueueCounts("embeddings", 0, 0, 0, 1, 0));
        assertThat(queue.timeline(id)).extracting(TimelineEvent::type).endsWith("failed", "dead-lettered");
        MinuteMetrics total = sum(queue.metrics(clock.instant(), clock.instant()));
        assertThat(total.failed()).isEqualTo(3);
        assertThat(total.retried()).isEqualTo(2);
        assertThat(total.deadLettered()).isEqualTo(1);
    }

    @Test
    void aNonRetryableErrorGoesStraightToTheDeadLetterQueue() {
        Engine engine = engine();
        Queue queue = engine.queue("graph");
        String marked = queue.enqueue(OutgoingMessage.of("{bad json"));
        String configured = queue.enqueue(OutgoingMessage.of("negative size"));
        engine.worker("graph", d -> {
            if (d.text().startsWith("{")) {
                throw new NonRetryableException("payload is not valid JSON");
            }
            throw new IllegalArgumentException("size must be positive");
        }, fastWorker().mutate().nonRetryable(List.of(IllegalArgumentException.class)).build());

        await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().dead() == 2);
        for (String id : List.of(marked, configured)) {
            Message dead = queue.message(id).orElseThrow();
            assertThat(dead.attempts()).isEqualTo(1);
            assertThat(dead.deadReason()).isEqualTo("non-retryable");
        }
    }

    @Test
    void aDelayedMessageWaitsUntilItsTime() {
        Engine engine = engine();
        Queue queue = engine.queue("documents");
        String id = queue.enqueue(OutgoingMessage.of("later").delay(Duration.ofSeconds(10)));
        List<String> seen = new CopyOnWriteArrayList<>();
        engine.worker("documents", d -> seen.add(d.id()), fastWorker());

        clock.advance(Duration.ofMillis(9_999));
        engine.upkeep().runOnce();
        assertThat(queue.message(id).orElseThrow().state()).isEqualTo(MessageState.SCHEDULED);
        assertThat(queue.counts().ready()).isZero();

        clock.advance(Duration.ofMillis(1));
        engine.upkeep().runOnce();
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(id));
    }

    @Test
    void aPolicyChangedInOneEngineTakesEffectInAnotherWithoutARestart() {
        Engine operator = engine();
        Engine service = engine(b -> b.upkeep(true).maintenanceInterval(Duration.ofMillis(20)));
        Queue queue = service.queue("documents");
        assertThat(service.policies().current("documents").maxAttempts()).isEqualTo(3);

        operator.queue("documents").updatePolicy(RetryPolicy.builder().maxAttempts(1).backoff(Backoff.none()).build());
        await().atMost(Duration.ofSeconds(3)).until(() -> service.policies().current("documents").maxAttempts() == 1);

        String id = queue.enqueue(OutgoingMessage.of("x"));
        service.worker("documents", d -> {
            throw new IllegalStateException("always fails");
        }, fastWorker());
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().dead() == 1);
        assertThat(queue.message(id).orElseThrow().attempts()).isEqualTo(1);
        assertThat(queue.hasPolicyOverride()).isTrue();

        queue.resetPolicy();
        assertThat(queue.policy()).isEqualTo(RetryPolicy.defaults());
    }

    @Test
    void aSecondEnqueueWithTheSameIdempotencyKeyIsANoOp() {
        Engine engine = engine();
        Queue queue = engine.queue("documents");
        String first = queue.enqueue(OutgoingMessage.of("a").idempotencyKey("upload-17"));
        String again = queue.enqueue(OutgoingMessage.of("a, sent twice").idempotencyKey("upload-17"));
        String other = queue.enqueue(OutgoingMessage.of("b").idempotencyKey("upload-18"));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(queue.counts().ready()).isEqualTo(2);
        assertThat(queue.message(first).orElseThrow().text()).isEqualTo("a");
    }

    @Test
    void theIdempotencyWindowEnds() {
        Engine engine = engine(b -> b.idempotencyWindow(Duration.ofMillis(200)));
        Queue queue = engine.queue("documents");
        String first = queue.enqueue(OutgoingMessage.of("a").idempotencyKey("k"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !queue.enqueue(OutgoingMessage.of("a").idempotencyKey("k")).equals(first));
        assertThat(queue.counts().ready()).isEqualTo(2);
    }

    @Test
    void aBatchEnqueueKeepsEveryMessageAndItsOrder() {
        Engine engine = engine();
        Queue queue = engine.queue("documents");
        List<OutgoingMessage> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            batch.add(OutgoingMessage.of("m" + i));
        }
        List<String> ids = queue.enqueueAll(batch);

        assertThat(ids).hasSize(1_200).doesNotHaveDuplicates();
        assertThat(queue.counts().ready()).isEqualTo(1_200);
        assertThat(queue.message(ids.get(777)).orElseThrow().text()).isEqualTo("m777");
        assertThat(queue.metrics(clock.instant(), clock.instant()).get(0).enqueued()).isEqualTo(1_200);
    }

    @Test
    void aSixteenMegabytePayloadArrivesIntact() {
        Engine engine = engine();
        Queue queue = engine.queue("documents");
        byte[] payload = new byte[16 * 1024 * 1024];
        new java.util.Random(7).nextBytes(payload);
        queue.enqueue(OutgoingMessage.of(payload).contentType("application/octet-stream"));
        List<byte[]> received = new CopyOnWriteArrayList<>();
        engine.worker("documents", d -> received.add(d.payload()), fastWorker());

        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 1);
        assertThat(received.get(0)).isEqualTo(payload);
    }

    @Test
    void anOversizePayloadIsRefusedAndNothingOfItsBatchIsEnqueued() {
        Engine engine = engine(b -> b.maxPayloadBytes(1024));
        Queue queue = engine.queue("documents");
        List<OutgoingMessage> batch = List.of(OutgoingMessage.of("small"), OutgoingMessage.of(new byte[1025]));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> queue.enqueueAll(batch))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessage("Payload of 1025 bytes is over the limit of 1024 bytes; nothing was enqueued");
        assertThat(queue.counts().total()).isZero();
    }

    @Test
    void anUnknownOrInvalidQueueNameGetsAClearError() {
        Engine engine = engine();
        engine.queue("documents");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.existingQueue("documnets"))
                .isInstanceOf(UnknownQueueException.class)
                .hasMessage("Unknown queue 'documnets'. Known queues: documents");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.queue("bad{name}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid queue name 'bad{name}'");
    }

    @Test
    void theLeaseIsExtendedWhileTheHandlerRuns() throws Exception {
        Engine engine = engine(b -> b.clock(java.time.Clock.systemUTC()).upkeep(true)
                .maintenanceInterval(Duration.ofMillis(20)));
        Queue queue = engine.queue("documents");
        String id = queue.enqueue(OutgoingMessage.of("slow"));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        engine.worker("documents", d -> {
            calls.incrementAndGet();
            started.countDown();
            release.await();
        }, fastWorker().mutate().visibilityTimeout(Duration.ofMillis(300)).build());

        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        double firstDeadline = leaseDeadline(engine, id);
        // outlive three visibility timeouts while the upkeep is recovering expired leases
        await().atMost(Duration.ofSeconds(10)).until(() -> leaseDeadline(engine, id) > firstDeadline + 900);
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().total() == 0);
        assertThat(calls).hasValue(1);
        assertThat(engine.upkeep().recoveredTotal()).isZero();
    }

    @Test
    void closingAWorkerWaitsForItsRunningHandlersAndRecordsTheirOutcome() throws Exception {
        Engine engine = engine();
        Queue queue = engine.queue("documents");
        queue.enqueue(OutgoingMessage.of("in progress"));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Worker worker = engine.worker("documents", d -> {
            started.countDown();
            release.await();
        }, fastWorker());
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        Thread closer = new Thread(worker::close);
        closer.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> closer.getState() == Thread.State.TIMED_WAITING
                || closer.getState() == Thread.State.WAITING);
        assertThat(worker.isRunning()).isFalse();
        assertThat(queue.counts().inFlight()).isEqualTo(1);
        release.countDown();
        closer.join(10_000);

        assertThat(closer.isAlive()).isFalse();
        assertThat(worker.succeeded()).isEqualTo(1);
        assertThat(queue.counts().total()).isZero();
    }

    @Test
    void theCheckFindsBrokenInvariants() {
        Engine engine = engine();
        Queue queue = engine.queue("documents");
        String id = queue.enqueue(OutgoingMessage.of("x"));
        var redis = engine.redis();
        redis.await(redis.commands().zadd(queue.keys().dead(), 1.0, id.getBytes()));
        redis.await(redis.commands().zadd(queue.keys().ready(), 1.0, "GHOST".getBytes()));

        CheckReport report = engine.check();

        assertThat(report.problems()).containsExactlyInAnyOrder(
                "Message " + id + " of queue 'documents' is in several states at once: [ready, dead]",
                "The ready index of queue 'documents' points at message GHOST, which does not exist");
        redis.await(redis.commands().zrem(queue.keys().dead(), id.getBytes()));
        redis.await(redis.commands().zrem(queue.keys().ready(), "GHOST".getBytes()));
        assertThat(engine.check().isClean()).isTrue();
    }

    @Test
    void deadLettersOlderThanTheRetentionAreDeletedWithTheirHistory() {
        Engine engine = engine();
        Queue queue = engine.queue("documents");
        queue.updatePolicy(RetryPolicy.builder().maxAttempts(1).deadLetterRetention(Duration.ofDays(7)).build());
        String old = queue.enqueue(OutgoingMessage.of("old"));
        engine.worker("documents", d -> {
            throw new IllegalStateException("fails");
        }, fastWorker());
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().dead() == 1);
        clock.advance(Duration.ofDays(1));
        String recent = queue.enqueue(OutgoingMessage.of("recent"));
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().dead() == 2);

        clock.advance(Duration.ofDays(6));
        assertThat(engine.upkeep().runOnce().swept()).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(engine.upkeep().runOnce().swept()).isEqualTo(1);

        assertThat(queue.message(old)).isEmpty();
        assertThat(queue.timeline(old)).isEmpty();
        assertThat(engine.redis().await(engine.redis().commands().exists(queue.keys().events(old)))).isZero();
        assertThat(queue.message(recent).orElseThrow().state()).isEqualTo(MessageState.DEAD);
        assertThat(queue.timeline(recent)).isNotEmpty();
    }

    @Test
    void keptDoneMessagesKeepTheirTimelineUntilTheDoneRetentionEnds() {
        Engine engine = engine(b -> b.doneRetention(Duration.ofHours(1)));
        Queue queue = engine.queue("documents");
        String id = queue.enqueue(OutgoingMessage.of("x"));
        engine.worker("documents", d -> { }, fastWorker());
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().done() == 1);
        assertThat(queue.timeline(id)).extracting(TimelineEvent::type).containsExactly("enqueued", "leased", "succeeded");

        clock.advance(Duration.ofHours(1).plusMillis(1));
        assertThat(engine.upkeep().runOnce().swept()).isEqualTo(1);
        assertThat(queue.message(id)).isEmpty();
        assertThat(queue.counts().total()).isZero();
    }

    @Test
    void aReplayedMessageThatSucceededIsKeptForTheReplayedRetentionAndOthersForTheDoneRetention() {
        Engine engine = engine(b -> b.doneRetention(Duration.ofHours(1)).replayedRetention(Duration.ofHours(24))
                .defaultPolicy(RetryPolicy.builder().maxAttempts(1).backoff(Backoff.none()).build()));
        Queue queue = engine.queue("documents");
        String replayed = queue.enqueue(OutgoingMessage.of("fails once"));
        java.util.concurrent.atomic.AtomicBoolean fixed = new java.util.concurrent.atomic.AtomicBoolean();
        engine.worker("documents", d -> {
            if (!fixed.get()) throw new IllegalStateException("not yet");
        }, fastWorker());
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().dead() == 1);
        fixed.set(true);
        assertThat(engine.deadLetters().replay(DeadLetterTarget.ids("documents", List.of(replayed)),
                ReplayOptions.defaults(Actor.named("alice"))).completion().join().succeeded()).isEqualTo(1);
        String plain = queue.enqueue(OutgoingMessage.of("works"));
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().done() == 2);

        clock.advance(Duration.ofHours(1).plusMillis(1));
        assertThat(engine.upkeep().runOnce().swept()).isEqualTo(1);
        assertThat(queue.message(plain)).isEmpty();
        assertThat(queue.message(replayed)).as("kept: it was replayed").isPresent();
        assertThat(engine.upkeep().runOnce().swept()).as("and passed over until it is due").isZero();

        clock.advance(Duration.ofHours(23));
        assertThat(engine.upkeep().runOnce().swept()).isEqualTo(1);
        assertThat(queue.message(replayed)).isEmpty();
        assertThat(queue.counts().total()).isZero();
    }

    private static double leaseDeadline(Engine engine, String id) {
        Double score = engine.redis().await(engine.redis().commands().zscore(engine.queue("documents").keys().inflight(), id.getBytes()));
        return score == null ? -1 : score;
    }

    private static MinuteMetrics sum(List<MinuteMetrics> minutes) {
        long[] t = new long[6];
        for (MinuteMetrics m : minutes) {
            t[0] += m.enqueued();
            t[1] += m.succeeded();
            t[2] += m.failed();
            t[3] += m.retried();
            t[4] += m.deadLettered();
            t[5] += m.recovered();
        }
        return new MinuteMetrics(minutes.get(0).minute(), t[0], t[1], t[2], t[3], t[4], t[5]);
    }

}
