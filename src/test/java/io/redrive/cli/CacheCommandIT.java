package io.redrive.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redrive.cache.Cache;
import io.redrive.cache.CacheCodec;
import io.redrive.cache.CacheOptions;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code redrive cache stats|ttl|invalidate|keys} against a real Redis that a cache helper is using. */
class CacheCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String prefix = TestRedis.newPrefix();
    private Cache cache;

    @BeforeEach
    void fillTheCache() {
        cache = Cache.connect(CacheOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix)
                .redisTimeout(Duration.ofSeconds(2)).build());
        for (int i = 0; i < 10; i++) {
            int n = i;
            cache.getOrLoad("document", "d" + i, CacheCodec.string(), () -> "summary " + n, "tenant:acme");
        }
        for (int i = 0; i < 30; i++) {
            cache.get("document", "d" + (i % 10), CacheCodec.string());
        }
    }

    @AfterEach
    void close() {
        cache.close();
    }

    private CommandLineRun cacheCommand(String... args) {
        List<String> line = new ArrayList<>(List.of("cache"));
        line.addAll(List.of(args));
        line.addAll(List.of("--redis", TestRedis.url(), "--prefix", prefix));
        return CommandLineRun.of(line.toArray(String[]::new));
    }

    @Test
    void statsShowEveryProcesssHitsAndMissesPerNamespace() throws Exception {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            CommandLineRun stats = cacheCommand("stats", "--json", "--minutes", "5");
            assertThat(stats.exitCode()).isZero();
            JsonNode document = JSON.readTree(stats.out()).path("namespaces").path("document");
            assertThat(document.path("hits").asLong()).isEqualTo(30);
            assertThat(document.path("misses").asLong()).isEqualTo(10);
            assertThat(document.path("loads").asLong()).isEqualTo(10);
        });
        CommandLineRun table = cacheCommand("stats");
        assertThat(table.out()).contains("NAMESPACE").contains("document").contains("75.0%");
    }

    @Test
    void ttlListsTheNamespacesAndChangesOneLiveForEveryProcess() throws Exception {
        CommandLineRun list = cacheCommand("ttl", "--json");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("\"namespace\":\"document\"").contains("\"ttlSeconds\":3600");

        CommandLineRun change = cacheCommand("ttl", "document", "120", "--actor", "ops-alice");
        assertThat(change.exitCode()).isZero();
        assertThat(change.out()).contains("document: TTL 120s (configured 3600s)");
        await().atMost(Duration.ofMillis(1500)).until(() -> cache.settings("document").ttl().equals(Duration.ofSeconds(120)));

        CommandLineRun reset = cacheCommand("ttl", "document", "--reset");
        assertThat(reset.exitCode()).isZero();
        await().atMost(Duration.ofMillis(1500)).until(() -> cache.settings("document").ttl().equals(Duration.ofSeconds(3600)));
    }

    @Test
    void invalidateRemovesOneKeyATagOrANamespace() {
        assertThat(cacheCommand("invalidate", "document", "d1").exitCode()).isZero();
        assertThat(cache.get("document", "d1", CacheCodec.string())).isEmpty();
        CommandLineRun tag = cacheCommand("invalidate", "--tag", "tenant:acme");
        assertThat(tag.out()).contains("Invalidated 9 entries");
        assertThat(cache.admin().keyCount("document")).isZero();
        CommandLineRun nothing = cacheCommand("invalidate", "document");
        assertThat(nothing.exitCode()).isEqualTo(1);
        assertThat(nothing.err()).contains("Say what to invalidate");
    }

    @Test
    void aTtlOutsideTheCachesLimitsFailsWithTheSameSentenceAsTheConsole() {
        CommandLineRun zero = cacheCommand("ttl", "document", "0");
        assertThat(zero.exitCode()).isEqualTo(1);
        assertThat(zero.err()).contains("A TTL must be between 1 s and 30 days, got 0 s.");
        CommandLineRun tooLong = cacheCommand("ttl", "document", String.valueOf(31 * 86_400));
        assertThat(tooLong.exitCode()).isEqualTo(1);
        assertThat(tooLong.err()).contains("A TTL must be between 1 s and 30 days, got 31 days.");
        assertThat(cache.settings("document").overridden()).isFalse();
    }

    @Test
    void keysReportsTheCountAndARemainingTtl() throws Exception {
        CommandLineRun keys = cacheCommand("keys", "document", "--json");
        assertThat(keys.exitCode()).isZero();
        JsonNode out = JSON.readTree(keys.out());
        assertThat(out.path("keys").asLong()).isEqualTo(10);
        assertThat(out.path("memoryBytes").asLong()).isPositive();
        assertThat(out.path("medianRemainingTtlMillis").asLong()).isBetween(3_000_000L, 3_600_000L);
    }

    @Test
    void anUnreachableRedisFailsWithOneClearSentence() {
        CommandLineRun run = CommandLineRun.of("cache", "stats", "--redis", "redis://127.0.0.1:1", "--prefix", prefix);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).containsIgnoringCase("refused");
    }
}
