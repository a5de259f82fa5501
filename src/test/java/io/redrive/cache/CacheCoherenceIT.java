package io.redrive.cache;

import io.lettuce.core.SetArgs;
import io.redrive.ops.Actor;
import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditLog;
import io.redrive.ops.AuditQuery;
import io.redrive.ops.BulkOperation;
import io.redrive.redis.KeySchema;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Several processes (here, several caches) sharing one prefix see each other's settings and invalidations. */
class CacheCoherenceIT extends CacheTestSupport {
    private static final Actor OPERATOR = Actor.named("ops@test");
    private static final Duration WITHIN_A_SECOND = Duration.ofMillis(1500);

    @Test
    void aTtlChangedInOneProcessIsInForceInAnotherWithinASecond() {
        Cache console = cache();
        Cache service = cache();
        assertThat(service.settings("document").ttl()).isEqualTo(Duration.ofSeconds(3600));

        console.admin().setTtl("document", Duration.ofSeconds(120), OPERATOR);

        await().atMost(WITHIN_A_SECOND).until(() -> service.settings("document").ttl().equals(Duration.ofSeconds(120)));
        NamespaceSettings settings = service.settings("document");
        assertThat(settings.overridden()).isTrue();
        assertThat(settings.configuredTtl()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(settings.changedBy()).isEqualTo("ops@test");
        service.put("document", "after", document("after"));
        assertThat(pttl(keys.value("document", "after"))).isBetween(110_000L, 120_000L);
        assertThat(service.settings("user").ttl()).as("other namespaces keep theirs").isEqualTo(Duration.ofSeconds(900));
    }

    @Test
    void aTtlChangeLeavesAChartMarkerAndAnAuditEntry() {
        Cache cache = cache();
        Instant before = Instant.now().minusSeconds(1);

        cache.admin().setTtl("vector_search", Duration.ofSeconds(60), OPERATOR);

        List<SettingsChange> changes = cache.admin().changes(before, Instant.now().plusSeconds(1));
        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.namespace()).isEqualTo("vector_search");
            assertThat(change.ttl()).isEqualTo(Duration.ofSeconds(60));
            assertThat(change.enabled()).isTrue();
            assertThat(change.by()).isEqualTo("ops@test");
            assertThat(change.at()).isBetween(before, Instant.now());
        });
        List<AuditEntry> audit = AuditLog.on(raw, new KeySchema(prefix), Clock.systemUTC())
                .list(AuditQuery.builder().action("cache-ttl").build());
        assertThat(audit).singleElement().satisfies(entry -> {
            assertThat(entry.actor()).isEqualTo("ops@test");
            assertThat(entry.target()).isEqualTo("namespace vector_search");
            assertThat(entry.outcome()).isEqualTo("ok");
            assertThat(entry.details()).containsEntry("from", "1800s").containsEntry("to", "60s");
        });
    }

    @Test
    void resettingATtlBringsTheConfiguredOneBackEverywhere() {
        Cache console = cache();
        Cache service = cache();
        console.admin().setTtl("user", Duration.ofSeconds(30), OPERATOR);
        await().atMost(WITHIN_A_SECOND).until(() -> service.settings("user").overridden());

        console.admin().resetSettings("user", OPERATOR);

        await().atMost(WITHIN_A_SECOND).until(() -> !service.settings("user").overridden());
        assertThat(service.settings("user").ttl()).isEqualTo(Duration.ofSeconds(900));
        assertThat(console.admin().changes(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1)))
                .extracting(SettingsChange::ttl).containsExactly(Duration.ofSeconds(30), null);
    }

    @Test
    void aNamespaceDisabledInOneProcessIsDisabledInAnotherWithinASecond() {
        Cache console = cache();
        Cache service = cache();

        console.admin().setEnabled("graph", false, OPERATOR);

        await().atMost(WITHIN_A_SECOND).until(() -> !service.settings("graph").enabled());
        service.put("graph", "node-1", document("node-1"));
        assertThat(exists(keys.value("graph", "node-1"))).isFalse();
    }

    @Test
    void reapplyingATtlChangesTheKeysAlreadyStoredAndReportsItsProgress() throws Exception {
        Cache cache = cache();
        for (int i = 0; i < 25; i++) {
            cache.put("document", "d" + i, document("d" + i));
        }
        cache.put("user", "7", new User("7", "Ada"));
        cache.admin().setTtl("document", Duration.ofSeconds(60), OPERATOR);
        assertThat(pttl(keys.value("document", "d0"))).as("a new TTL alone leaves old keys be").isGreaterThan(3_000_000L);

        BulkOperation operation = cache.admin().reapplyTtl("document", OPERATOR);
        BulkOperation.Progress done = operation.completion().get(30, TimeUnit.SECONDS);

        assertThat(done.state()).isEqualTo(BulkOperation.State.COMPLETED);
        assertThat(done.total()).isEqualTo(25);
        assertThat(done.processed()).isEqualTo(25);
        assertThat(done.succeeded()).isEqualTo(25);
        assertThat(done.fractionDone()).isEqualTo(1.0);
        for (int i = 0; i < 25; i++) {
            assertThat(pttl(keys.value("document", "d" + i))).isBetween(50_000L, 60_000L);
        }
        assertThat(pttl(keys.value("user", "7"))).as("another namespace is untouched").isGreaterThan(800_000L);
        AuditLog audit = AuditLog.on(raw, new KeySchema(prefix), Clock.systemUTC());
        await().atMost(Duration.ofSeconds(5)).until(() ->
                !audit.list(AuditQuery.builder().action("cache-ttl-reapply").build()).isEmpty());
        assertThat(audit.list(AuditQuery.builder().action("cache-ttl-reapply").build())).singleElement().satisfies(entry -> {
            assertThat(entry.count()).isEqualTo(25);
            assertThat(entry.outcome()).isEqualTo("completed");
            assertThat(entry.details()).containsEntry("ttl", "60s");
        });
    }

    @Test
    void aCancelledReapplyStopsBeforeTheEndAndLeavesTheRestOfTheKeysAlone() throws Exception {
        Cache cache = cache();
        int stored = 5_000;
        List<CompletableFuture<String>> writes = new ArrayList<>(stored);
        byte[] value = StoredValue.wrap(CacheCodec.json(Document.class).encode(document("x")), 1024);
        for (int i = 0; i < stored; i++) {
            writes.add(raw.commands().set(keys.value("graph", "node-" + i), value, SetArgs.Builder.px(600_000)).toCompletableFuture());
        }
        writes.forEach(raw::await);
        cache.admin().setTtl("graph", Duration.ofSeconds(30), OPERATOR);

        BulkOperation operation = cache.admin().reapplyTtl("graph", OPERATOR);
        operation.cancel();
        BulkOperation.Progress end = operation.completion().get(30, TimeUnit.SECONDS);

        assertThat(end.state()).isEqualTo(BulkOperation.State.CANCELLED);
        assertThat(end.total()).isEqualTo(stored);
        assertThat(end.processed()).isLessThan(stored);
        List<CompletableFuture<Long>> ttls = new ArrayList<>(stored);
        for (int i = 0; i < stored; i++) {
            ttls.add(raw.commands().pttl(keys.value("graph", "node-" + i)).toCompletableFuture());
        }
        long shortened = ttls.stream().map(raw::await).filter(ttl -> ttl <= 30_000).count();
        assertThat(shortened).isEqualTo(end.succeeded());
        AuditLog audit = AuditLog.on(raw, new KeySchema(prefix), Clock.systemUTC());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(audit.list(AuditQuery.builder().action("cache-ttl-reapply").build()))
                        .singleElement().satisfies(entry -> {
                            assertThat(entry.outcome()).isEqualTo("cancelled");
                            assertThat(entry.count()).isEqualTo(end.succeeded());
                        }));
    }

    @Test
    void anUpdateInOneProcessReplacesTheNearCachedValueInAnotherWithinASecond() {
        Cache writer = cache(b -> b.nearCache(true));
        Cache reader = cache(b -> b.nearCache(true));
        seed("user", "7", new User("7", "Ada"));
        assertThat(reader.get("user", "7", User.class)).contains(new User("7", "Ada"));
        assertThat(reader.get("user", "7", User.class)).contains(new User("7", "Ada"));
        assertThat(reader.localStats().get("user").nearHits()).isEqualTo(1);
        seed("user", "7", new User("7", "Eve"));
        assertThat(reader.get("user", "7", User.class)).as("a change behind the helpers' back is not seen")
                .contains(new User("7", "Ada"));

        writer.put("user", "7", new User("7", "Ada Lovelace"));

        await().atMost(WITHIN_A_SECOND).until(() ->
                reader.get("user", "7", User.class).equals(Optional.of(new User("7", "Ada Lovelace"))));
        CacheCounters counters = reader.localStats().get("user");
        assertThat(counters.nearHits()).isGreaterThanOrEqualTo(2);
        assertThat(counters.hits()).isGreaterThanOrEqualTo(counters.nearHits() + 2);
    }

    @Test
    void anUpdateFromAProcessWithoutANearCacheStillReachesTheNearCachesOfOthers() {
        Cache writer = cache();
        Cache reader = cache(b -> b.nearCache(true));
        seed("user", "7", new User("7", "Ada"));
        assertThat(reader.get("user", "7", User.class)).contains(new User("7", "Ada"));
        assertThat(reader.get("user", "7", User.class)).contains(new User("7", "Ada"));
        assertThat(reader.localStats().get("user").nearHits()).isEqualTo(1);

        writer.put("user", "7", new User("7", "Ada Lovelace"));

        await().atMost(WITHIN_A_SECOND).until(() ->
                reader.get("user", "7", User.class).equals(Optional.of(new User("7", "Ada Lovelace"))));
    }

    @Test
    void anInvalidationInOneProcessDropsTheNearCachedValueInAnotherWithinASecond() {
        Cache writer = cache(b -> b.nearCache(true));
        Cache reader = cache(b -> b.nearCache(true));
        seed("document", "42", document("42"));
        seed("document", "43", document("43"));
        seed("user", "7", new User("7", "Ada"));
        assertThat(reader.get("document", "42", Document.class)).contains(document("42"));
        assertThat(reader.get("document", "43", Document.class)).contains(document("43"));
        assertThat(reader.get("user", "7", User.class)).contains(new User("7", "Ada"));

        writer.invalidate("document", "42");

        await().atMost(WITHIN_A_SECOND).until(() -> reader.get("document", "42", Document.class).isEmpty());
        assertThat(reader.get("document", "43", Document.class)).contains(document("43"));

        writer.invalidateNamespace("document");

        await().atMost(WITHIN_A_SECOND).until(() -> reader.get("document", "43", Document.class).isEmpty());
        assertThat(reader.get("user", "7", User.class)).contains(new User("7", "Ada"));
    }

    @Test
    void aTagInvalidationInOneProcessDropsTheNearCachedValuesInAnotherWithinASecond() {
        Cache writer = cache(b -> b.nearCache(true));
        Cache reader = cache(b -> b.nearCache(true));
        seed("document", "42", document("42"), "document:42");
        seed("vector_search", "q1", List.of("42"), "document:42");
        assertThat(reader.get("document", "42", Document.class)).contains(document("42"));
        assertThat(reader.get("vector_search", "q1", List.class)).contains(List.of("42"));

        assertThat(writer.invalidateTag("document:42")).isEqualTo(2);

        await().atMost(WITHIN_A_SECOND).until(() -> reader.get("document", "42", Document.class).isEmpty()
                && reader.get("vector_search", "q1", List.class).isEmpty());
    }

    @Test
    void aNearCachedValueNeverOutlivesItsNamespacesTtl() {
        Cache reader = cache(b -> b.nearCache(true).namespaceTtl("job_status", Duration.ofSeconds(1)));
        String valueKey = keys.value("job_status", "reindex");
        raw.await(raw.commands().set(valueKey, StoredValue.wrap(CacheCodec.string().encode("running"), 1024),
                SetArgs.Builder.px(1_000)));
        assertThat(reader.get("job_status", "reindex", CacheCodec.string())).contains("running");
        assertThat(reader.get("job_status", "reindex", CacheCodec.string())).contains("running");
        assertThat(reader.localStats().get("job_status").nearHits()).as("the second read was a near hit").isEqualTo(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> pttl(valueKey) == -2);

        await().atMost(Duration.ofSeconds(1)).until(() -> reader.get("job_status", "reindex", CacheCodec.string()).isEmpty());
    }

    /** Stores a value as the helper would, but with a raw connection: no cache hears of it. */
    @SuppressWarnings("unchecked")
    private <T> void seed(String namespace, String key, T value, String... tags) {
        String valueKey = keys.value(namespace, key);
        byte[] encoded = CacheCodec.json((Class<T>) value.getClass()).encode(value);
        raw.await(raw.commands().set(valueKey, StoredValue.wrap(encoded, 1024), SetArgs.Builder.px(600_000)));
        for (String tag : tags) {
            raw.await(raw.commands().sadd(keys.tag(tag), valueKey.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
