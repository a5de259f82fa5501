package io.redrive.engine;

import io.redrive.ops.AuditQuery;
import io.redrive.cache.Cache;
import io.redrive.cache.CacheOptions;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One representative run of what Redrive asks of Redis: the engine's whole message lifecycle, every dead-letter
 * operation, audit, operations and check, and the cache helper. The Redis 5.0 compatibility tests run it on
 * servers that must not see (or do not know) newer commands.
 */
abstract class Redis50WorkloadSupport extends DeadLetterTestSupport {
    /** Two attempts a minute apart: a failing message waits in the retry schedule once, then dies. */
    private static final RetryPolicy TWO_ATTEMPTS = RetryPolicy.builder().maxAttempts(2)
            .backoff(Backoff.exponential(Duration.ofMinutes(1))).build();

    /** Runs the engine's lifecycle and dead-letter operations on {@code engine}, asserting each step did its work. */
    protected void engineWorkload(Engine engine) throws Exception {
        Queue orders = engine.queue("orders");
        orders.updatePolicy(TWO_ATTEMPTS, ALICE);
        orders.enqueue(OutgoingMessage.of("plain"));
        String once = orders.enqueue(OutgoingMessage.json("{\"order\":1}").idempotencyKey("order-1"));
        assertThat(orders.enqueue(OutgoingMessage.json("{\"order\":1}").idempotencyKey("order-1"))).isEqualTo(once);
        orders.enqueue(OutgoingMessage.of("later").delay(Duration.ofSeconds(30)));
        clock.advance(Duration.ofSeconds(31));
        assertThat(engine.upkeep().runOnce().promoted()).isEqualTo(1);

        // lease and ack the three ready messages
        AtomicInteger acked = new AtomicInteger();
        try (Worker worker = engine.worker("orders", d -> acked.incrementAndGet(), fastWorker())) {
            await().atMost(WAIT).until(() -> acked.get() == 3 && orders.counts().inFlight() == 0);
        }

        // a failing message: retry scheduled, retried now, dead after its second attempt; another killed from the schedule
        String flaky = orders.enqueue(OutgoingMessage.json("{\"order\":2}"));
        String doomed = orders.enqueue(OutgoingMessage.json("{\"order\":3}"));
        try (Worker worker = engine.worker("orders", d -> {
            throw new IllegalStateException("warehouse offline");
        }, fastWorker())) {
            await().atMost(WAIT).until(() -> engine.retries().count("orders") == 2);
            assertThat(engine.retries().list("orders", 0, 10)).hasSize(2);
            assertThat(engine.retries().upcoming("orders", clock.instant(), Duration.ofMinutes(1), 5)).hasSize(5);
            assertThat(engine.retries().retryNow("orders", List.of(flaky), ALICE)).isEqualTo(1);
            await().atMost(WAIT).until(() -> orders.counts().dead() == 1);
        }
        assertThat(engine.retries().kill("orders", List.of(doomed), ALICE)).isEqualTo(1);
        assertThat(orders.errors(flaky)).hasSize(2);
        assertThat(orders.message(flaky)).isPresent();
        assertThat(orders.timeline(flaky)).isNotEmpty();
        assertThat(orders.counts().dead()).isEqualTo(2);

        // dead letters of another queue, then every operation on them
        engine.queue("payments").updatePolicy(ONE_ATTEMPT, ALICE);
        List<String> ids = deadLetters(engine, "payments", 5, d -> new IllegalStateException("card declined"));
        DeadLetters letters = engine.deadLetters();
        DeadLetterQuery payments = DeadLetterQuery.builder().queue("payments").build();
        assertThat(allPages(letters, payments)).hasSize(5);
        assertThat(letters.count(payments)).isEqualTo(5);
        assertThat(letters.pageAt(payments, 2).items()).isNotEmpty();
        List<FailureGroup> groups = letters.groups("payments");
        assertThat(groups).hasSize(1);
        DeadLetterDetail detail = letters.show("payments", ids.get(0)).orElseThrow();
        letters.edit("payments", ids.get(0), detail.version(), "{\"order\":0,\"fixed\":true}".getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/json"), "fixed by hand", ALICE);

        DryRun preview = letters.preview("replay", DeadLetterTarget.ids("payments", ids.subList(0, 1)), 0, null);
        assertThat(finished(letters.replay(preview.previewId(), ReplayOptions.defaults(ALICE))).succeeded()).isEqualTo(1);
        assertThat(finished(letters.replay(DeadLetterTarget.ids("payments", ids.subList(1, 2)),
                ReplayOptions.defaults(ALICE).toQueue("refunds"))).succeeded()).isEqualTo(1);
        assertThat(finished(letters.purge(DeadLetterTarget.ids("payments", ids.subList(2, 3)), 0, BOB)).succeeded()).isEqualTo(1);
        assertThat(letters.trash("payments", 10)).hasSize(1);
        assertThat(letters.trashCount("payments")).isEqualTo(1);
        assertThat(finished(letters.restore("payments", ids.subList(2, 3), BOB)).succeeded()).isEqualTo(1);
        assertThat(finished(letters.purge(DeadLetterTarget.group("payments", groups.get(0).fingerprint()), 0, BOB))
                .succeeded()).isEqualTo(3);

        ByteArrayOutputStream exported = new ByteArrayOutputStream();
        assertThat(letters.export(DeadLetterTarget.matching(DeadLetterQuery.builder().queue("orders").build()), exported, null))
                .isEqualTo(2);
        Path file = Files.createTempFile("redrive-compat-", ".jsonl");
        try {
            Files.write(file, exported.toByteArray());
            assertThat(letters.importFrom(file, "imported", BOB)).isEqualTo(2);
        } finally {
            Files.deleteIfExists(file);
        }
        assertThat(finished(letters.replay(DeadLetterTarget.matching(DeadLetterQuery.builder().queue("imported").build()),
                ReplayOptions.defaults(BOB))).succeeded()).isEqualTo(2);

        // replayed and moved messages are acked by healthy workers
        AtomicInteger redelivered = new AtomicInteger();
        for (String queue : List.of("payments", "refunds", "imported")) {
            try (Worker worker = engine.worker(queue, d -> redelivered.incrementAndGet(), fastWorker())) {
                Queue q = engine.queue(queue);
                await().atMost(WAIT).until(() -> q.counts().ready() == 0 && q.counts().inFlight() == 0);
            }
        }
        assertThat(redelivered.get()).as("replayed, moved and imported messages acked").isEqualTo(4);

        // reads the console and the command line make, and the upkeep's other chores
        clock.advance(Duration.ofDays(30));
        engine.upkeep().runOnce();
        assertThat(engine.audit().list(AuditQuery.all())).isNotEmpty();
        assertThat(engine.operations().recent(20)).isNotEmpty();
        engine.operations().recent(20).forEach(op -> engine.operations().find(op.id()));
        assertThat(engine.queueNames()).contains("orders", "payments", "refunds", "imported");
        assertThat(orders.metrics(clock.instant().minusSeconds(3600), clock.instant())).isNotNull();
        assertThat(engine.serverInfo().version()).isNotBlank();
        engine.ping();
        engine.evictionRisk();
        assertThat(engine.check().problems()).isEmpty();
    }

    /** Runs the cache helper against {@code url}: put/get, tags, namespaces and their settings, stats, near cache. */
    protected void cacheWorkload(String url) {
        CacheOptions options = CacheOptions.builder().redisUrl(url).keyPrefix(prefix).redisTimeout(Duration.ofSeconds(2))
                .statsInterval(Duration.ofMillis(100)).nearCache(true).build();
        try (Cache writer = Cache.connect(options); Cache reader = Cache.connect(options)) {
            writer.put("users", "u1", "Ada", "team:1");
            writer.put("users", "u2", "Grace", "team:1");
            assertThat(reader.get("users", "u1", String.class)).contains("Ada");
            assertThat(reader.getOrLoad("users", "u3", String.class, () -> "Linus")).isEqualTo("Linus");
            writer.invalidate("users", "u3");
            assertThat(writer.invalidateTag("team:1")).isEqualTo(2);
            await().atMost(WAIT).until(() -> reader.get("users", "u1", String.class).isEmpty());
            writer.admin().setTtl("users", Duration.ofMinutes(5), ALICE);
            writer.admin().setEnabled("users", true, ALICE);
            assertThat(writer.admin().namespaces()).isNotEmpty();
            writer.put("users", "u4", "Barbara");
            assertThat(writer.admin().keyCount("users")).isEqualTo(1);
            writer.admin().size("users", 10);
            finished(writer.admin().reapplyTtl("users", ALICE));
            writer.admin().resetSettings("users", ALICE);
            assertThat(writer.invalidateNamespace("users")).isEqualTo(1);
            writer.admin().serverKeyspaceStats();
            await().atMost(WAIT).until(() -> !writer.admin().stats("users", Instant.now().minusSeconds(600), Instant.now().plusSeconds(60)).isEmpty());
            writer.admin().changes(Instant.EPOCH, Instant.now().plusSeconds(60));
        }
    }
}
