package io.redrive.engine;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.redrive.cache.Cache;
import io.redrive.cache.CacheOptions;
import io.redrive.demo.EmbeddedRedis;
import io.redrive.redis.RedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine reads the server's eviction policy at connect: a Redis that may evict any key when full would lose
 * acknowledged messages, so the engine refuses it unless told otherwise; the cache helper does not mind.
 */
class EvictingRedisIT {
    private static EmbeddedRedis allKeysLru;
    private static EmbeddedRedis volatileLru;
    private static EmbeddedRedis noEviction;

    @BeforeAll
    static void startServers() {
        allKeysLru = EmbeddedRedis.startWith("--maxmemory", "20mb", "--maxmemory-policy", "allkeys-lru");
        volatileLru = EmbeddedRedis.startWith("--maxmemory", "20mb", "--maxmemory-policy", "volatile-lru");
        noEviction = EmbeddedRedis.startWith("--maxmemory", "20mb", "--maxmemory-policy", "noeviction");
    }

    @AfterAll
    static void stopServers() {
        allKeysLru.close();
        volatileLru.close();
        noEviction.close();
    }

    private static EngineOptions.Builder options(EmbeddedRedis server) {
        return EngineOptions.builder().redisUrl(server.url()).keyPrefix("evict").commandTimeout(Duration.ofSeconds(5));
    }

    private static java.util.List<String> keysStartingWith(EmbeddedRedis server, String prefix) {
        try (RedisConnection raw = RedisConnection.open(server.url(), Duration.ofSeconds(5))) {
            return raw.await(raw.commands().keys(prefix + "*"));
        }
    }

    @Test
    void anAllKeysEvictingRedisIsRefusedWithOneSentenceNamingTheSettingAndTheFix() {
        assertThatThrownBy(() -> Engine.connect(options(allKeysLru).keyPrefix("refused").build()))
                .isInstanceOf(EvictingRedisException.class)
                .hasMessage("Redis at 127.0.0.1:" + allKeysLru.port() + " evicts keys when full (maxmemory-policy allkeys-lru): "
                        + "Redrive would lose messages. Set maxmemory-policy noeviction, or give Redrive its own Redis; to run "
                        + "anyway, set ALLOW_EVICTING_REDIS=true / EngineOptions.allowEvictingRedis(true).")
                .extracting(e -> ((EvictingRedisException) e).policy()).isEqualTo("allkeys-lru");
        assertThat(keysStartingWith(allKeysLru, "refused")).as("a refused engine wrote nothing, not even its upkeep's keys").isEmpty();
    }

    @Test
    void theOverrideConnectsAndLogsAWarningWithTheSameSentence() {
        Logger logger = (Logger) LoggerFactory.getLogger(EvictionGuard.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (Engine engine = Engine.connect(options(allKeysLru).allowEvictingRedis(true).upkeep(false).build())) {
            String id = engine.queue("documents").enqueue(OutgoingMessage.of("{}"));
            assertThat(engine.queue("documents").message(id)).isPresent();
            assertThat(engine.evictionRisk()).hasValueSatisfying(sentence -> assertThat(sentence)
                    .startsWith("Redis at 127.0.0.1:" + allKeysLru.port() + " evicts keys when full (maxmemory-policy allkeys-lru)"));
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(logged.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("Connecting anyway").contains("maxmemory-policy allkeys-lru");
        });
    }

    @Test
    void aNoEvictionRedisConnectsWithoutARisk() {
        try (Engine engine = Engine.connect(options(noEviction).build())) {
            assertThat(engine.evictionRisk()).isEmpty();
            assertThat(engine.ping()).isPositive();
        }
    }

    @Test
    void aVolatileEvictingRedisIsAcceptedBecauseRedrivesMessagesHaveNoTtl() {
        try (Engine engine = Engine.connect(options(volatileLru).upkeep(false).build())) {
            assertThat(engine.evictionRisk()).isEmpty();
        }
    }

    @Test
    void aUserWithoutInfoStillConnectsAndTheUncheckedPolicyIsLogged() {
        try (RedisConnection admin = RedisConnection.open(allKeysLru.url(), Duration.ofSeconds(5))) {
            admin.await(admin.commands().aclSetuser("reader", io.lettuce.core.AclSetuserArgs.Builder.on().addPassword("pw")
                    .allKeys().allChannels().addCategory(io.lettuce.core.AclCategory.READ)));
        }
        Logger logger = (Logger) LoggerFactory.getLogger(EvictionGuard.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (Engine engine = Engine.connect(options(allKeysLru).redisUrl("redis://reader:pw@127.0.0.1:" + allKeysLru.port())
                .upkeep(false).build())) {
            assertThat(engine.evictionRisk()).isEmpty();
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(logged.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                .startsWith("Could not read the eviction policy of Redis at 127.0.0.1:" + allKeysLru.port())
                .contains("make sure its maxmemory-policy is noeviction"));
    }

    @Test
    void theCacheHelperRunsOnAnEvictingRedisBecauseEvictionIsWhatACacheIsFor() {
        try (Cache cache = Cache.connect(CacheOptions.builder().redisUrl(allKeysLru.url()).keyPrefix("evict-cache").build())) {
            cache.put("document", "42", "cached");
            assertThat(cache.get("document", "42", String.class)).contains("cached");
        }
    }
}
