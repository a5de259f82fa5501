package io.redrive.redis;

import java.time.Duration;

/**
 * A one-off check that a Redis answers: opens a connection of its own, sends one PING and closes it. The console's
 * connection manager tests a profile with it, so the console itself never sends a Redis command.
 */
public final class ConnectionTest {
    private ConnectionTest() { }

    /**
     * How long a PING to the Redis at {@code url} takes, waiting at most {@code timeout} to connect and for the answer.
     *
     * @throws RedisUnavailableException or Lettuce's exception when Redis cannot be reached or refuses the login
     */
    public static Duration roundTrip(String url, Duration timeout) {
        try (RedisConnection connection = RedisConnection.open(url, timeout)) {
            long start = System.nanoTime();
            connection.await(connection.commands().ping());
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }
}
