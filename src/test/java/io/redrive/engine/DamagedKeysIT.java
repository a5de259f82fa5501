package io.redrive.engine;

import io.redrive.redis.Replies;
import io.redrive.ops.Actor;
import io.redrive.redis.Args;
import io.redrive.redis.DamagedKeyException;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;
import io.redrive.testing.KeyDigest;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A key of the wrong type makes a script stop before its first write with a sentence naming the key, so no message
 * is left in no index; an index entry whose message hash is gone is dropped and counted in {@code <base>missing}.
 */
class DamagedKeysIT extends EngineTestSupport {

    private static String sentence(String key, String found, String expected) {
        return "Redis key '" + key + "' is " + found + ", but Redrive keeps " + expected
                + " there; nothing was changed. Run `redrive check` to see what else is damaged.";
    }

    /** Writes a dead letter by hand, as the engine keeps it. */
    private static void deadLetter(RedisConnection redis, QueueKeys keys, String id) {
        redis.await(redis.commands().hset(keys.base() + "m:" + id, Map.of("state", "dead".getBytes(),
                "payload", "p".getBytes(), "deadAt", "1000".getBytes(), "errorClass", "Boom".getBytes(),
                "group", "g1".getBytes(), "attempts", "3".getBytes())));
        redis.await(redis.commands().zadd(keys.dead(), 1000, id.getBytes()));
        redis.await(redis.commands().zadd(keys.deadByAttempts(), 3, id.getBytes()));
        redis.await(redis.commands().zadd(keys.base() + "dead:class:Boom", 1000, id.getBytes()));
        redis.await(redis.commands().zadd(keys.base() + "dead:group:g1", 1000, id.getBytes()));
    }

    private static Object replay(RedisConnection redis, QueueKeys keys, String... ids) {
        Args args = new Args().add(2000).add(keys.base()).add("tester").add(0).add(0).add(3600);
        for (String id : ids) {
            args.add(id);
        }
        return Scripts.DLQ_REPLAY.call(redis, List.of(keys.ready(), keys.dead(), keys.metrics(0)), args.list());
    }

    @Test
    void aBulkReplayWithADamagedAttemptsIndexChangesNothingAndNamesTheKey() {
        Engine engine = engine();
        RedisConnection redis = engine.redis();
        QueueKeys keys = engine.queue("orders").keys();
        deadLetter(redis, keys, "a");
        deadLetter(redis, keys, "b");
        redis.await(redis.commands().set(keys.deadByAttempts(), "garbage".getBytes()));
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);

        assertThatThrownBy(() -> replay(redis, keys, "a", "b"))
                .isInstanceOf(DamagedKeyException.class)
                .hasMessage(sentence(keys.deadByAttempts(), "a string", "a sorted set"));

        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).isEqualTo(before);
        redis.await(redis.commands().del(keys.deadByAttempts()));
        assertThat(replay(redis, keys, "a", "b")).isEqualTo(List.of(1L, 1L));
        assertThat(engine.queue("orders").counts().ready()).isEqualTo(2);
        redis.await(redis.commands().del(keys.ready(), keys.base() + "m:a", keys.base() + "m:b"));
    }

    @Test
    void aDamagedMessageHashStopsAReplayBeforeItWrites() {
        Engine engine = engine();
        RedisConnection redis = engine.redis();
        QueueKeys keys = engine.queue("orders").keys();
        deadLetter(redis, keys, "a");
        redis.await(redis.commands().set(keys.base() + "m:b", "garbage".getBytes()));
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);

        assertThatThrownBy(() -> replay(redis, keys, "a", "b"))
                .hasMessage(sentence(keys.base() + "m:b", "a string", "a hash"));

        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).isEqualTo(before);
        redis.await(redis.commands().del(keys.base() + "m:b"));
        replay(redis, keys, "a");
        redis.await(redis.commands().del(keys.ready(), keys.base() + "m:a"));
    }

    @Test
    void aDamagedTotalsHashStopsAnEnqueueAndADamagedResolutionHistogramStopsAReplay() {
        Engine engine = engine();
        Queue queue = engine.queue("orders");
        RedisConnection redis = engine.redis();
        QueueKeys keys = queue.keys();
        redis.await(redis.commands().set(keys.totals(), "garbage".getBytes()));
        deadLetter(redis, keys, "a");
        redis.await(redis.commands().set(keys.resolution(0), "garbage".getBytes()));
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);

        assertThatThrownBy(() -> queue.enqueue(OutgoingMessage.of("now")))
                .hasMessageContaining(sentence(keys.totals(), "a string", "a hash"));
        redis.await(redis.commands().del(keys.totals()));
        assertThatThrownBy(() -> replay(redis, keys, "a"))
                .hasMessage(sentence(keys.resolution(0), "a string", "a hash"));

        Map<String, String> expected = new java.util.HashMap<>(before);
        expected.remove(keys.totals());
        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).isEqualTo(expected);
        redis.await(redis.commands().del(keys.resolution(0)));
        assertThat(replay(redis, keys, "a")).isEqualTo(List.of(1L));
        redis.await(redis.commands().del(keys.ready(), keys.base() + "m:a"));
    }

    @Test
    void anEnqueueIntoADamagedScheduledIndexChangesNothing() {
        Engine engine = engine();
        Queue queue = engine.queue("orders");
        RedisConnection redis = engine.redis();
        redis.await(redis.commands().set(queue.keys().scheduled(), "garbage".getBytes()));
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);

        assertThatThrownBy(() -> queue.enqueueAll(List.of(OutgoingMessage.of("now"),
                OutgoingMessage.of("later").delay(Duration.ofSeconds(5)))))
                .hasMessageContaining(sentence(queue.keys().scheduled(), "a string", "a sorted set"));

        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).isEqualTo(before);
        redis.await(redis.commands().del(queue.keys().scheduled()));
    }

    @Test
    void aKillWithOneDamagedTimelineChangesNothing() {
        Engine engine = engine();
        Queue queue = engine.queue("orders");
        RedisConnection redis = engine.redis();
        String first = queue.enqueue(OutgoingMessage.of("one").delay(Duration.ofSeconds(60)));
        String second = queue.enqueue(OutgoingMessage.of("two").delay(Duration.ofSeconds(60)));
        QueueKeys keys = queue.keys();
        redis.await(redis.commands().hset(keys.base() + "ev:" + second, "x", "y".getBytes()));
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);

        Args args = new Args().add(clock.millis()).add(keys.base()).add("tester");
        for (String id : List.of(first, second)) {
            args.add(id).add("Boom").add("g1").add("Boom: it broke");
        }
        assertThatThrownBy(() -> Scripts.KILL.call(redis, List.of(keys.scheduled(), keys.dead()), args.list()))
                .hasMessage(sentence(keys.base() + "ev:" + second, "a hash", "a list"));

        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).isEqualTo(before);
        redis.await(redis.commands().del(keys.base() + "ev:" + second));
    }

    @Test
    void theBackgroundTickReportsADamagedTimelineAgainstItsQueueAndLeavesTheLeaseInFlight() {
        Engine engine = engine();
        Queue queue = engine.queue("orders");
        RedisConnection redis = engine.redis();
        String id = queue.enqueue(OutgoingMessage.of("one"));
        QueueKeys keys = queue.keys();
        Scripts.LEASE.call(redis, List.of(keys.ready(), keys.inflight()),
                new Args().add(clock.millis()).add(clock.millis() + 1000).add(10).add("w1").add(keys.base()).list());
        redis.await(redis.commands().set(keys.base() + "ev:" + id, "garbage".getBytes()));
        clock.advance(Duration.ofSeconds(5));

        engine.upkeep().runOnce();

        assertThat(engine.upkeep().problems()).containsExactly(Map.entry("orders", "queue 'orders': "
                + sentence(keys.base() + "ev:" + id, "a string", "a list")));
        assertThat(queue.counts().inFlight()).isEqualTo(1);
        redis.await(redis.commands().del(keys.base() + "ev:" + id));
        engine.upkeep().runOnce();
        assertThat(queue.counts().ready()).isEqualTo(1);
        assertThat(engine.upkeep().problems()).isEmpty();
    }

    @Test
    void indexEntriesWhoseMessageIsGoneAreDroppedAndCountedPerIndex() {
        Engine engine = engine();
        Queue queue = engine.queue("orders");
        RedisConnection redis = engine.redis();
        QueueKeys keys = queue.keys();
        String ready = queue.enqueue(OutgoingMessage.of("r"));
        String scheduled = queue.enqueue(OutgoingMessage.of("s").delay(Duration.ofSeconds(5)));
        redis.await(redis.commands().del(keys.base() + "m:" + ready, keys.base() + "m:" + scheduled));
        clock.advance(Duration.ofSeconds(6));

        engine.upkeep().runOnce();
        Object leased = Scripts.LEASE.call(redis, List.of(keys.ready(), keys.inflight()),
                new Args().add(clock.millis()).add(clock.millis() + 1000).add(10).add("w1").add(keys.base()).list());

        assertThat(leased).isEqualTo(List.of());
        Map<String, byte[]> missing = redis.await(redis.commands().hgetall(keys.missing()));
        assertThat(missing.get("scheduled")).asString().isEqualTo("1");
        assertThat(missing.get("scheduled:lastId")).asString().isEqualTo(scheduled);
        assertThat(missing.get("ready")).asString().isEqualTo("1");
        assertThat(missing.get("ready:lastId")).asString().isEqualTo(ready);
        assertThat(queue.counts().ready() + queue.counts().scheduled() + queue.counts().inFlight()).isZero();
        redis.await(redis.commands().del(keys.missing()));
    }

    @Test
    void aPurgeWithADamagedGroupHashChangesNothing() {
        Engine engine = engine();
        RedisConnection redis = engine.redis();
        QueueKeys keys = engine.queue("orders").keys();
        deadLetter(redis, keys, "a");
        redis.await(redis.commands().set(keys.base() + "group:g1", "garbage".getBytes()));
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);

        assertThatThrownBy(() -> Scripts.DLQ_PURGE.call(redis, List.of(keys.trash(), keys.dead(), keys.metrics(0)),
                new Args().add(2000).add(keys.base()).add("tester").add(3600).add("a").list()))
                .hasMessage(sentence(keys.base() + "group:g1", "a string", "a hash"));

        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).isEqualTo(before);
        redis.await(redis.commands().del(keys.base() + "group:g1", keys.base() + "m:a", keys.dead(),
                keys.deadByAttempts(), keys.base() + "dead:class:Boom", keys.base() + "dead:group:g1"));
    }

    @Test
    void aRestoreIntoADamagedClassIndexChangesNothing() {
        Engine engine = engine();
        RedisConnection redis = engine.redis();
        QueueKeys keys = engine.queue("orders").keys();
        redis.await(redis.commands().hset(keys.base() + "m:a", Map.of("state", "trashed".getBytes(), "payload", "p".getBytes(),
                "deadAt", "1000".getBytes(), "errorClass", "Boom".getBytes(), "group", "g1".getBytes())));
        redis.await(redis.commands().zadd(keys.trash(), 1500, "a".getBytes()));
        redis.await(redis.commands().rpush(keys.base() + "dead:class:Boom", "x".getBytes()));
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);

        assertThatThrownBy(() -> Scripts.DLQ_RESTORE.call(redis, List.of(keys.trash(), keys.dead()),
                new Args().add(2000).add(keys.base()).add("tester").add(0).add("a").list()))
                .hasMessage(sentence(keys.base() + "dead:class:Boom", "a list", "a sorted set"));

        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).isEqualTo(before);
        redis.await(redis.commands().del(keys.base() + "dead:class:Boom", keys.base() + "m:a", keys.trash()));
    }

    @Test
    void aRetryNowIntoADamagedReadyIndexChangesNothing() {
        Engine engine = engine();
        Queue queue = engine.queue("orders");
        RedisConnection redis = engine.redis();
        String id = queue.enqueue(OutgoingMessage.of("later").delay(Duration.ofSeconds(60)));
        redis.await(redis.commands().hset(queue.keys().ready(), "x", "y".getBytes()));
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);

        assertThatThrownBy(() -> engine.retries().retryNow("orders", List.of(id), Actor.named("tester")))
                .isInstanceOf(DamagedKeyException.class)
                .hasMessage(sentence(queue.keys().ready(), "a hash", "a sorted set"));

        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).isEqualTo(before);
        redis.await(redis.commands().del(queue.keys().ready()));
    }

    @Test
    void anEditWithADamagedVersionsListChangesNothing() {
        Engine engine = engine();
        RedisConnection redis = engine.redis();
        QueueKeys keys = engine.queue("orders").keys();
        deadLetter(redis, keys, "a");
        redis.await(redis.commands().set(keys.base() + "ver:a", "garbage".getBytes()));
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);

        assertThatThrownBy(() -> engine.deadLetters().edit("orders", "a", 0, "q".getBytes(), Map.of(), "fix", Actor.named("tester")))
                .hasMessage(sentence(keys.base() + "ver:a", "a string", "a list"));

        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).isEqualTo(before);
        redis.await(redis.commands().del(keys.base() + "ver:a", keys.base() + "m:a", keys.dead(),
                keys.deadByAttempts(), keys.base() + "dead:class:Boom", keys.base() + "dead:group:g1"));
    }

    @Test
    void anImportedMessageWithADamagedTimelineKeyChangesNothing() {
        Engine engine = engine();
        RedisConnection redis = engine.redis();
        QueueKeys keys = engine.queue("orders").keys();
        redis.await(redis.commands().set(keys.base() + "ev:x", "garbage".getBytes()));
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);

        Args args = new Args().add(2000).add(keys.base()).add(1).add("x").add(10).add("state").add("dead").add("payload")
                .add("p").add("deadAt").add(1000).add("errorClass").add("Boom").add("group").add("g1").add(1).add("{}").add(0);
        assertThatThrownBy(() -> Scripts.DLQ_ADOPT.call(redis, List.of(keys.ready(), keys.dead()), args.list()))
                .hasMessage(sentence(keys.base() + "ev:x", "a string", "a list"));

        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).isEqualTo(before);
        redis.await(redis.commands().del(keys.base() + "ev:x"));
    }

    @Test
    void aWorkerWhoseRetryMeetsADamagedScheduledIndexLeavesTheMessageInFlightNotOrphaned() {
        Engine engine = engine();
        Queue queue = engine.queue("orders");
        queue.updatePolicy(policy(5, Duration.ofSeconds(30)));
        RedisConnection redis = engine.redis();
        String id = queue.enqueue(OutgoingMessage.of("one"));
        redis.await(redis.commands().set(queue.keys().scheduled(), "garbage".getBytes()));
        java.util.concurrent.CountDownLatch handled = new java.util.concurrent.CountDownLatch(1);

        Worker worker = engine.worker("orders", d -> {
            handled.countDown();
            throw new IllegalStateException("backend down");
        }, fastWorker());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> handled.getCount() == 0);
        // while settle is refused, the message stays whole in flight (never a hash in no index)
        org.awaitility.Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() ->
                redis.await(redis.commands().zscore(queue.keys().inflight(), id.getBytes())) != null
                        && "inflight".equals(new String(redis.await(redis.commands().hget(queue.keys().message(id), "state")))));
        redis.await(redis.commands().del(queue.keys().scheduled()));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().scheduled() == 1);
        worker.close();
    }

    @Test
    void aSweepCountsDeadLettersWhoseMessageWasAlreadyGone() {
        Engine engine = engine();
        RedisConnection redis = engine.redis();
        QueueKeys keys = engine.queue("orders").keys();
        redis.await(redis.commands().zadd(keys.dead(), 1000, "gone".getBytes()));

        long swept = Replies.number(Scripts.SWEEP.call(redis, List.of(keys.dead()),
                new Args().add(5000).add(100).add(keys.base()).add("dead").list()));

        assertThat(swept).isEqualTo(1);
        assertThat(redis.await(redis.commands().hget(keys.missing(), "dead"))).asString().isEqualTo("1");
        assertThat(redis.await(redis.commands().zcard(keys.dead()))).isZero();
        redis.await(redis.commands().del(keys.missing()));
    }

    @Test
    void aDamagedTimelineLeavesOnlyItsOwnMessageInFlightWhenAWorkerSettlesABatch() {
        Engine engine = engine();
        Queue queue = engine.queue("orders");
        queue.updatePolicy(policy(1, Duration.ofSeconds(30)));
        RedisConnection redis = engine.redis();
        String healthy = queue.enqueue(OutgoingMessage.of("one"));
        String damaged = queue.enqueue(OutgoingMessage.of("two"));
        redis.await(redis.commands().set(queue.keys().base() + "ev:" + damaged, "garbage".getBytes()));

        Worker worker = engine.worker("orders", d -> {
            throw new IllegalStateException("backend down");
        }, fastWorker());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                redis.await(redis.commands().zscore(queue.keys().dead(), healthy.getBytes())) != null);
        org.awaitility.Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() ->
                redis.await(redis.commands().zscore(queue.keys().inflight(), damaged.getBytes())) != null
                        && "inflight".equals(new String(redis.await(redis.commands().hget(queue.keys().message(damaged), "state")))));
        worker.close();

        assertThat(queue.message(healthy)).get().extracting(Message::state).isEqualTo(MessageState.DEAD);
        redis.await(redis.commands().del(queue.keys().base() + "ev:" + damaged));
        clock.advance(Duration.ofMinutes(10));
        engine.upkeep().runOnce();
        assertThat(queue.counts().dead()).isEqualTo(2);
    }

    @Test
    void aMoveWhoseClaimMeetsADamagedVersionsListClaimsNothing() {
        Engine engine = engine();
        RedisConnection redis = engine.redis();
        QueueKeys keys = engine.queue("orders").keys();
        deadLetter(redis, keys, "a");
        deadLetter(redis, keys, "b");
        redis.await(redis.commands().set(keys.base() + "ver:b", "garbage".getBytes()));
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);

        assertThatThrownBy(() -> Scripts.DLQ_CLAIM.call(redis, List.of(keys.dead()),
                new Args().add(2000).add(keys.base()).add("token").add(60_000).add(0).add("a").add("b").list()))
                .hasMessage(sentence(keys.base() + "ver:b", "a string", "a list"));

        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).isEqualTo(before);
        redis.await(redis.commands().del(keys.base() + "ver:b", keys.base() + "m:a", keys.base() + "m:b", keys.dead(),
                keys.deadByAttempts(), keys.base() + "dead:class:Boom", keys.base() + "dead:group:g1"));
    }
}
