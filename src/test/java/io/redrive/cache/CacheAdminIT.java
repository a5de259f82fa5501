package io.redrive.cache;

import io.redrive.redis.ReadOnlyException;
import io.redrive.ops.Actor;
import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditLog;
import io.redrive.ops.AuditQuery;
import io.redrive.redis.KeySchema;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator's side of the cache: atomic settings, the one TTL rule, read-only caches and the audit trail. */
class CacheAdminIT extends CacheTestSupport {
    private static final Actor ALICE = Actor.named("alice@ops");
    private static final Actor BOB = Actor.named("bob@ops");

    @Test
    void aTtlChangeAndAnEnableChangeMadeAtTheSameTimeBothSurvive() throws Exception {
        CacheAdmin first = cache().admin();
        CacheAdmin second = cache().admin();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<String> namespaces = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String ns = "race" + i;
                namespaces.add(ns);
                // each side has seen the namespace's settings before, as a console that shows them has
                first.settings(ns);
                second.settings(ns);
                CountDownLatch start = new CountDownLatch(1);
                CompletableFuture<NamespaceSettings> ttl = CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return first.setTtl(ns, Duration.ofSeconds(42), ALICE);
                }, threads);
                CompletableFuture<NamespaceSettings> off = CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return second.setEnabled(ns, false, BOB);
                }, threads);
                start.countDown();
                CompletableFuture.allOf(ttl, off).get(10, TimeUnit.SECONDS);
            }
            Cache reader = cache();
            for (String ns : namespaces) {
                NamespaceSettings now = reader.settings(ns);
                assertThat(now.ttl()).as(ns).isEqualTo(Duration.ofSeconds(42));
                assertThat(now.enabled()).as(ns).isFalse();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void settingAValueReturnsTheSettingsNowInForce() {
        CacheAdmin admin = cache().admin();
        admin.setEnabled("graph", false, ALICE);

        NamespaceSettings now = admin.setTtl("graph", Duration.ofSeconds(90), BOB);

        assertThat(now.ttl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(now.enabled()).as("the enabled flag set before is kept").isFalse();
        assertThat(now.changedBy()).isEqualTo("bob@ops");
        NamespaceSettings reset = admin.resetSettings("graph", BOB);
        assertThat(reset.overridden()).isFalse();
        assertThat(reset.ttl()).isEqualTo(reset.configuredTtl());
    }

    @Test
    void aTtlOutsideOneSecondToThirtyDaysIsRefusedWithOneSentence() {
        CacheAdmin admin = cache().admin();
        assertThatThrownBy(() -> admin.setTtl("user", Duration.ZERO, ALICE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A TTL must be between 1 s and 30 days, got 0 s.");
        assertThatThrownBy(() -> admin.setTtl("user", Duration.ofDays(31), ALICE))
                .hasMessage("A TTL must be between 1 s and 30 days, got 31 days.");
        assertThat(admin.setTtl("user", CacheAdmin.MAX_TTL, ALICE).ttl()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void aCacheOpenedReadOnlyRefusesEveryWriteWithOneSentenceAndStillServesLoads() {
        Cache writer = cache();
        writer.put("user", "u1", "ada", CacheCodec.string());
        Cache readOnly = cache(b -> b.readOnly(true));
        CacheAdmin admin = readOnly.admin();

        List<Runnable> writes = List.of(
                () -> readOnly.put("user", "u2", "grace", CacheCodec.string()),
                () -> readOnly.invalidate("user", "u1"),
                () -> readOnly.invalidateNamespace("user"),
                () -> readOnly.invalidateTag("t"),
                () -> admin.setTtl("user", Duration.ofSeconds(5), ALICE),
                () -> admin.setEnabled("user", false, ALICE),
                () -> admin.resetSettings("user", ALICE),
                () -> admin.reapplyTtl("user", ALICE),
                () -> admin.invalidate("user", "u1", ALICE),
                () -> admin.invalidateNamespace("user", ALICE),
                () -> admin.invalidateTag("t", ALICE));
        for (Runnable write : writes) {
            assertThatThrownBy(write::run).isInstanceOf(ReadOnlyException.class).hasMessage(ReadOnlyException.SENTENCE);
        }

        assertThat(readOnly.get("user", "u1", CacheCodec.string())).contains("ada");
        assertThat(readOnly.getOrLoad("user", "u3", CacheCodec.string(), () -> "loaded")).isEqualTo("loaded");
        assertThat(exists(keys.value("user", "u3"))).as("a read-only cache stores nothing").isFalse();
        assertThat(exists(keys.value("user", "u1"))).isTrue();
        assertThat(writer.settings("user").overridden()).isFalse();
    }

    @Test
    void anOperatorsInvalidationsAndSettingsChangesAreAuditedWithWhoAndWhat() {
        Cache cache = cache();
        cache.put("document", "d1", "one", CacheCodec.string(), "tenant:acme");
        cache.put("document", "d2", "two", CacheCodec.string(), "tenant:acme");
        cache.put("graph", "g1", "node", CacheCodec.string());
        CacheAdmin admin = cache.admin();

        assertThat(admin.invalidate("document", "d1", ALICE)).isEqualTo(1);
        assertThat(admin.invalidateTag("tenant:acme", ALICE)).isEqualTo(1);
        assertThat(admin.invalidateNamespace("graph", BOB)).isEqualTo(1);
        admin.setEnabled("user", false, BOB);
        admin.setTtl("user", Duration.ofSeconds(60), BOB);

        List<AuditEntry> entries = AuditLog.on(raw, new KeySchema(prefix), Clock.systemUTC()).list(AuditQuery.all());
        assertThat(entries).extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::target, AuditEntry::count)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("alice@ops", "cache-invalidate", "key d1 in namespace document", 1L),
                        org.assertj.core.groups.Tuple.tuple("alice@ops", "cache-invalidate", "tag tenant:acme", 1L),
                        org.assertj.core.groups.Tuple.tuple("bob@ops", "cache-invalidate", "namespace graph", 1L),
                        org.assertj.core.groups.Tuple.tuple("bob@ops", "cache-disable", "namespace user", 1L),
                        org.assertj.core.groups.Tuple.tuple("bob@ops", "cache-ttl", "namespace user", 1L));
        assertThat(exists(keys.value("document", "d2"))).isFalse();
    }

    @Test
    void statisticsAreSummedOnceOverMinutesAndNamespaces() {
        CacheCounters a = new CacheCounters(3, 1, 1, 10, 0, 0, 100);
        CacheCounters b = new CacheCounters(1, 3, 2, 20, 1, 1, 50);
        CacheCounters sum = CacheCounters.sum(List.of(a, b));
        assertThat(sum).isEqualTo(new CacheCounters(4, 4, 3, 30, 1, 1, 150));
        assertThat(sum.hitRate()).isEqualTo(0.5);
        assertThat(CacheMinuteStats.total(List.of(new CacheMinuteStats("x", java.time.Instant.EPOCH, a),
                new CacheMinuteStats("x", java.time.Instant.EPOCH.plusSeconds(60), b)))).isEqualTo(sum);
        assertThat(CacheCounters.sum(List.of())).isEqualTo(CacheCounters.ZERO);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
