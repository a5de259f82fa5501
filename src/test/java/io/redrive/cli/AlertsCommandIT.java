package io.redrive.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditQuery;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code redrive alerts} as an operator runs it, against a real Redis and a real local webhook receiver. */
class AlertsCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix = TestRedis.newPrefix();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private HttpServer server;

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    @Test
    void aWebhookIsEnoughToAddANewFailureGroupRuleWhichListsTestsAndRemoves() throws Exception {
        String hook = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        CommandLineRun added = alerts("add", "new-failure-group", "--webhook", hook, "--actor", "alice");
        assertThat(added.exitCode()).as(added.all()).isZero();
        assertThat(added.out()).contains("new failure groups on all queues, to 1 webhook");

        CommandLineRun listed = alerts("list", "--json");
        assertThat(listed.lines()).hasSize(1);
        JsonNode rule = JSON.readTree(listed.lines().get(0));
        assertThat(rule.path("kind").asText()).isEqualTo("new-failure-group");
        assertThat(rule.path("subject").asText()).isEqualTo("*");
        assertThat(rule.path("format").asText()).isEqualTo("json");
        assertThat(rule.path("windowSeconds").asLong()).isEqualTo(3600);
        assertThat(rule.path("webhooks").get(0).asText()).isEqualTo(hook);
        String id = rule.path("id").asText();
        assertThat(alerts("list").out()).contains(id, "new failure groups on all queues", "1 h", "alice");

        CommandLineRun tested = alerts("test", id);
        assertThat(tested.exitCode()).as(tested.all()).isZero();
        assertThat(tested.out()).contains("Delivered to " + hook);
        JsonNode body = JSON.readTree(received.poll(5, TimeUnit.SECONDS));
        assertThat(body.path("event").asText()).isEqualTo("test");
        assertThat(body.path("link").asText()).startsWith("redrive://");

        CommandLineRun history = alerts("history");
        assertThat(history.out()).contains("TIME", "test", id, "A test of the alert rule", "redrive://")
                .doesNotContain("T0", "Z ");  // local times, not ISO instants
        assertThat(alerts("history", "--json").lines()).singleElement()
                .satisfies(line -> assertThat(JSON.readTree(line).path("event").asText()).isEqualTo("test"));

        CommandLineRun removed = alerts("remove", id, "--actor", "bob");
        assertThat(removed.exitCode()).as(removed.all()).isZero();
        assertThat(alerts("list").out()).contains("No alert rules.");
        assertThat(alerts("remove", id).exitCode()).isEqualTo(1);

        try (Engine engine = Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix).upkeep(false).build())) {
            assertThat(engine.audit().list(AuditQuery.builder().limit(10).build()))
                    .extracting(AuditEntry::action, AuditEntry::actor)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("alert-remove", "bob"),
                            org.assertj.core.groups.Tuple.tuple("alert-add", "alice"));
        }
    }

    @Test
    void theRetrySuccessRateAndNoWorkerKindsAreAcceptedAndAPercentageAbove100IsRefused() {
        CommandLineRun rate = alerts("add", "retry-success-rate", "--subject", "orders", "--threshold", "85");
        assertThat(rate.exitCode()).as(rate.all()).isZero();
        assertThat(rate.out()).contains("retry success rate below 85 % on queue orders");
        CommandLineRun worker = alerts("add", "no-worker-heartbeat", "--threshold", "10");
        assertThat(worker.exitCode()).as(worker.all()).isZero();
        assertThat(worker.out()).contains("no worker for 10 min on all queues");
        CommandLineRun tooHigh = alerts("add", "retry-success-rate", "--threshold", "120");
        assertThat(tooHigh.exitCode()).isEqualTo(1);
        assertThat(tooHigh.err()).contains("a percentage from 0 to 100");
        assertThat(alerts("list", "--json").lines()).hasSize(2);
    }

    @Test
    void anUnknownKindOrABadWebhookIsRefusedInASentence() {
        CommandLineRun kind = alerts("add", "queue-on-fire");
        assertThat(kind.exitCode()).isEqualTo(1);
        assertThat(kind.err()).contains("There is no alert kind 'queue-on-fire'", "new-failure-group, dead-lettered-per-minute");
        CommandLineRun hook = alerts("add", "dlq-size", "--webhook", "ftp://example.com/x");
        assertThat(hook.exitCode()).isEqualTo(1);
        assertThat(hook.err()).contains("A webhook must be an http or https URL");
        assertThat(alerts("list", "--json").lines()).isEmpty();
    }

    private CommandLineRun alerts(String... args) {
        List<String> all = new ArrayList<>(List.of("alerts"));
        all.add(args[0]);
        all.addAll(List.of("--redis", TestRedis.url(), "--prefix", prefix));
        all.addAll(List.of(args).subList(1, args.length));
        return CommandLineRun.of(all);
    }
}
