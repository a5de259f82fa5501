package io.redrive.cache;

import io.redrive.cache.CacheTestSupport.User;
import io.redrive.demo.EmbeddedRedis;
import io.redrive.ops.Actor;
import io.redrive.redis.KeySchema;
import io.redrive.redis.KeySchema.CacheKeys;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.RedisUnavailableException;
import io.redrive.testing.TestClock;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/** A Redis of its own per test, stopped and restarted mid-run: the cache costs the caller a miss at worst. */
class CacheOutageIT {
    private static final Duration BOUND = Duration.ofSeconds(1);

    static {
        // Jackson's first use costs a second of class loading on a cold JVM: pay it here, so that the bound on a
        // call's time measures waiting for Redis and nothing else
        CacheCodec<User> codec = CacheCodec.json(User.class);
        codec.decode(codec.encode(new User("0", "warm-up")));
    }

    private final String prefix = TestRedis.newPrefix();
    private final CacheKeys keys = new KeySchema(prefix).cache();

    private CacheOptions options(EmbeddedRedis server) {
        return CacheOptions.builder()
                .redisUrl(server.url())
                .keyPrefix(prefix)
                .redisTimeout(Duration.ofMillis(200))
                .circuitBreaker(3, Duration.ofSeconds(1))
                .statsInterval(Duration.ofMillis(100))
                .build();
    }

    @Test
    void whileRedisIsDownEveryReadIsAQuickFallbackToTheLoaderAndCachingResumesWhenItReturns() {
        try (EmbeddedRedis server = EmbeddedRedis.startPersistent();
             Cache cache = Cache.connect(options(server))) {
            User ada = new User("1", "Ada");
            cache.getOrLoad("user", "1", User.class, () -> ada);
            assertThat(cache.get("user", "1", User.class)).contains(ada);
            assertThat(cache.breakerState()).isEqualTo("CLOSED");

            server.stop();

            AtomicInteger loads = new AtomicInteger();
            for (int i = 0; i < 20; i++) {
                User expected = new User("u" + i, "user " + i);
                User loaded = timed(() -> cache.getOrLoad("user", expected.id(), User.class, () -> {
                    loads.incrementAndGet();
                    return expected;
                }));
                assertThat(loaded).isEqualTo(expected);
            }
            assertThat(loads).hasValue(20);
            assertThat(timed(() -> cache.get("user", "1", User.class))).as("a read during the outage is a miss").isEmpty();
            assertThat(cache.localStats().get("user").errors()).isPositive();
            await().atMost(Duration.ofSeconds(5)).until(() -> cache.breakerState().equals("OPEN"));
            assertThat(cache.isDegraded()).isTrue();
            IllegalStateException failure = new IllegalStateException("the user service is down too");
            assertThatThrownBy(() -> cache.getOrLoad("user", "2", User.class, () -> {
                throw failure;
            })).isSameAs(failure);

            server.restart();

            User grace = new User("2", "Grace");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                cache.put("user", "2", grace);
                return cache.get("user", "2", User.class).isPresent();
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> cache.breakerState().equals("CLOSED"));
            assertThat(cache.isDegraded()).isFalse();
            try (RedisConnection raw = RedisConnection.open(server.url(), Duration.ofSeconds(5))) {
                assertThat(raw.await(raw.commands().exists(keys.value("user", "2")))).isEqualTo(1);
            }
            assertThat(cache.getOrLoad("user", "1", User.class, () -> fail("kept across the restart, so not loaded")))
                    .isEqualTo(ada);
        }
    }

    @Test
    void aCacheStartedWhileRedisIsDownWorksDegradedAndConnectsOnceRedisIsUp() {
        try (EmbeddedRedis server = EmbeddedRedis.startPersistent()) {
            server.stop();
            try (Cache cache = Cache.connect(options(server))) {
                assertThat(cache.isDegraded()).isTrue();
                AtomicInteger loads = new AtomicInteger();
                for (int i = 0; i < 2; i++) {
                    User loaded = timed(() -> cache.getOrLoad("user", "1", User.class, () -> {
                        loads.incrementAndGet();
                        return new User("1", "Ada");
                    }));
                    assertThat(loaded).isEqualTo(new User("1", "Ada"));
                }
                assertThat(loads).hasValue(2);
                assertThat(timed(() -> cache.get("user", "1", User.class))).isEmpty();
                IllegalArgumentException failure = new IllegalArgumentException("no such user");
                assertThatThrownBy(() -> cache.getOrLoad("user", "9", User.class, () -> {
                    throw failure;
                })).isSameAs(failure);

                // what the console asks for cannot be answered yet, and says so in words rather than with a null pointer
                assertThatThrownBy(() -> cache.admin().keyCount("user")).isInstanceOf(RedisUnavailableException.class);
                assertThatThrownBy(() -> cache.admin().size("user", 10)).isInstanceOf(RedisUnavailableException.class);
                assertThatThrownBy(() -> cache.admin().stats("user", Instant.now(), Instant.now()))
                        .isInstanceOf(RedisUnavailableException.class);
                assertThatThrownBy(() -> cache.admin().serverKeyspaceStats()).isInstanceOf(RedisUnavailableException.class);
                assertThatThrownBy(() -> cache.admin().setTtl("user", Duration.ofSeconds(5), Actor.named("ops@test")))
                        .isInstanceOf(RedisUnavailableException.class);

                server.restart();

                await().atMost(Duration.ofSeconds(20)).until(() -> !cache.isDegraded());
                cache.put("user", "1", new User("1", "Ada"));
                assertThat(cache.get("user", "1", User.class)).contains(new User("1", "Ada"));
                assertThat(cache.getOrLoad("user", "1", User.class, () -> fail("cached, so not loaded")))
                        .isEqualTo(new User("1", "Ada"));
            }
        }
    }

    @Test
    void aProbeCutShortByAnInterruptDoesNotKeepTheBreakerFromClosingAgain() {
        TestClock clock = new TestClock();  // the breaker's open time passes only when the test says so
        try (EmbeddedRedis server = EmbeddedRedis.startPersistent();
             Cache cache = Cache.connect(options(server).mutate().clock(clock).build())) {
            server.stop();
            for (int i = 0; i < 3; i++) {
                assertThat(cache.get("user", "1", User.class)).isEmpty();
            }
            assertThat(cache.breakerState()).isEqualTo("OPEN");

            Thread.currentThread().interrupt();  // say, the caller's request was cancelled
            clock.advance(Duration.ofSeconds(1));
            try {
                assertThat(cache.get("user", "1", User.class)).as("the probe, cut short").isEmpty();
            } finally {
                assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
            }
            server.restart();
            clock.advance(Duration.ofSeconds(1));

            await().atMost(Duration.ofSeconds(15)).until(() -> {
                cache.get("user", "1", User.class);
                return cache.breakerState().equals("CLOSED");
            });
        }
    }

    /** Runs one cache call and checks that it came back within the bound: Redis trouble must not hold callers up. */
    private static <T> T timed(Supplier<T> call) {
        long start = System.nanoTime();
        T result = call.get();
        long took = System.nanoTime() - start;
        assertThat(TimeUnit.NANOSECONDS.toMillis(took)).as("milliseconds the call took").isLessThan(BOUND.toMillis());
        return result;
    }
}
