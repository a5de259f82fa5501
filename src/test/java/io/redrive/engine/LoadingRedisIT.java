package io.redrive.engine;

import io.redrive.demo.EmbeddedRedis;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.RedisUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A restarted Redis answers INFO while it reads its data back but refuses every other command with LOADING. A
 * service or worker that connects in that window gets the same plain "unavailable" sentence as for a Redis that is
 * down (and retries the same way), not Lettuce's raw exception, and works as soon as the data is loaded.
 */
class LoadingRedisIT {
    @Test
    void aRedisStillLoadingItsDataIsUnavailableInOneSentenceAndUsableOnceLoaded() throws Exception {
        String dir;
        try (EmbeddedRedis first = EmbeddedRedis.startWith();
             RedisConnection raw = RedisConnection.open(first.url(), Duration.ofSeconds(5))) {
            dir = raw.await(raw.commands().configGet("dir")).get("dir");
            List<io.lettuce.core.RedisFuture<String>> writes = new ArrayList<>();
            byte[] value = new byte[1024];
            new Random(7).nextBytes(value);  // incompressible, so the file really is 20 MB
            for (int i = 0; i < 20_000; i++) {
                writes.add(raw.commands().set("filler:" + i, value));
            }
            writes.forEach(raw::await);
            raw.await(raw.commands().save());
        }
        // the same data directory, read back at 0.2 ms a key: about four seconds of LOADING, during which Redis
        // answers clients after every 2 MB it reads (so the values are 1 KiB each)
        try (EmbeddedRedis restarted = EmbeddedRedis.startWith("--dir", dir, "--key-load-delay", "200");
             RedisConnection probe = RedisConnection.open(restarted.url(), Duration.ofSeconds(5));
             Engine engine = Engine.connect(EngineOptions.builder().redisUrl(restarted.url()).keyPrefix("loading")
                     .upkeep(false).commandTimeout(Duration.ofSeconds(5)).build())) {
            assertThat(probe.await(probe.commands().info("persistence"))).contains("loading:1");
            assertThatThrownBy(() -> engine.queue("orders").enqueue(OutgoingMessage.of("{\"n\":1}")))
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessage("Redis at " + restarted.url()
                            + " is still loading its data after a restart; it answers again once it has read it all");
            await().atMost(Duration.ofSeconds(60)).ignoreException(RedisUnavailableException.class)
                    .until(() -> engine.queue("orders").enqueue(OutgoingMessage.of("{\"n\":2}")) != null);
            assertThat(engine.queue("orders").counts().ready()).isEqualTo(1);
            assertThat(engine.check().isClean()).isTrue();
        }
    }
}
