package io.redrive.engine;

import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CrashRecoveryIT extends EngineTestSupport {
    private static final int MESSAGES = 3_000;

    static String processedKey(String prefix) {
        return prefix + ":crash-test:processed";
    }

    @Test
    void messagesInFlightInAKilledWorkerProcessAreDeliveredAgainAndNoneIsLost() throws Exception {
        Engine engine = engine(b -> b.clock(Clock.systemUTC()).doneRetention(Duration.ofHours(1))
                .upkeep(true).maintenanceInterval(Duration.ofMillis(100)));
        Queue queue = engine.queue("documents");
        List<OutgoingMessage> batch = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            batch.add(OutgoingMessage.of("document " + i));
        }
        Set<String> enqueued = new HashSet<>(queue.enqueueAll(batch));
        var redis = engine.redis();

        Process child = startWorkerProcess();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.await(redis.commands().hlen(processedKey(prefix))) > 500);
            assertThat(queue.counts().inFlight()).as("messages in flight when the process is killed").isPositive();
        } finally {
            child.destroyForcibly();  // SIGKILL: no shutdown hook, no graceful close
            child.waitFor();
        }

        Map<String, Integer> processedHere = new ConcurrentHashMap<>();
        engine.worker("documents", d -> {
            processedHere.merge(d.id(), 1, Integer::sum);
            redis.await(redis.commands().hincrby(processedKey(prefix), d.id(), 1));
        }, fastWorker());

        await().atMost(Duration.ofSeconds(60)).until(() -> queue.counts().done() == MESSAGES);
        QueueCounts counts = queue.counts();
        assertThat(counts).isEqualTo(new QueueCounts("documents", 0, 0, 0, 0, MESSAGES));
        Map<String, byte[]> processed = redis.await(redis.commands().hgetall(processedKey(prefix)));
        assertThat(processed.keySet()).containsExactlyInAnyOrderElementsOf(enqueued);
        long deliveries = processed.values().stream().mapToLong(v -> Long.parseLong(new String(v))).sum();
        long recovered = queue.metrics(engine.options().clock().instant().minusSeconds(300), engine.options().clock().instant())
                .stream().mapToLong(MinuteMetrics::recovered).sum();
        assertThat(recovered).as("leases taken back from the killed process").isPositive();
        assertThat(deliveries - MESSAGES).as("duplicate deliveries").isLessThanOrEqualTo(recovered);
        System.out.printf("crash test: %d messages, %d recovered leases, %d duplicate deliveries%n",
                MESSAGES, recovered, deliveries - MESSAGES);
    }

    private Process startWorkerProcess() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = Path.of("target", "crash-worker-" + prefix + ".log").toFile();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashWorkerMain.class.getName(),
                TestRedis.url(), prefix, "documents")
                .redirectErrorStream(true).redirectOutput(log).start();
    }
}
