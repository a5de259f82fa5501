package io.redrive.demo;

import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.Queue;
import io.redrive.engine.QueueCounts;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DemoWorkloadIT {

    @Test
    void theDemoProducesAMixOfSuccessesRetriesAndDeadLettersInEveryQueue() {
        EngineOptions options = EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(TestRedis.newPrefix())
                .maintenanceInterval(Duration.ofMillis(100)).build();
        try (Engine engine = Engine.connect(options)) {
            try (DemoWorkload demo = new DemoWorkload(engine, 200, 0.5)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> demo.counts().stream()
                        .allMatch(c -> c.dead() > 0 && c.scheduled() > 0));
            }
            Instant now = Instant.now();
            for (String name : DemoWorkload.QUEUES) {
                Queue queue = engine.queue(name);
                long succeeded = queue.metrics(now.minusSeconds(120), now).stream().mapToLong(m -> m.succeeded()).sum();
                assertThat(succeeded).as(name + " succeeded").isPositive();
                String dead = queue.deadIds(1).get(0);
                assertThat(queue.errors(dead)).as("errors of a dead letter in " + name).isNotEmpty();
                assertThat(queue.message(dead).orElseThrow().lastError()).matches(
                        "(UpstreamTimeoutException|RateLimitedException|DocumentParseException|ValidationException): .+");
            }
            QueueCounts documents = engine.queue("documents").counts();
            assertThat(documents.inFlight()).as("nothing left leased after the demo stopped").isZero();
            assertThat(engine.check().problems()).isEmpty();
        }
    }
}
