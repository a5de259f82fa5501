package io.redrive.engine;

import io.redrive.demo.EmbeddedRedis;
import io.redrive.redis.RedisUnavailableException;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RedisOutageIT {

    @Test
    void anEngineThatCannotReachRedisSaysWhy() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        EngineOptions options = EngineOptions.builder().redisUrl("redis://127.0.0.1:" + port)
                .commandTimeout(Duration.ofSeconds(2)).build();

        assertThatThrownBy(() -> Engine.connect(options))
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessage("Cannot connect to Redis at redis://127.0.0.1:" + port
                        + ": connection refused (is redis-server running on that host and port?)");
    }

    @Test
    void losingRedisMidRunLosesNothingAndWorkResumesWhenItReturns() {
        try (EmbeddedRedis server = EmbeddedRedis.startPersistent();
             Engine engine = Engine.connect(EngineOptions.builder().redisUrl(server.url()).keyPrefix(TestRedis.newPrefix())
                     .clock(Clock.systemUTC()).doneRetention(Duration.ofHours(1)).commandTimeout(Duration.ofSeconds(1))
                     .maintenanceInterval(Duration.ofMillis(100)).build())) {
            Queue queue = engine.queue("documents");
            List<OutgoingMessage> batch = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                batch.add(OutgoingMessage.of("document " + i));
            }
            List<String> ids = queue.enqueueAll(batch);
            Map<String, Integer> processed = new ConcurrentHashMap<>();
            engine.worker("documents", d -> {
                processed.merge(d.id(), 1, Integer::sum);
                Thread.sleep(5);  // stands for real work, so that the outage lands mid-run
            }, WorkerOptions.builder().concurrency(4).batchSize(10).maxIdlePoll(Duration.ofMillis(20)).build());
            await().atMost(Duration.ofSeconds(30)).until(() -> processed.size() >= 50);

            server.stop();
            assertThatThrownBy(() -> queue.enqueue(OutgoingMessage.of("during the outage")))
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("Redis at " + server.url());
            server.restart();

            await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id ->
                    queue.message(id).map(m -> m.state() == MessageState.DONE).orElse(false)));
            assertThat(processed.keySet()).containsAll(ids);
            QueueCounts counts = queue.counts();
            assertThat(counts.ready() + counts.inFlight() + counts.scheduled() + counts.dead()).isZero();
            assertThat(engine.check().problems()).isEmpty();
        }
    }
}
