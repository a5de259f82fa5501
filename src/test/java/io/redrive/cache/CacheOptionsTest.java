package io.redrive.cache;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheOptionsTest {

    @Test
    void anEmptyEnvironmentGivesTheOriginalDefaults() {
        CacheOptions options = CacheOptions.fromEnvironmentVariables(Map.of());

        assertThat(options.enabled()).isTrue();
        assertThat(options.redisUrl()).isEqualTo("redis://localhost:6379");
        assertThat(options.defaultTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(options.configuredTtl("user")).isEqualTo(Duration.ofSeconds(900));
        assertThat(options.configuredTtl("job_status")).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.configuredTtl("document")).isEqualTo(Duration.ofSeconds(3600));
        assertThat(options.configuredTtl("vector_search")).isEqualTo(Duration.ofSeconds(1800));
        assertThat(options.configuredTtl("graph")).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void theEnvironmentVariablesOfTheOriginalDesignOverrideTheDefaults() {
        CacheOptions options = CacheOptions.fromEnvironmentVariables(Map.of(
                "REDIS_URL", "redis://cache.internal:6380/3",
                "CACHE_ENABLED", " FALSE ",
                "CACHE_DEFAULT_TTL", "120",
                "CACHE_USER_TTL", "60",
                "CACHE_JOB_STATUS_TTL", "2",
                "CACHE_DOCUMENT_TTL", "7200",
                "CACHE_VECTOR_SEARCH_TTL", "900",
                "CACHE_GRAPH_TTL", "30"));

        assertThat(options.redisUrl()).isEqualTo("redis://cache.internal:6380/3");
        assertThat(options.enabled()).isFalse();
        assertThat(options.defaultTtl()).isEqualTo(Duration.ofSeconds(120));
        assertThat(options.configuredTtl("user")).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.configuredTtl("job_status")).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.configuredTtl("document")).isEqualTo(Duration.ofSeconds(7200));
        assertThat(options.configuredTtl("vector_search")).isEqualTo(Duration.ofSeconds(900));
        assertThat(options.configuredTtl("graph")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void oneOverriddenNamespaceLeavesTheOthersAtTheirDefaults() {
        CacheOptions options = CacheOptions.fromEnvironmentVariables(Map.of("CACHE_GRAPH_TTL", "45"));

        assertThat(options.configuredTtl("graph")).isEqualTo(Duration.ofSeconds(45));
        assertThat(options.configuredTtl("user")).isEqualTo(Duration.ofSeconds(900));
        assertThat(options.enabled()).isTrue();
    }

    @Test
    void aNamespaceWithoutATtlOfItsOwnGetsTheDefaultTtl() {
        assertThat(CacheOptions.fromEnvironmentVariables(Map.of()).configuredTtl("reports")).isEqualTo(Duration.ofSeconds(300));
        assertThat(CacheOptions.fromEnvironmentVariables(Map.of("CACHE_DEFAULT_TTL", "42")).configuredTtl("reports"))
                .isEqualTo(Duration.ofSeconds(42));
    }

    @Test
    void aMalformedTtlNamesItsVariable() {
        assertThatThrownBy(() -> CacheOptions.fromEnvironmentVariables(Map.of("CACHE_USER_TTL", "fifteen minutes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CACHE_USER_TTL")
                .hasMessageContaining("fifteen minutes");
        assertThatThrownBy(() -> CacheOptions.fromEnvironmentVariables(Map.of("CACHE_DEFAULT_TTL", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CACHE_DEFAULT_TTL");
        assertThatThrownBy(() -> CacheOptions.fromEnvironmentVariables(Map.of("CACHE_JOB_STATUS_TTL", "-5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CACHE_JOB_STATUS_TTL");
    }

    @Test
    void aMalformedEnabledFlagNamesItsVariable() {
        assertThatThrownBy(() -> CacheOptions.fromEnvironmentVariables(Map.of("CACHE_ENABLED", "yes please")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CACHE_ENABLED must be true or false, got 'yes please'");
    }

    @Test
    void mutateKeepsEverySettingButTheOneChanged() {
        CacheOptions original = CacheOptions.builder().keyPrefix("shop").namespaceTtl("reports", Duration.ofSeconds(90))
                .compressionThreshold(64).nearCache(true).build();

        CacheOptions changed = original.mutate().enabled(false).build();

        assertThat(changed.enabled()).isFalse();
        assertThat(changed.keyPrefix()).isEqualTo("shop");
        assertThat(changed.configuredTtl("reports")).isEqualTo(Duration.ofSeconds(90));
        assertThat(changed.compressionThreshold()).isEqualTo(64);
        assertThat(changed.nearCache()).isTrue();
    }

    @Test
    void nonsenseSettingsAreRefusedWhenBuilt() {
        assertThatThrownBy(() -> CacheOptions.builder().namespaceTtl("user", Duration.ZERO).build())
                .hasMessageContaining("TTL of namespace user");
        assertThatThrownBy(() -> CacheOptions.builder().namespaceTtl("not a name", Duration.ofSeconds(1)))
                .hasMessageContaining("Invalid cache namespace 'not a name'");
        assertThatThrownBy(() -> CacheOptions.builder().compressionThreshold(-1).build())
                .hasMessageContaining("compression threshold");
    }
}
