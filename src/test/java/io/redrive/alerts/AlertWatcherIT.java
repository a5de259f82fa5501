package io.redrive.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.redrive.alerts.AlertNotice.Event;
import io.redrive.cache.Cache;
import io.redrive.cache.CacheOptions;
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
import io.redrive.ops.Actor;
import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditQuery;
import io.redrive.redis.ReadOnlyException;
import io.redrive.testing.TestClock;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Alert rules evaluated by two watchers on one real Redis, announced to a real local HTTP receiver. */
class AlertWatcherIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Actor ALICE = Actor.named("alice");
    private static final RetryPolicy ONE_ATTEMPT = RetryPolicy.builder().maxAttempts(1).backoff(Backoff.none()).build();

    private final String prefix = TestRedis.newPrefix();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    /** Statuses the receiver answers with, in turn; 200 once they run out. */
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final CountDownLatch hangUntil = new CountDownLatch(1);
    private HttpServer server;
    private Engine engineA;
    private Engine engineB;
    private Alerts alertsA;
    private Alerts alertsB;

    @BeforeEach
    void startReceiverAndTwoEngines() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Integer status = statuses.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        server.createContext("/hang", exchange -> {
            received.add("hang");
            try {
                hangUntil.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        engineA = engine(false);
        engineB = engine(false);
        alertsA = keep(Alerts.open(engineA, Duration.ofMillis(500), Duration.ofMillis(50)));
        alertsB = keep(Alerts.open(engineB, Duration.ofMillis(500), Duration.ofMillis(50)));
    }

    @AfterEach
    void stop() throws Exception {
        hangUntil.countDown();
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        server.stop(0);
    }

    @Test
    void eachQueueKindFiresOncePerIncidentAcrossTwoWatchersAndResolvesOnce() {
        Queue orders = engineA.queue("orders");
        orders.updatePolicy(ONE_ATTEMPT.mutate().deadLetterRetention(Duration.ofHours(1)).build());
        Map<AlertKind, AlertRule> rules = Map.of(
                AlertKind.DLQ_SIZE, alertsA.add(AlertKind.DLQ_SIZE, "orders", 2.0, null, List.of(), null, ALICE),
                AlertKind.NEW_FAILURE_GROUP, alertsA.add(AlertKind.NEW_FAILURE_GROUP, null, null, null, List.of(), null, ALICE),
                AlertKind.EXPIRING_DEAD_LETTERS, alertsA.add(AlertKind.EXPIRING_DEAD_LETTERS, null, 0.0, Duration.ofHours(2), List.of(), null, ALICE),
                AlertKind.DEAD_LETTERED_PER_MINUTE, alertsA.add(AlertKind.DEAD_LETTERED_PER_MINUTE, null, 1.0, Duration.ofMinutes(1), List.of(), null, ALICE));
        deadLetters(engineA, "orders", 3);
        // a minute later, so the minute they died in is complete and counts
        TestClock clock = new TestClock(Instant.now().plus(Duration.ofMinutes(1)));
        AlertWatcher a = alertsA.watcher(Duration.ofSeconds(30), clock);
        AlertWatcher b = alertsB.watcher(Duration.ofSeconds(30), clock);

        List<AlertNotice> fired = ticks(a, b, a, b);
        assertThat(fired).allMatch(n -> n.event() == Event.FIRED);
        assertThat(fired).extracting(AlertNotice::kind).containsExactlyInAnyOrder(AlertKind.DLQ_SIZE,
                AlertKind.NEW_FAILURE_GROUP, AlertKind.EXPIRING_DEAD_LETTERS, AlertKind.DEAD_LETTERED_PER_MINUTE);
        assertThat(fired).allMatch(n -> n.link().startsWith("redrive://") && n.link().contains("/queue/orders"));
        assertThat(fired).filteredOn(n -> n.kind() == AlertKind.NEW_FAILURE_GROUP).singleElement()
                .satisfies(n -> assertThat(n.link()).contains("/queue/orders/group/"));

        engineA.deadLetters().purge(new DeadLetterTarget.Matching(DeadLetterQuery.builder().queue("orders").build()),
                1_000_000, ALICE);
        await().atMost(Duration.ofSeconds(30)).until(() -> orders.counts().dead() == 0);
        List<AlertNotice> resolved = ticks(a, b, a, b);
        assertThat(resolved).allMatch(n -> n.event() == Event.RESOLVED).extracting(AlertNotice::kind)
                .containsExactlyInAnyOrder(AlertKind.DLQ_SIZE, AlertKind.NEW_FAILURE_GROUP, AlertKind.EXPIRING_DEAD_LETTERS);

        clock.advance(Duration.ofMinutes(2));  // the busy minute leaves the window
        assertThat(ticks(a, b, a, b)).singleElement().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Event.RESOLVED);
            assertThat(n.rule()).isEqualTo(rules.get(AlertKind.DEAD_LETTERED_PER_MINUTE).id());
        });
        assertThat(alertsB.history(100)).hasSize(8);
    }

    @Test
    void aCacheHitRateBelowTheThresholdFiresOnceAndResolvesOnce() {
        alertsA.add(AlertKind.CACHE_HIT_RATE, "users", 80.0, null, List.of(), null, ALICE);
        try (Cache cache = Cache.connect(CacheOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix).build())) {
            for (int i = 0; i < 20; i++) {
                cache.get("users", "missing-" + i, String.class);
            }
        }
        AlertWatcher a = alertsA.watcher(Duration.ofSeconds(30), java.time.Clock.systemUTC());
        AlertWatcher b = alertsB.watcher(Duration.ofSeconds(30), java.time.Clock.systemUTC());
        assertThat(ticks(a, b, a)).singleElement().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Event.FIRED);
            assertThat(n.sentence()).contains("users", "0 %", "20 reads");
            assertThat(n.link()).endsWith("/cache/users");
        });

        try (Cache cache = Cache.connect(CacheOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix).build())) {
            cache.put("users", "alice", "Alice");
            for (int i = 0; i < 200; i++) {
                cache.get("users", "alice", String.class);
            }
        }
        assertThat(ticks(b, a, b)).singleElement().satisfies(n -> assertThat(n.event()).isEqualTo(Event.RESOLVED));
    }

    @Test
    void aRetrySuccessRateBelowTheThresholdFiresOnceAcrossTwoWatchersAndResolvesWhenRetriesSucceed() {
        Queue orders = engineA.queue("orders");
        orders.updatePolicy(RetryPolicy.builder().maxAttempts(2).backoff(Backoff.none()).build());
        alertsA.add(AlertKind.RETRY_SUCCESS_RATE, "orders", 50.0, Duration.ofMinutes(10), List.of(), null, ALICE);
        AlertWatcher a = alertsA.watcher(Duration.ofSeconds(30), java.time.Clock.systemUTC());
        AlertWatcher b = alertsB.watcher(Duration.ofSeconds(30), java.time.Clock.systemUTC());
        assertThat(ticks(a, b)).as("no retries yet: nothing to judge").isEmpty();

        processFailingOnce(engineA, orders, "poison");
        assertThat(ticks(a, b, a, b)).singleElement().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Event.FIRED);
            assertThat(n.kind()).isEqualTo(AlertKind.RETRY_SUCCESS_RATE);
            assertThat(n.value()).isZero();
            assertThat(n.sentence()).isEqualTo("Queue orders retried 0 % of its failed messages to success over the "
                    + "last 10 min, below 50 %.");
        });

        processFailingOnce(engineA, orders, "order 1", "order 2");  // 2 of 3 failed messages now succeeded
        assertThat(ticks(b, a, b, a)).singleElement().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Event.RESOLVED);
            assertThat(n.value()).isCloseTo(66.7, org.assertj.core.data.Offset.offset(0.1));
        });
    }

    @Test
    void noWorkerForAQueueForNMinutesFiresOnceFromTheTimeKeptInRedisAndResolvesWhenAWorkerReturns() {
        Queue orders = engineA.queue("orders");
        orders.enqueue(OutgoingMessage.json("{}"));
        alertsA.add(AlertKind.NO_WORKER_HEARTBEAT, "orders", 5.0, null, List.of(), null, ALICE);
        TestClock clock = new TestClock(Instant.now());
        AlertWatcher a = alertsA.watcher(Duration.ofSeconds(30), clock);
        AlertWatcher b = alertsB.watcher(Duration.ofSeconds(30), clock);

        Worker worker = servingWorker(engineB, "orders");
        assertThat(a.tick()).as("served").isEmpty();
        worker.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> engineA.liveEngines().stream().noneMatch(e -> e.queues().contains("orders")));
        Instant lastServed = clock.instant();
        clock.advance(Duration.ofMinutes(4));
        assertThat(ticks(a, b)).as("4 minutes without a worker, below 5").isEmpty();

        clock.advance(Duration.ofMinutes(2));
        // b never saw the worker itself: it counts from the time a kept in Redis
        assertThat(ticks(b, a, b, a)).singleElement().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Event.FIRED);
            assertThat(n.value()).isEqualTo(6.0);
            assertThat(n.sentence()).startsWith("No worker has served queue orders for 6 min (last seen at ")
                    .contains(io.redrive.ops.TimeWords.time(lastServed, clock.instant(), ZoneId.systemDefault()));
            assertThat(n.link()).endsWith("/queue/orders");
        });

        keep(servingWorker(engineA, "orders"));
        assertThat(ticks(a, b, a, b)).singleElement().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Event.RESOLVED);
            assertThat(n.sentence()).isEqualTo("A worker serves queue orders again.");
        });
    }

    @Test
    void theWebhookReceivesTheJsonWithinTheEvaluationInterval() throws Exception {
        AlertRule rule = alertsA.add(AlertKind.DLQ_SIZE, null, 0.0, null, List.of(hook("/hook")), null, ALICE);
        Duration interval = Duration.ofSeconds(1);
        keep(alertsA.watcher(interval).start());
        deadLetters(engineA, "orders", 1);
        long deadAt = System.nanoTime();
        String body = received.poll(interval.toMillis() * 2, TimeUnit.MILLISECONDS);
        assertThat(body).as("a notice within the interval").isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - deadAt)).isLessThan(interval.multipliedBy(2));
        JsonNode json = JSON.readTree(body);
        assertThat(json.path("event").asText()).isEqualTo("fired");
        assertThat(json.path("rule").asText()).isEqualTo(rule.id());
        assertThat(json.path("kind").asText()).isEqualTo("dlq-size");
        assertThat(json.path("subject").asText()).isEqualTo("orders");
        assertThat(json.path("value").asDouble()).isEqualTo(1.0);
        assertThat(json.path("sentence").asText()).isEqualTo("Queue orders holds 1 dead letters, more than 0.");
        assertThat(json.path("link").asText()).startsWith("redrive://").endsWith("/queue/orders");
    }

    @Test
    void aReceiverThatFailsTwiceIsTriedAgainAndTheAlertStillArrives() throws Exception {
        statuses.add(500);
        statuses.add(500);
        AlertRule rule = alertsA.add(AlertKind.DLQ_SIZE, null, null, null, List.of(hook("/hook")), null, ALICE);
        assertThat(alertsA.test(rule.id())).singleElement().satisfies(sent -> assertThat(sent.get(10, TimeUnit.SECONDS)).isTrue());
        assertThat(received).hasSize(3).allMatch(b -> b.contains("\"event\":\"test\""));
        assertThat(alertsA.history(10)).extracting(AlertNotice::event).containsExactly(Event.TEST);
    }

    @Test
    void aHangingReceiverDoesNotDelayTheNextTickAndItsFailureIsRecorded() throws Exception {
        alertsA.add(AlertKind.DLQ_SIZE, null, 0.0, null, List.of(hook("/hang")), null, ALICE);
        deadLetters(engineA, "orders", 1);
        AlertWatcher a = alertsA.watcher(Duration.ofSeconds(30), java.time.Clock.systemUTC());
        assertThat(a.tick()).hasSize(1);
        // the tick has returned while the receiver still holds the request
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("hang");
        assertThat(hangUntil.getCount()).isEqualTo(1);
        assertThat(a.tick()).isEmpty();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(alertsA.history(10))
                .anySatisfy(n -> {
                    assertThat(n.event()).isEqualTo(Event.DELIVERY_FAILED);
                    assertThat(n.sentence()).contains("/hang", "failed 3 times", "did not answer in time");
                }));
    }

    @Test
    void aSlackRuleSendsOnlyATextField() throws Exception {
        AlertRule rule = alertsA.add(AlertKind.NEW_FAILURE_GROUP, "orders", null, null, List.of(hook("/hook")),
                AlertRule.Format.SLACK, ALICE);
        assertThat(alertsA.test(rule.id()).get(0).get(10, TimeUnit.SECONDS)).isTrue();
        JsonNode json = JSON.readTree(received.poll(5, TimeUnit.SECONDS));
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("text");
        assertThat(json.path("text").asText()).startsWith("[TEST] A test of the alert rule " + rule.id())
                .contains("\nredrive://");
    }

    @Test
    void addingAndRemovingARuleIsAudited() {
        AlertRule rule = alertsA.add(AlertKind.NEW_FAILURE_GROUP, null, null, null, List.of(hook("/hook")), null, ALICE);
        assertThat(alertsB.rules()).containsExactly(rule);
        assertThat(alertsB.remove(rule.id(), Actor.named("bob"))).isTrue();
        assertThat(alertsA.remove(rule.id(), ALICE)).isFalse();
        List<AuditEntry> audit = engineA.audit().list(AuditQuery.builder().limit(10).build());
        assertThat(audit).extracting(AuditEntry::action, AuditEntry::actor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alert-remove", "bob"),
                        org.assertj.core.groups.Tuple.tuple("alert-add", "alice"));
        assertThat(audit.get(1).target()).isEqualTo("alert rule " + rule.id() + " (new failure groups on all queues, to 1 webhook)");
    }

    @Test
    void aReadOnlyConnectionEvaluatesNothing() {
        alertsA.add(AlertKind.DLQ_SIZE, null, 0.0, null, List.of(), null, ALICE);
        deadLetters(engineA, "orders", 1);
        Alerts readOnly = keep(Alerts.open(engine(true)));
        AlertWatcher watcher = readOnly.watcher(Duration.ofSeconds(30));
        assertThat(watcher.tick()).isEmpty();
        assertThatThrownBy(watcher::start).isInstanceOf(ReadOnlyException.class);
        assertThat(readOnly.history(10)).isEmpty();
        assertThat(alertsA.store().openIncidents()).isEmpty();
    }

    private Engine engine(boolean readOnly) {
        return keep(Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix)
                .defaultPolicy(ONE_ATTEMPT).upkeep(false).readOnly(readOnly).build()));
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private String hook(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static List<AlertNotice> ticks(AlertWatcher... watchers) {
        return Stream.of(watchers).flatMap(w -> w.tick().stream()).collect(Collectors.toList());
    }

    /** A worker that succeeds, once its engine's heartbeat lists its queue. */
    private static Worker servingWorker(Engine engine, String queue) {
        Worker worker = engine.worker(queue, d -> { }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.liveEngines().stream().anyMatch(e -> e.queues().contains(queue)));
        return worker;
    }

    /** Runs these messages through a worker whose first attempt fails; "poison" always fails, so it dies. */
    private static void processFailingOnce(Engine engine, Queue queue, String... texts) {
        for (String text : texts) {
            queue.enqueue(OutgoingMessage.of(text));
        }
        long settledBefore = queue.counts().dead();
        Worker worker = engine.worker(queue.name(), d -> {
            if (d.text().startsWith("poison") || d.attempt() == 1) {
                throw new IllegalStateException("upstream timeout");
            }
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).shutdownTimeout(Duration.ofSeconds(5)).build());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> queue.counts().total() == queue.counts().dead()
                    && queue.counts().dead() >= settledBefore);
        } finally {
            worker.close();
        }
    }

    /** {@code count} messages dead-lettered by a real worker whose handler throws. */
    private static void deadLetters(Engine engine, String queue, int count) {
        Queue q = engine.queue(queue);
        long before = q.counts().dead();
        for (int i = 0; i < count; i++) {
            q.enqueue(OutgoingMessage.json("{\"order\":" + i + "}"));
        }
        Function<Integer, RuntimeException> failure = n -> new IllegalStateException("payment service refused order");
        Worker worker = engine.worker(queue, d -> {
            throw failure.apply(0);
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).shutdownTimeout(Duration.ofSeconds(5)).build());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> q.counts().dead() == before + count);
        } finally {
            worker.close();
        }
    }
}
