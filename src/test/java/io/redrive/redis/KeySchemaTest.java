package io.redrive.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeySchemaTest {

    @Test
    void everyKeyOfAQueueCarriesItsHashTag() {
        KeySchema.QueueKeys keys = new KeySchema("redrive").queue("documents");
        assertThat(keys.ready()).isEqualTo("redrive:{documents}:ready");
        assertThat(keys.message("01ABC")).isEqualTo("redrive:{documents}:m:01ABC");
        assertThat(keys.metrics(29_000_000)).isEqualTo("redrive:{documents}:metrics:29000000");
        assertThat(keys.idempotency("upload-1")).isEqualTo("redrive:{documents}:idem:upload-1");
    }

    @Test
    void queueNamesThatWouldBreakTheHashTagAreRefused() {
        assertThatThrownBy(() -> KeySchema.requireValidQueueName("a}b")).hasMessageContaining("Invalid queue name 'a}b'");
        assertThatThrownBy(() -> KeySchema.requireValidQueueName("")).hasMessageContaining("Invalid queue name ''");
        assertThatThrownBy(() -> KeySchema.requireValidQueueName(null)).hasMessageContaining("Invalid queue name 'null'");
        assertThat(KeySchema.requireValidQueueName("billing.v2:eu-west_1")).isEqualTo("billing.v2:eu-west_1");
    }

    @Test
    void passwordsNeverAppearInShownUrls() {
        assertThat(RedisConnection.redact("redis://admin:s3cret@host:6379/0")).isEqualTo("redis://admin:***@host:6379/0");
        assertThat(RedisConnection.redact("rediss://:s3cret@host:6380")).isEqualTo("rediss://***@host:6380");
        assertThat(RedisConnection.redact("redis://host:6379")).isEqualTo("redis://host:6379");
    }
}
