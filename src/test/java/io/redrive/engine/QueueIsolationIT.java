package io.redrive.engine;

import io.redrive.redis.RedisConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Damaged data in one queue stops neither the upkeep's work on other queues nor says Redis is down. */
class QueueIsolationIT extends EngineTestSupport {

    @Test
    void aGarbagePolicyInOneQueueLeavesAnotherQueuesDueRetriesPromoted() {
        Engine engine = engine();
        Queue broken = engine.queue("alpha");
        Queue healthy = engine.queue("beta");
        healthy.enqueue(OutgoingMessage.of("due").delay(Duration.ofSeconds(5)));
        set(engine, broken.keys().policy(), "maxAttempts", "abc");
        clock.advance(Duration.ofSeconds(6));

        Upkeep.Tick tick = engine.upkeep().runOnce();

        assertThat(tick.promoted()).isEqualTo(1);
        assertThat(healthy.counts().ready()).isEqualTo(1);
        assertThat(engine.upkeep().problems())
                .containsExactly(Map.entry("alpha", "queue 'alpha': its stored policy is not valid: field maxAttempts is 'abc'"));
        assertThat(engine.upkeep().isFailing()).isFalse();
        assertThat(engine.check().problems())
                .contains("Queue 'alpha': its stored policy is not valid: field maxAttempts is 'abc'");

        broken.resetPolicy();
        engine.upkeep().runOnce();
        assertThat(engine.upkeep().problems()).isEmpty();
    }

    @Test
    void aPolicyThatBreaksARuleIsReportedWithTheRule() {
        Engine engine = engine();
        Queue broken = engine.queue("alpha");
        set(engine, broken.keys().policy(), "maxAttempts", "0");

        engine.upkeep().runOnce();

        assertThat(engine.upkeep().problems().get("alpha"))
                .isEqualTo("queue 'alpha': its stored policy is not valid: Max attempts must be at least 1, got 0");
        broken.resetPolicy();
    }

    @Test
    void anIndexKeyOfTheWrongTypeInOneQueueLeavesAnotherQueuesDueRetriesPromoted() {
        Engine engine = engine();
        Queue broken = engine.queue("alpha");
        Queue healthy = engine.queue("beta");
        healthy.enqueue(OutgoingMessage.of("due").delay(Duration.ofSeconds(5)));
        RedisConnection redis = engine.redis();
        redis.await(redis.commands().set(broken.keys().scheduled(), "garbage".getBytes()));
        clock.advance(Duration.ofSeconds(6));

        Upkeep.Tick tick = engine.upkeep().runOnce();

        assertThat(tick.promoted()).isEqualTo(1);
        assertThat(healthy.counts().ready()).isEqualTo(1);
        assertThat(engine.upkeep().problems()).containsOnlyKeys("alpha");
        assertThat(engine.upkeep().problems().get("alpha"))
                .isEqualTo("queue 'alpha': its key " + broken.keys().scheduled() + " holds a string where Redrive keeps a "
                        + "sorted set, so its scheduled retries, expired leases and retention are not handled");
        assertThat(engine.upkeep().isFailing()).isFalse();

        redis.await(redis.commands().del(broken.keys().scheduled()));
        engine.upkeep().runOnce();
        assertThat(engine.upkeep().problems()).isEmpty();
    }

    @Test
    void theRunningWorkerDoesNotSayRedisIsDownWhenOneQueueIsDamaged() {
        Engine engine = engine();
        Queue broken = engine.queue("alpha");
        set(engine, broken.keys().policy(), "jitter", "lots");
        Upkeep worker = engine.upkeep();
        worker.start();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> worker.lastTick() != null);

        assertThat(worker.isFailing()).isFalse();
        assertThat(worker.problems()).containsEntry("alpha", "queue 'alpha': its stored policy is not valid: field jitter is 'lots'");
        worker.stop();
        broken.resetPolicy();
    }

    private static void set(Engine engine, String key, String field, String value) {
        RedisConnection redis = engine.redis();
        redis.await(redis.commands().hset(key, field, value.getBytes()));
    }
}
