package io.redrive.cache;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CacheStatsIT extends CacheTestSupport {

    @Test
    void theSharedMinuteStatisticsAddUpEveryProcesssHitsMissesLoadsAndBytes() {
        Cache first = cache();
        Cache second = cache();
        Instant from = Instant.now().minusSeconds(60);

        readDocuments(first, "d", 10, 10);  // 10 misses and loads, then 90 hits
        assertThat(first.localStats().get("document")).satisfies(c -> {
            assertThat(c.hits()).isEqualTo(90);
            assertThat(c.misses()).isEqualTo(10);
            assertThat(c.loads()).isEqualTo(10);
            assertThat(c.bytes()).isPositive();
            assertThat(c.hitRate()).isEqualTo(0.9);
        });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            CacheCounters shared = sum(first.admin().stats("document", from, Instant.now()));
            assertThat(shared.hits()).isEqualTo(90);
            assertThat(shared.misses()).isEqualTo(10);
            assertThat(shared.loads()).isEqualTo(10);
            assertThat(shared.errors()).isZero();
            assertThat(shared.bytes()).isEqualTo(first.localStats().get("document").bytes());
        });

        readDocuments(second, "d", 10, 2);  // another process: the same 10 keys, all hits
        readDocuments(second, "e", 5, 1);   // and 5 keys of its own, all misses

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            CacheCounters shared = sum(second.admin().stats("document", from, Instant.now()));
            assertThat(shared.hits()).isEqualTo(110);
            assertThat(shared.misses()).isEqualTo(15);
            assertThat(shared.loads()).isEqualTo(15);
            assertThat(shared.bytes()).isEqualTo(first.localStats().get("document").bytes()
                    + second.localStats().get("document").bytes());
        });
        assertThat(sum(first.admin().stats("user", from, Instant.now()))).isEqualTo(CacheCounters.ZERO);
    }

    @Test
    void statisticsComeOneEntryPerMinuteWithZerosWhereNothingHappened() {
        Cache cache = cache();
        cache.getOrLoad("graph", "node-1", Document.class, () -> document("node-1"));
        Instant now = Instant.now();

        await().atMost(Duration.ofSeconds(5)).until(() ->
                sum(cache.admin().stats("graph", now.minusSeconds(60), now.plusSeconds(60))).loads() == 1);
        List<CacheMinuteStats> minutes = cache.admin().stats("graph", now.minus(Duration.ofMinutes(10)), now);

        assertThat(minutes).hasSize(11);
        assertThat(minutes).extracting(CacheMinuteStats::namespace).containsOnly("graph");
        assertThat(minutes.get(1).minute()).isEqualTo(minutes.get(0).minute().plusSeconds(60));
        assertThat(minutes.subList(0, 9)).extracting(CacheMinuteStats::counters).containsOnly(CacheCounters.ZERO);
    }

    @Test
    void keyCountAndSizeDescribeWhatANamespaceHoldsNow() {
        Cache cache = cache();
        readDocuments(cache, "d", 15, 1);
        cache.put("user", "7", new User("7", "Ada"));

        assertThat(cache.admin().keyCount("document")).isEqualTo(15);
        assertThat(cache.admin().keyCount("user")).isEqualTo(1);
        assertThat(cache.admin().keyCount("graph")).isZero();
        NamespaceSize size = cache.admin().size("document", 10);
        assertThat(size.namespace()).isEqualTo("document");
        assertThat(size.keys()).isEqualTo(15);
        assertThat(size.sampled()).isEqualTo(10);
        assertThat(size.memoryBytes()).isPositive();
        assertThat(size.remainingTtls()).hasSize(10)
                .allSatisfy(ttl -> assertThat(ttl).isBetween(3_500_000L, 3_600_000L));
        assertThat(cache.admin().size("graph", 10)).isEqualTo(new NamespaceSize("graph", 0, 0, 0, List.of()));
    }

    @Test
    void theNamespacesInUseAreListedWithTheirSettings() {
        Cache cache = cache();
        cache.put("reports", "q3", document("q3"));

        assertThat(cache.admin().namespaces()).extracting(NamespaceSettings::namespace)
                .contains("reports", "user", "job_status", "document", "vector_search", "graph");
        assertThat(cache.admin().namespaces()).filteredOn(s -> s.namespace().equals("reports")).singleElement()
                .satisfies(s -> assertThat(s.ttl()).isEqualTo(Duration.ofSeconds(300)));
    }

    @Test
    void theServersOwnKeyspaceCountersAreReported() {
        Cache cache = cache();
        readDocuments(cache, "d", 3, 4);

        assertThat(cache.admin().serverKeyspaceStats()).containsKeys("keyspace_hits", "keyspace_misses");
        assertThat(cache.admin().serverKeyspaceStats().get("keyspace_hits")).isGreaterThanOrEqualTo(9);
        assertThat(cache.admin().serverKeyspaceStats().get("keyspace_misses")).isGreaterThanOrEqualTo(3);
    }

    /** Reads {@code keys} documents {@code rounds} times each through getOrLoad: the first round misses and loads. */
    private static void readDocuments(Cache cache, String prefix, int keys, int rounds) {
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < keys; i++) {
                String id = prefix + i;
                cache.getOrLoad("document", id, Document.class, () -> document(id));
            }
        }
    }

    private static CacheCounters sum(List<CacheMinuteStats> minutes) {
        return minutes.stream().map(CacheMinuteStats::counters).reduce(CacheCounters.ZERO, CacheCounters::plus);
    }
}
