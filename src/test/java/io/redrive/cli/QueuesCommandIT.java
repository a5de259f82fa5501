package io.redrive.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redrive.ops.Actor;
import io.redrive.engine.Backoff;
import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.testing.TestClock;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code redrive queues}: counts per state and rates per minute of every queue, against real Redis. */
class QueuesCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix = TestRedis.newPrefix();

    private CommandLineRun queues(String... args) {
        List<String> all = new ArrayList<>(List.of("queues", "--redis", TestRedis.url(), "--prefix", prefix));
        all.addAll(List.of(args));
        return CommandLineRun.of(all);
    }

    /**
     * Three minutes ago (inside the five whole minutes the rates cover, whatever second the test runs at):
     * 10 orders enqueued, 8 succeed (the engine keeps no done messages but replayed ones, so none are done), 2 fail once and are dead-lettered, one of those is purged to the trash; 1 more
     * order waits. The mail queue is declared and idle.
     */
    private void trafficThreeMinutesAgo() throws InterruptedException {
        TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(3)).plusSeconds(20));
        try (Engine engine = Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix).clock(clock)
                .upkeep(false).build())) {
            Queue orders = engine.queue("orders");
            orders.updatePolicy(RetryPolicy.builder().maxAttempts(1).backoff(Backoff.none()).build());
            List<OutgoingMessage> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(OutgoingMessage.json(i < 2 ? "{\"bad\":true}" : "{\"good\":true}"));
            }
            orders.enqueueAll(batch);
            Worker worker = engine.worker("orders", d -> {
                if (d.text().contains("bad")) {
                    throw new IllegalStateException("bad order");
                }
            }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).build());
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> orders.counts().ready() == 0 && orders.counts().inFlight() == 0);
            } finally {
                worker.close();
            }
            String dead = engine.deadLetters().page(DeadLetterQuery.builder().queue("orders").limit(1).build(), null).items().get(0).id();
            engine.deadLetters().purge(DeadLetterTarget.ids("orders", List.of(dead)), 0, Actor.named("setup")).await();
            orders.enqueue(OutgoingMessage.json("{\"waiting\":true}"));
            engine.queue("mail");
        }
    }

    @Test
    void listsEveryQueueWithItsCountsPerStateAndItsRatesPerMinute() throws InterruptedException {
        trafficThreeMinutesAgo();

        CommandLineRun run = queues();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(4);
        assertThat(run.lines().subList(0, 3)).containsExactly(
                "QUEUE   READY  IN FLIGHT  SCHEDULED  DEAD  TRASH  DONE  ENQUEUED/MIN  SUCCEEDED/MIN  FAILED/MIN  DEAD-LETTERED/MIN",
                "mail        0          0          0     0      0     0             0              0           0                  0",
                "orders      1          0          0     1      1     0           2.2            1.6         0.4                0.4");
        assertThat(run.lines().get(3)).matches("Rates are per minute, averaged over the 5 whole minutes from \\d\\d:\\d\\d to \\d\\d:\\d\\d "
                + "\\(local time\\); the minute under way is not counted\\.");
    }

    @Test
    void jsonGivesTheSameCountsAndRatesForScripts() throws IOException, InterruptedException {
        trafficThreeMinutesAgo();

        CommandLineRun run = queues("--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(run.out());
        assertThat(Duration.between(Instant.parse(result.get("ratesFrom").asText()), Instant.parse(result.get("ratesUntil").asText())))
                .isEqualTo(Duration.ofMinutes(5));
        JsonNode orders = result.get("queues").get(1);
        assertThat(orders.get("name").asText()).isEqualTo("orders");
        assertThat(orders.get("counts").toString())
                .isEqualTo("{\"ready\":1,\"inFlight\":0,\"scheduled\":0,\"dead\":1,\"trash\":1,\"done\":0}");
        assertThat(orders.get("perMinute").toString())
                .isEqualTo("{\"enqueued\":2.2,\"succeeded\":1.6,\"failed\":0.4,\"deadLettered\":0.4}");
    }

    @Test
    void anEmptyInstallationSaysThereAreNoQueuesYet() {
        CommandLineRun run = queues();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("No queues yet: a queue appears when a producer or worker first uses it.\n");
    }
}
