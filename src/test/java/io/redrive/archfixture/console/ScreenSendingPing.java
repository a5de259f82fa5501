package io.redrive.archfixture.console;

import io.redrive.redis.RedisConnection;

import java.time.Duration;

/** Breaks the rule that the console sends no Redis command itself: it opens a connection and PINGs. */
public final class ScreenSendingPing {
    public void ping(String url) {
        try (RedisConnection connection = RedisConnection.open(url, Duration.ofSeconds(1))) {
            connection.await(connection.commands().ping());
        }
    }
}
