package io.redrive.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RetriesIT extends DeadLetterTestSupport {
    /** One throw site for every worker of a test, so that every failure falls in one failure group. */
    private final MessageHandler backendDown = d -> {
        throw new IllegalStateException("backend answered 503 for " + d.text() + " on try " + d.attempt());
    };

    @Test
    void scheduledMessagesAreListedSoonestFirst() {
        Engine engine = engine();
        Queue orders = engine.queue("orders");
        Instant now = clock.instant();
        String in30 = orders.enqueue(OutgoingMessage.of("c").delay(Duration.ofMinutes(30)));
        String in10 = orders.enqueue(OutgoingMessage.of("a").delay(Duration.ofMinutes(10)));
        String in20 = orders.enqueue(OutgoingMessage.of("b").delay(Duration.ofMinutes(20)));
        orders.enqueue(OutgoingMessage.of("now"));

        List<Retries.ScheduledMessage> listed = engine.retries().list("orders", 0, 10);

        assertThat(listed).extracting(Retries.ScheduledMessage::id).containsExactly(in10, in20, in30);
        assertThat(listed).extracting(Retries.ScheduledMessage::nextAttemptAt)
                .containsExactly(now.plusSeconds(600), now.plusSeconds(1200), now.plusSeconds(1800));
        assertThat(engine.retries().list("orders", 1, 1)).extracting(Retries.ScheduledMessage::id).containsExactly(in20);
        assertThat(engine.retries().count("orders")).isEqualTo(3);
    }

    @Test
    void aMessageWaitingForARetryIsListedWithItsAttemptsAndLastError() {
        Engine engine = engine();
        engine.queue("orders").updatePolicy(policy(3, Duration.ofMinutes(1)));
        String id = scheduleAfterOneFailure(engine, "orders", "order 1");

        assertThat(engine.retries().list("orders", 0, 10)).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo(id);
            assertThat(m.attempts()).isEqualTo(1);
            assertThat(m.lastError()).isEqualTo("IllegalStateException: backend answered 503 for order 1");
            assertThat(m.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(60));
        });
    }

    @Test
    void retryNowMovesAScheduledMessageToReadyAndAWorkerTakesIt() {
        Engine engine = engine();
        Queue orders = engine.queue("orders");
        String id = orders.enqueue(OutgoingMessage.of("later").delay(Duration.ofHours(1)));
        String other = orders.enqueue(OutgoingMessage.of("stays").delay(Duration.ofHours(1)));

        long moved = engine.retries().retryNow("orders", List.of(id), ALICE);

        assertThat(moved).isEqualTo(1);
        assertThat(orders.message(id).orElseThrow().state()).isEqualTo(MessageState.READY);
        assertThat(orders.message(id).orElseThrow().nextAttemptAt()).isNull();
        assertThat(orders.message(other).orElseThrow().state()).isEqualTo(MessageState.SCHEDULED);
        assertThat(orders.counts()).isEqualTo(new QueueCounts("orders", 1, 0, 1, 0, 0));
        assertThat(orders.timeline(id)).last().satisfies(e -> {
            assertThat(e.type()).isEqualTo("retried-now");
            assertThat(e.attributes()).containsEntry("by", "alice");
        });
        assertThat(engine.retries().retryNow("orders", List.of(id), ALICE)).as("no longer scheduled").isZero();

        AtomicInteger handled = new AtomicInteger();
        engine.worker("orders", d -> handled.incrementAndGet(), fastWorker());
        await().atMost(WAIT).until(() -> orders.counts().ready() == 0 && orders.counts().inFlight() == 0);
        assertThat(handled).hasValue(1);
        assertThat(orders.counts().scheduled()).isEqualTo(1);
    }

    @Test
    void killDeadLettersAScheduledMessageAsKilledInTheFailureGroupOfItsLastError() {
        Engine engine = engine();
        engine.queue("orders").updatePolicy(policy(3, Duration.ofMinutes(1)));
        Queue orders = engine.queue("orders");
        Worker worker = engine.worker("orders", backendDown, fastWorker());
        String exhausted = orders.enqueue(OutgoingMessage.of("order 1"));
        String killed = orders.enqueue(OutgoingMessage.of("order 2"));
        await().atMost(WAIT).until(() -> orders.counts().scheduled() == 2);
        worker.close();

        assertThat(engine.retries().kill("orders", List.of(killed), ALICE)).isEqualTo(1);
        runThroughRemainingAttempts(engine, orders, exhausted);

        Message dead = orders.message(killed).orElseThrow();
        assertThat(dead.state()).isEqualTo(MessageState.DEAD);
        assertThat(dead.deadReason()).isEqualTo("killed");
        assertThat(dead.deadAt()).isNotNull();
        assertThat(dead.lastError()).startsWith("IllegalStateException: backend answered 503 for order 2");
        assertThat(orders.counts().scheduled()).isZero();
        assertThat(orders.timeline(killed)).last().satisfies(e -> {
            assertThat(e.type()).isEqualTo("dead-lettered");
            assertThat(e.attributes()).containsEntry("reason", "killed").containsEntry("by", "alice");
        });
        DeadLetters letters = engine.deadLetters();
        String killedGroup = letters.show("orders", killed).orElseThrow().group();
        assertThat(killedGroup).isEqualTo(letters.show("orders", exhausted).orElseThrow().group());
        assertThat(letters.groups("orders")).singleElement().satisfies(g -> {
            assertThat(g.count()).isEqualTo(2);
            assertThat(g.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
        });
        assertThat(ids(letters.page(DeadLetterQuery.builder().queue("orders").errorClass(IllegalStateException.class.getName()).build()).items()))
                .containsExactlyInAnyOrder(killed, exhausted);
        assertThat(engine.retries().kill("orders", List.of(killed), ALICE)).as("already dead").isZero();
    }

    @Test
    void killingAMessageThatNeverFailedPutsItInAKilledGroup() {
        Engine engine = engine();
        Queue orders = engine.queue("orders");
        String id = orders.enqueue(OutgoingMessage.of("too late to matter").delay(Duration.ofHours(1)));

        assertThat(engine.retries().kill("orders", List.of(id), ALICE)).isEqualTo(1);

        DeadLetterDetail detail = engine.deadLetters().show("orders", id).orElseThrow();
        assertThat(detail.errorClass()).isEqualTo("Killed");
        assertThat(detail.message().deadReason()).isEqualTo("killed");
        assertThat(engine.deadLetters().groups("orders")).singleElement().extracting(FailureGroup::exceptionClass).isEqualTo("Killed");
    }

    /** Lets a message that keeps failing use its two remaining attempts, moving the clock past each backoff. */
    private void runThroughRemainingAttempts(Engine engine, Queue queue, String id) {
        Worker worker = engine.worker("orders", backendDown, fastWorker());
        try {
            for (int attempt = 2; attempt <= 3; attempt++) {
                clock.advance(Duration.ofMinutes(10));
                engine.upkeep().runOnce();
                int expected = attempt;
                await().atMost(WAIT).until(() -> {
                    Message m = queue.message(id).orElseThrow();
                    return m.attempts() == expected && (m.state() == MessageState.SCHEDULED || m.state() == MessageState.DEAD);
                });
            }
        } finally {
            worker.close();
        }
        assertThat(queue.message(id).orElseThrow().state()).isEqualTo(MessageState.DEAD);
    }

    private String scheduleAfterOneFailure(Engine engine, String queue, String payload) {
        Queue q = engine.queue(queue);
        String id = q.enqueue(OutgoingMessage.of(payload));
        Worker worker = engine.worker(queue, d -> {
            throw new IllegalStateException("backend answered 503 for " + d.text());
        }, fastWorker());
        try {
            await().atMost(WAIT).until(() -> q.message(id).orElseThrow().state() == MessageState.SCHEDULED);
        } finally {
            worker.close();
        }
        return id;
    }
}
