package io.redrive.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One reading of a Redis failure, worded as a clause (commands, screens) and as advice (the connection test). */
class RedisErrorsTest {
    private static RedisConnectionException cannotConnect(Throwable cause) {
        return new RedisConnectionException("Unable to connect to localhost:6390", cause);
    }

    @Test
    void theClauseAndTheAdviceNameTheSameFailureWhereverItSitsInTheChain() {
        Throwable refused = cannotConnect(new RuntimeException("wrapper", new ConnectException("Connection refused: /127.0.0.1:6390")));
        assertThat(RedisErrors.describe(refused)).isEqualTo("connection refused (is redis-server running on that host and port?)");
        assertThat(RedisErrors.advice(refused, Duration.ofSeconds(5))).startsWith("Connection refused:");

        Throwable unknown = cannotConnect(new UnknownHostException("redis.nowhere.invalid: Name or service not known"));
        assertThat(RedisErrors.describe(unknown)).isEqualTo("unknown host redis.nowhere.invalid: Name or service not known");
        assertThat(RedisErrors.advice(unknown, Duration.ofSeconds(5))).startsWith("Unknown host: 'redis.nowhere.invalid'");
    }

    @Test
    void aPasswordSentToARedisWithoutOneIsNamedAsSuch() {
        Throwable noneSet = cannotConnect(new RedisCommandExecutionException(
                "ERR AUTH <password> called without any password configured for the default user"));
        assertThat(RedisErrors.describe(noneSet)).isEqualTo("a password was sent, but this Redis has none set");
        assertThat(RedisErrors.advice(noneSet, Duration.ofSeconds(5))).startsWith("This Redis has no password set");
    }

    @Test
    void aTimeoutNamesHowLongItWaitedAndAnUnknownFailureKeepsRedisWords() {
        Throwable slow = new RedisCommandExecutionException("Command timed out after 3 second(s)");
        assertThat(RedisErrors.describe(slow)).isEqualTo("timed out");
        assertThat(RedisErrors.advice(slow, Duration.ofSeconds(3))).startsWith("Timed out: no answer within 3 seconds.");

        Throwable other = new RedisCommandExecutionException("ERR unknown command 'FOO'");
        assertThat(RedisErrors.describe(other)).isEqualTo("ERR unknown command 'FOO'");
        assertThat(RedisErrors.advice(other, Duration.ofSeconds(5))).isEqualTo("Could not connect: ERR unknown command 'FOO'.");
    }

    @Test
    void aRefusedWriteOrKeyIsTheReadmeSentence() {
        assertThat(RedisErrors.describe(new RedisCommandExecutionException("NOPERM this user has no permissions to run the 'set' command")))
                .isEqualTo(RedisConnection.NO_WRITE_ACCESS);
        assertThat(RedisErrors.describe(new RedisCommandExecutionException("NOPERM this user has no permissions to access one of the keys")))
                .isEqualTo(RedisErrors.NO_KEY_ACCESS);
    }
}
