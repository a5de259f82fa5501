package io.redrive.cli;

import io.redrive.engine.Backoff;
import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.ops.Actor;
import io.redrive.ops.AuditQuery;
import io.redrive.testing.TestRedis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the read-only tests work on, under their prefix: two dead letters and a trashed one in {@code orders}, a
 * retry-scheduled message in {@code payments}, so every writing command has something it would change.
 */
record ReadOnlyFixture(List<String> dead, String trashed, String scheduled) {

    static ReadOnlyFixture seed(String prefix) {
        try (Engine engine = Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix)
                .upkeep(false).build())) {
            Queue orders = engine.queue("orders");
            orders.updatePolicy(RetryPolicy.builder().maxAttempts(1).backoff(Backoff.none()).build());
            List<String> ids = orders.enqueueAll(List.of(OutgoingMessage.json("{\"order\":1}"),
                    OutgoingMessage.json("{\"order\":2}"), OutgoingMessage.json("{\"order\":3}")));
            failEveryDelivery(engine, "orders", () -> orders.counts().dead() == 3);
            String trashed = ids.get(2);
            engine.deadLetters().purge(DeadLetterTarget.ids("orders", List.of(trashed)), 0, Actor.named("setup")).await();
            Queue payments = engine.queue("payments");
            payments.updatePolicy(RetryPolicy.builder().maxAttempts(3).backoff(Backoff.exponential(Duration.ofMinutes(10))).build());
            String scheduled = payments.enqueue(OutgoingMessage.json("{\"payment\":1}"));
            failEveryDelivery(engine, "payments", () -> payments.counts().scheduled() == 1);
            assertThat(engine.audit().list(AuditQuery.builder().build())).as("the purge was audited").isNotEmpty();
            return new ReadOnlyFixture(ids.subList(0, 2), trashed, scheduled);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void failEveryDelivery(Engine engine, String queue, Callable<Boolean> until) {
        Worker worker = engine.worker(queue, d -> {
            throw new IllegalStateException("no " + queue + " today");
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).build());
        try {
            await().atMost(Duration.ofSeconds(15)).until(until);
        } finally {
            worker.close();
        }
    }
}
