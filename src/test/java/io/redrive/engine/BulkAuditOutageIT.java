package io.redrive.engine;

import io.redrive.ops.Actor;
import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditQuery;
import io.redrive.ops.BulkOperation;
import io.redrive.demo.EmbeddedRedis;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A bulk operation that a Redis outage cuts short is in the audit log from its start, and ends there with its counts. */
class BulkAuditOutageIT {
    private static final RetryPolicy ONE_ATTEMPT = RetryPolicy.builder().maxAttempts(1).backoff(Backoff.none()).build();

    @Test
    void aReplayInterruptedByAnOutageIsAuditedWhenItStartsAndWithItsCountsWhenRedisIsBack() throws Exception {
        try (EmbeddedRedis server = EmbeddedRedis.startPersistent();
             Engine engine = Engine.connect(EngineOptions.builder().redisUrl(server.url()).keyPrefix(TestRedis.newPrefix())
                     .clock(Clock.systemUTC()).defaultPolicy(ONE_ATTEMPT).upkeep(false)
                     .commandTimeout(Duration.ofSeconds(1)).build())) {
            Queue orders = engine.queue("orders");
            orders.enqueueAll(IntStream.range(0, 3_000).mapToObj(n -> OutgoingMessage.json("{\"order\":" + n + "}")).toList());
            Worker failing = engine.worker("orders", d -> {
                throw new IllegalStateException("warehouse offline");
            }, WorkerOptions.builder().concurrency(8).batchSize(200).maxIdlePoll(Duration.ofMillis(10)).build());
            await().atMost(Duration.ofSeconds(60)).until(() -> orders.counts().dead() == 3_000);
            failing.close();
            DeadLetterTestSupport.GateTicker gate = new DeadLetterTestSupport.GateTicker();
            DeadLetters letters = new DeadLetters(engine, gate);

            // 500 a second, so chunks of 50 that each wait at the gate
            BulkOperation replay = letters.replay(DeadLetterTarget.matching(DeadLetterQuery.builder().queue("orders").build()),
                    ReplayOptions.defaults(Actor.named("alice")).rate(500));
            for (int chunk = 0; chunk < 4; chunk++) {
                await().atMost(Duration.ofSeconds(10)).until(gate::isWaiting);
                gate.open();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> replay.progress().succeeded() > 0 && gate.isWaiting());
            List<AuditEntry> started = engine.audit().list(AuditQuery.builder().action("replay-started").build());
            assertThat(started).singleElement().satisfies(e -> {
                assertThat(e.count()).isEqualTo(3_000);
                assertThat(e.details()).containsEntry("operation", replay.id());
            });

            server.stop();
            gate.open();  // the next chunk meets the outage: the operation fails, and waits to record its end
            await().atMost(Duration.ofSeconds(30)).until(() -> replay.progress().state() == BulkOperation.State.FAILED);
            server.restart();
            BulkOperation.Progress last = replay.completion().get();

            assertThat(last.state()).isEqualTo(BulkOperation.State.FAILED);
            assertThat(engine.audit().list(AuditQuery.builder().action("replay").build())).singleElement().satisfies(e -> {
                assertThat(e.count()).isEqualTo(last.succeeded()).isBetween(1L, 2_999L);
                assertThat(e.outcome()).startsWith("failed: ");
                assertThat(e.details()).containsEntry("operation", replay.id());
            });
            assertThat(engine.operations().find(replay.id()).orElseThrow().state()).isEqualTo("failed");
            assertThat(orders.counts().ready() + orders.counts().dead()).as("nothing lost").isEqualTo(3_000);
            assertThat(engine.check().problems()).isEmpty();
        }
    }
}
