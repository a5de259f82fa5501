package io.redrive.metrics;

import io.redrive.demo.EmbeddedRedis;
import io.redrive.engine.Backoff;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.QueueTotals;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MetricsServerIT {
    private static final RetryPolicy ONE_ATTEMPT = RetryPolicy.builder().maxAttempts(1).backoff(Backoff.none()).build();
    private final String prefix = TestRedis.newPrefix();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    @AfterEach
    void closeAll() throws Exception {
        while (!open.isEmpty()) {
            open.pop().close();
        }
    }

    @Test
    void countersEqualTheRedisTotalsAndDoNotGoDownAcrossAnEngineRestart() throws Exception {
        Engine first = Engine.connect(options(TestRedis.url()));
        Queue orders = first.queue("orders");
        for (int i = 0; i < 6; i++) {
            orders.enqueue(OutgoingMessage.json("{\"order\":" + i + "}"));
        }
        Worker worker = first.worker("orders", d -> {
            if (d.text().contains("\"order\":1}") || d.text().contains("\"order\":4}")) {
                throw new IllegalStateException("payment service refused order");
            }
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> orders.counts().dead() == 2 && orders.counts().ready() == 0
                && orders.counts().inFlight() == 0);
        worker.close();
        MetricsServer server = MetricsServer.start(first, 0);

        PrometheusText before = PrometheusText.parse(get(server, "/metrics").body());
        QueueTotals totals = orders.totals();
        assertCountersEqual(before, totals);
        assertThat(totals.enqueued()).isEqualTo(6);
        assertThat(totals.deadLettered()).isEqualTo(2);
        assertThat(before.types).containsEntry("redrive_queue_messages_total", "counter")
                .containsEntry("redrive_queue_size", "gauge");
        assertThat(before.value("redrive_queue_size{queue=\"orders\",state=\"dead\"}")).isEqualTo(2);
        assertThat(before.value("redrive_queue_failure_groups{queue=\"orders\"}")).isEqualTo(1);
        assertThat(before.value("redrive_queue_oldest_dead_letter_age_seconds{queue=\"orders\"}")).isGreaterThanOrEqualTo(0);
        assertThat(before.value("redrive_queue_retry_success_ratio{queue=\"orders\"}")).isEqualTo(0);
        assertThat(before.value("redrive_redis_up")).isEqualTo(1);

        server.close();
        first.close();
        Engine second = Engine.connect(options(TestRedis.url()));
        open.push(second);
        second.queue("orders").enqueue(OutgoingMessage.json("{\"order\":6}"));
        MetricsServer restarted = MetricsServer.start(second, 0);
        open.push(restarted);

        PrometheusText after = PrometheusText.parse(get(restarted, "/metrics").body());
        assertCountersEqual(after, second.queue("orders").totals());
        before.series.forEach((series, value) -> {
            if (series.startsWith("redrive_queue_messages_total")) {
                assertThat(after.value(series)).as(series).isGreaterThanOrEqualTo(value);
            }
        });
        assertThat(after.value("redrive_queue_messages_total{outcome=\"enqueued\",queue=\"orders\"}")).isEqualTo(7);
    }

    @Test
    void healthAnswers200WhileRedisAnswersAnd503WithTheReasonOnceItStops() throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.start();
        open.push(redis);
        Engine engine = Engine.connect(options(redis.url()));
        open.push(engine);
        engine.upkeep().start();
        MetricsServer server = MetricsServer.start(engine, 0);
        open.push(server);

        HttpResponse<String> up = get(server, "/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).contains("\"status\":\"up\"").contains(engine.id());

        redis.close();
        HttpResponse<String> down = get(server, "/health");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"status\":\"down\"").contains("does not answer");
        assertThat(get(server, "/metrics").body()).contains("redrive_redis_up 0.0");
    }

    @Test
    void healthAnswers503WhenTheUpkeepIsNotRunning() throws Exception {
        Engine engine = Engine.connect(options(TestRedis.url()));
        open.push(engine);
        MetricsServer server = MetricsServer.start(engine, 0);
        open.push(server);

        HttpResponse<String> response = get(server, "/health");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("upkeep").contains("not running");
    }

    private static void assertCountersEqual(PrometheusText scrape, QueueTotals totals) {
        Map<String, Long> expected = Map.of("enqueued", totals.enqueued(), "succeeded", totals.succeeded(),
                "failed", totals.failed(), "retried", totals.retried(), "dead_lettered", totals.deadLettered(),
                "recovered", totals.recovered(), "replayed", totals.replayed(), "purged", totals.purged());
        assertThat(EngineMetrics.outcomeNames()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((outcome, value) -> assertThat(scrape.value("redrive_queue_messages_total{outcome=\""
                + outcome + "\",queue=\"" + totals.queue() + "\"}")).as(outcome).isEqualTo(value.doubleValue()));
    }

    private EngineOptions options(String url) {
        return EngineOptions.builder().redisUrl(url).keyPrefix(prefix).defaultPolicy(ONE_ATTEMPT).upkeep(false)
                .commandTimeout(Duration.ofSeconds(2)).build();
    }

    private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
