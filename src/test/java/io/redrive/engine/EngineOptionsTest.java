package io.redrive.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineOptionsTest {

    @Test
    void anEmptyEnvironmentGivesTheOriginalDefaults() {
        EngineOptions options = EngineOptions.fromEnvironmentVariables(Map.of());
        assertThat(options.redisUrl()).isEqualTo("redis://localhost:6379");
        assertThat(options.defaultPolicy().maxAttempts()).isEqualTo(3);
        assertThat(options.defaultPolicy().backoff().base()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.defaultPolicy().deadLetterRetention()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void theEnvironmentVariablesOfTheOriginalDesignAreRead() {
        EngineOptions options = EngineOptions.fromEnvironmentVariables(Map.of(
                "REDIS_URL", "redis://cache.internal:6380/2",
                "MAX_RETRY_ATTEMPTS", "5",
                "RETRY_BACKOFF_BASE_SECONDS", "30",
                "DLQ_RETENTION_DAYS", "14"));
        assertThat(options.redisUrl()).isEqualTo("redis://cache.internal:6380/2");
        assertThat(options.defaultPolicy().maxAttempts()).isEqualTo(5);
        assertThat(options.defaultPolicy().backoff().base()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.defaultPolicy().deadLetterRetention()).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void aMalformedSettingNamesTheVariable() {
        assertThatThrownBy(() -> EngineOptions.fromEnvironmentVariables(Map.of("MAX_RETRY_ATTEMPTS", "three")))
                .hasMessage("MAX_RETRY_ATTEMPTS must be a whole number of at least 1, got 'three'");
        assertThatThrownBy(() -> EngineOptions.fromEnvironmentVariables(Map.of("DLQ_RETENTION_DAYS", "0")))
                .hasMessage("DLQ_RETENTION_DAYS must be a whole number of at least 1, got '0'");
    }

    @Test
    void evictingRedisIsRefusedUnlessTheEnvironmentAllowsIt() {
        assertThat(EngineOptions.fromEnvironmentVariables(Map.of()).allowEvictingRedis()).isFalse();
        assertThat(EngineOptions.fromEnvironmentVariables(Map.of("ALLOW_EVICTING_REDIS", "true")).allowEvictingRedis()).isTrue();
        assertThat(EngineOptions.fromEnvironmentVariables(Map.of("ALLOW_EVICTING_REDIS", "TRUE")).mutate().build().allowEvictingRedis()).isTrue();
        assertThat(EngineOptions.fromEnvironmentVariables(Map.of("ALLOW_EVICTING_REDIS", "false")).allowEvictingRedis()).isFalse();
        assertThatThrownBy(() -> EngineOptions.fromEnvironmentVariables(Map.of("ALLOW_EVICTING_REDIS", "yes")))
                .hasMessage("ALLOW_EVICTING_REDIS must be true or false, got 'yes'");
    }

    @Test
    void anEngineWritesUnlessAskedToOnlyReadAndMutateKeepsTheChoice() {
        assertThat(EngineOptions.builder().build().readOnly()).isFalse();
        EngineOptions reading = EngineOptions.builder().readOnly(true).build();
        assertThat(reading.readOnly()).isTrue();
        assertThat(reading.mutate().keyPrefix("other").build().readOnly()).isTrue();
    }
}
