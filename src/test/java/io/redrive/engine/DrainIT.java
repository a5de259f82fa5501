package io.redrive.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DrainIT extends EngineTestSupport {

    @Test
    void drainHandlesEveryReadyMessageInTheCallingThreadAndSettlesEachOutcomeAsAWorkerWould() {
        Engine engine = engine(b -> b.doneRetention(Duration.ofHours(1)));
        Queue queue = engine.queue("documents");
        queue.updatePolicy(policy(2, Duration.ofSeconds(5)));
        List<OutgoingMessage> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            batch.add(OutgoingMessage.of("document " + i));
        }
        queue.enqueueAll(batch);
        Thread caller = Thread.currentThread();
        List<Thread> handledOn = new ArrayList<>();

        // batches of 10: three leases, the last one short, and the failing messages go through retry and dead letter
        int handled = engine.drain("documents", d -> {
            handledOn.add(Thread.currentThread());
            if (d.text().endsWith("3")) {
                throw new IllegalStateException("upstream refused " + d.text());
            }
        }, WorkerOptions.builder().batchSize(10).build());

        assertThat(handled).isEqualTo(25);
        assertThat(handledOn).hasSize(25).allMatch(t -> t == caller);
        assertThat(queue.counts()).isEqualTo(new QueueCounts("documents", 0, 0, 3, 0, 22));

        clock.advance(Duration.ofMinutes(1));
        assertThat(engine.upkeep().promoteDue()).isEqualTo(3);
        int second = engine.drain("documents", d -> {
            throw new IllegalStateException("still refused");
        }, WorkerOptions.defaults());

        assertThat(second).isEqualTo(3);
        assertThat(queue.counts()).as("the last attempt dead-letters").isEqualTo(new QueueCounts("documents", 0, 0, 0, 3, 22));
        assertThat(engine.deadLetters().groups("documents")).singleElement()
                .satisfies(g -> assertThat(g.count()).isEqualTo(3));
        assertThat(engine.drain("documents", d -> { }, WorkerOptions.defaults())).as("nothing left ready").isZero();
    }
}
