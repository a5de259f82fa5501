package io.redrive.engine;

import io.redrive.redis.RedisConnection;
import io.redrive.redis.Replies;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Engines that run workers or an upkeep announce themselves in Redis; others on the same Redis list them. */
class LiveEnginesIT extends EngineTestSupport {

    @Test
    void twoEnginesWithWorkersSeeEachOtherAndAClosedOneLeavesAtOnce() {
        Engine first = engine();
        Engine second = engine();
        first.worker("orders", d -> { }, fastWorker());
        second.worker("emails", d -> { }, fastWorker());
        second.worker("orders", d -> { }, fastWorker());

        await().atMost(Duration.ofSeconds(10)).until(() -> first.liveEngines().stream().mapToInt(e -> e.queues().size()).sum() == 3);
        assertThat(first.liveEngines()).filteredOn(e -> e.id().equals(second.id())).singleElement().satisfies(e -> {
            assertThat(e.host()).isEqualTo(second.host());
            assertThat(e.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(e.queues()).containsExactly("emails", "orders");
            assertThat(e.upkeep()).isFalse();
            assertThat(e.version()).isNotBlank();
            assertThat(e.lastBeat()).isEqualTo(clock.instant());
        });

        second.close();

        assertThat(first.liveEngines()).extracting(LiveEngine::id).containsExactly(first.id());
    }

    @Test
    void anEngineThatRunsTheUpkeepBeatsWithoutWorkersAndOneThatRunsNeitherDoesNot() {
        Engine upkeep = engine(b -> b.upkeep(true));
        Engine idle = engine();

        await().atMost(Duration.ofSeconds(10)).until(() -> idle.liveEngines().size() == 1);
        assertThat(idle.liveEngines()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(upkeep.id());
            assertThat(e.upkeep()).isTrue();
            assertThat(e.queues()).isEmpty();
        });
    }

    @Test
    void aBeatOlderThanThreeIntervalsIsFromAnEngineThatIsGone() {
        Engine engine = engine();
        RedisConnection redis = engine.redis();
        String key = new io.redrive.redis.KeySchema(prefix).engines();
        long recent = clock.millis() - Heartbeats.STALE.toMillis() + 1_000;
        long old = clock.millis() - Heartbeats.STALE.toMillis() - 1_000;
        redis.await(redis.commands().hset(key, "crashed", Replies.bytes(
                "{\"host\":\"h\",\"pid\":1,\"version\":\"1\",\"queues\":[],\"upkeep\":true,\"lastBeat\":" + old + "}")));
        redis.await(redis.commands().hset(key, "slow", Replies.bytes(
                "{\"host\":\"h\",\"pid\":2,\"version\":\"1\",\"queues\":[\"orders\"],\"upkeep\":false,\"lastBeat\":" + recent + "}")));
        redis.await(redis.commands().hset(key, "damaged", Replies.bytes("not json")));

        assertThat(engine.liveEngines()).extracting(LiveEngine::id).containsExactly("slow");

        engine.worker("orders", d -> { }, fastWorker());
        await("the first beat prunes what is gone").atMost(Duration.ofSeconds(10)).until(() ->
                java.util.Set.copyOf(redis.await(redis.commands().hkeys(key))).equals(java.util.Set.of("slow", engine.id())));
        assertThat(redis.await(redis.commands().pttl(key))).isPositive().isLessThanOrEqualTo(Heartbeats.STALE.toMillis());
    }
}
