package io.redrive.engine;

import io.redrive.redis.Args;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentUpkeepIT extends EngineTestSupport {
    private static final int MESSAGES = 3_000;
    private static final int ENGINES = 3;

    @Test
    void severalEnginesPromotingAtOnceMoveEachDueMessageOnce() throws Exception {
        List<Engine> engines = engines();
        Queue queue = engines.get(0).queue("documents");
        List<String> ids = queue.enqueueAll(messages(m -> m.delay(Duration.ofSeconds(10))));
        clock.advance(Duration.ofSeconds(11));

        long promoted = tickAllAtOnce(engines).stream().mapToLong(Upkeep.Tick::promoted).sum();

        assertThat(promoted).isEqualTo(MESSAGES);
        assertThat(queue.counts().ready()).isEqualTo(MESSAGES);
        for (String id : ids.subList(0, 200)) {
            assertThat(queue.timeline(id)).extracting(TimelineEvent::type).containsExactly("enqueued");
            assertThat(queue.message(id).orElseThrow().state()).isEqualTo(MessageState.READY);
        }
    }

    @Test
    void severalEnginesRecoveringAtOnceTakeBackEachExpiredLeaseOnce() throws Exception {
        List<Engine> engines = engines();
        Queue queue = engines.get(0).queue("documents");
        List<String> ids = queue.enqueueAll(messages(m -> m));
        leaseAllToAWorkerThatDies(engines.get(0), queue);
        assertThat(queue.counts().inFlight()).isEqualTo(MESSAGES);
        clock.advance(Duration.ofSeconds(2));

        long recovered = tickAllAtOnce(engines).stream().mapToLong(Upkeep.Tick::recovered).sum();

        assertThat(recovered).isEqualTo(MESSAGES);
        assertThat(queue.counts().ready()).isEqualTo(MESSAGES);
        for (String id : ids.subList(0, 200)) {
            assertThat(queue.timeline(id)).extracting(TimelineEvent::type).containsExactly("enqueued", "leased", "lease-expired");
            assertThat(queue.errors(id)).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo("LeaseExpired");
                assertThat(e.worker()).isEqualTo("ghost-worker");
                assertThat(e.attempt()).isEqualTo(1);
            });
            assertThat(queue.message(id).orElseThrow().attempts()).isEqualTo(1);
        }
    }

    private List<Engine> engines() {
        List<Engine> engines = new ArrayList<>();
        for (int i = 0; i < ENGINES; i++) {
            engines.add(engine());
        }
        return engines;
    }

    private static List<OutgoingMessage> messages(Function<OutgoingMessage, OutgoingMessage> shape) {
        List<OutgoingMessage> batch = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            batch.add(shape.apply(OutgoingMessage.of("m" + i)));
        }
        return batch;
    }

    private void leaseAllToAWorkerThatDies(Engine engine, Queue queue) {
        long now = clock.millis();
        for (int leased = 0; leased < MESSAGES; leased += 500) {
            Scripts.LEASE.call(engine.redis(), List.of(queue.keys().ready(), queue.keys().inflight()),
                    new Args().add(now).add(now + 1_000).add(500).add("ghost-worker").add(queue.keys().base()).list());
        }
    }

    private static List<Upkeep.Tick> tickAllAtOnce(List<Engine> engines) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(engines.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Upkeep.Tick>> ticks = new ArrayList<>();
            for (Engine engine : engines) {
                ticks.add(pool.submit(() -> {
                    start.await();
                    return engine.upkeep().runOnce();
                }));
            }
            start.countDown();
            List<Upkeep.Tick> results = new ArrayList<>();
            for (Future<Upkeep.Tick> tick : ticks) {
                results.add(tick.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }
}
