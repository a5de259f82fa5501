package io.redrive.cli;

import io.lettuce.core.RedisClient;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.redis.KeySchema;
import io.redrive.testing.KeyDigest;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A command that meets a key of the wrong type says which key, in one sentence, and changes nothing. */
class DamagedKeyCommandIT {
    private final String prefix = TestRedis.newPrefix();

    @Test
    void killIntoADamagedAttemptsIndexNamesTheKeyAndChangesNothing() {
        String id;
        String attempts;
        try (Engine engine = Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix)
                .upkeep(false).build())) {
            Queue queue = engine.queue("summaries");
            id = queue.enqueue(OutgoingMessage.of("summarise").delay(Duration.ofHours(1)));
        }
        attempts = new KeySchema(prefix).queue("summaries").deadByAttempts();
        // damage as it happens outside the engine: another tool writes the key
        try (var client = RedisClient.create(TestRedis.url()); var connection = client.connect()) {
            connection.sync().set(attempts, "garbage");
        }
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);

        CommandLineRun kill = CommandLineRun.of("dlq", "kill", "--queue", "summaries", "--id", id, "--actor", "ops",
                "--redis", TestRedis.url(), "--prefix", prefix);

        assertThat(kill.exitCode()).isEqualTo(1);
        assertThat(kill.err().strip()).isEqualTo("redrive dlq kill: Redis key '" + attempts + "' is a string, but Redrive"
                + " keeps a sorted set there; nothing was changed. Run `redrive check` to see what else is damaged.");
        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).isEqualTo(before);
    }
}
