package io.redrive.engine;

import io.redrive.ops.Actor;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.Replies;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The health figures and lifetime counters every console and engine reads from Redis, from known inputs. */
class QueueHealthIT extends EngineTestSupport {
    private static final Actor ALICE = Actor.named("alice");

    /** A worker whose messages fail their first attempt and succeed the second, except "poison", which always fails. */
    private static Worker failingOnce(Engine engine, String queue) {
        return engine.worker(queue, d -> {
            if (d.text().startsWith("poison") || d.attempt() == 1) {
                throw new IllegalStateException("upstream timeout");
            }
        }, fastWorker());
    }

    private static List<OutgoingMessage> messages(String text, int n) {
        List<OutgoingMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(OutgoingMessage.of(text + " " + i));
        }
        return out;
    }

    @Test
    void lifetimeTotalsEqualTheSumOfThePerMinuteCountersAndSurviveANewEngine() throws Exception {
        Engine engine = engine();
        Queue queue = engine.queue("orders");
        queue.updatePolicy(RetryPolicy.builder().maxAttempts(2).backoff(Backoff.none()).build());
        queue.enqueueAll(messages("order", 8));
        List<String> poison = queue.enqueueAll(messages("poison", 2));
        Worker worker = failingOnce(engine, "orders");
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().total() == 2 && queue.counts().dead() == 2);
        worker.close();
        clock.advance(Duration.ofMinutes(1));
        engine.deadLetters().replay(DeadLetterTarget.ids("orders", List.of(poison.get(0))), ReplayOptions.defaults(ALICE)).await();
        clock.advance(Duration.ofMinutes(1));
        engine.deadLetters().purge(DeadLetterTarget.ids("orders", List.of(poison.get(1))), 0, ALICE).await();

        QueueTotals totals = queue.totals();
        assertThat(totals).isEqualTo(new QueueTotals("orders", 10, 8, 12, 10, 2, 0, 8, 1, 1));
        RedisConnection redis = engine.redis();
        long[] sum = new long[QueueTotals.FIELDS.length];
        for (long minute = clock.millis() / 60_000 - 2; minute <= clock.millis() / 60_000; minute++) {
            Map<String, byte[]> f = redis.await(redis.commands().hgetall(queue.keys().metrics(minute)));
            for (int i = 0; i < sum.length; i++) {
                sum[i] += f.containsKey(QueueTotals.FIELDS[i]) ? Replies.number(f.get(QueueTotals.FIELDS[i])) : 0;
            }
        }
        assertThat(sum).containsExactly(10, 8, 12, 10, 2, 0, 8, 1, 1);
        assertThat(redis.await(redis.commands().ttl(queue.keys().totals()))).as("totals never expire").isEqualTo(-1);

        assertThat(engine().queue("orders").totals()).as("read by a new engine").isEqualTo(totals);
    }

    @Test
    void retrySuccessRateIsTheShareOfFailedMessagesThatSucceededLater() {
        Engine engine = engine();
        Queue queue = engine.queue("orders");
        queue.updatePolicy(RetryPolicy.builder().maxAttempts(2).backoff(Backoff.none()).build());
        queue.enqueueAll(messages("order", 9));
        queue.enqueue(OutgoingMessage.of("poison"));
        failingOnce(engine, "orders");
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().total() == 1 && queue.counts().dead() == 1);
        engine.upkeep().runOnce();

        QueueHealth health = engine.health("orders", Duration.ofMinutes(10));

        assertThat(health.retrySuccessRate()).isEqualTo(0.9);
        assertThat(health.retrySuccessRate()).isGreaterThanOrEqualTo(QueueHealth.RETRY_SUCCESS_TARGET);
        assertThat(health.counts().dead()).isEqualTo(1);
        assertThat(health.minutes()).hasSize(10);
        QueueHealth.Minute now = health.minutes().get(9);
        assertThat(now.start()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
        assertThat(now.complete()).as("the current minute is in progress").isFalse();
        assertThat(now.deadLettered()).isEqualTo(1);
        assertThat(now.deadSize()).as("sampled by the upkeep").isEqualTo(1L);
        assertThat(health.minutes().get(8).deadSize()).as("no upkeep ran then: a gap").isNull();
        assertThat(health.minutes().get(8).complete()).isTrue();
        assertThat(health.oldestDeadLetterAge()).isEqualTo(Duration.ZERO);
    }

    @Test
    void readingTheHealthOfAnUnknownQueueDeclaresNothing() {
        assertThatThrownBy(() -> engine().health("typo", Duration.ofHours(1))).isInstanceOf(UnknownQueueException.class);
        assertThat(engine().queueNames()).doesNotContain("typo");
    }

    @Test
    void aQueueWithNothingToMeasureHasNoRatesRatherThanZeros() {
        engine().queue("quiet");  // declared, never used
        QueueHealth health = engine().health("quiet", Duration.ofHours(1));

        assertThat(health.retrySuccessRate()).isNull();
        assertThat(health.resolved()).isZero();
        assertThat(health.resolutionMedian()).isNull();
        assertThat(health.resolutionP90()).isNull();
        assertThat(health.oldestDeadLetterAge()).isNull();
        assertThat(health.expiringWithin24h()).isZero();
        assertThat(health.newGroups()).isEmpty();
        assertThat(health.minutes()).hasSize(60).allMatch(m -> m.deadLettered() == 0 && m.deadSize() == null);
    }

    @Test
    void resolutionMedianAndP90AreInterpolatedFromTheAgesAtWhichDeadLettersWereReplayedOrPurged() throws Exception {
        Engine engine = engine();
        Queue queue = engine.queue("orders");
        queue.updatePolicy(RetryPolicy.builder().maxAttempts(1).build());
        List<String> ids = queue.enqueueAll(messages("poison", 10));
        Worker worker = failingOnce(engine, "orders");
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().dead() == 10);
        worker.close();

        clock.advance(Duration.ofSeconds(30));
        engine.deadLetters().replay(DeadLetterTarget.ids("orders", ids.subList(0, 5)), ReplayOptions.defaults(ALICE)).await();
        clock.advance(Duration.ofHours(2).minusSeconds(30));
        engine.deadLetters().purge(DeadLetterTarget.ids("orders", ids.subList(5, 10)), 0, ALICE).await();

        QueueHealth health = engine.health("orders", Duration.ofHours(3));
        // five in the bucket up to 1 min, five in the bucket from 1 h to 4 h
        assertThat(health.resolved()).isEqualTo(10);
        assertThat(health.resolutionMedian()).isEqualTo(Duration.ofSeconds(60));
        assertThat(health.resolutionP90()).isEqualTo(Duration.ofSeconds(3600 + 10800 * 4 / 5));
        assertThat(health.resolutionP90()).isLessThan(QueueHealth.RESOLUTION_TARGET);
        assertThat(queue.totals().replayed()).isEqualTo(5);
        assertThat(queue.totals().purged()).isEqualTo(5);
        long ttl = engine.redis().await(engine.redis().commands().ttl(queue.keys().resolution(clock.millis() / 3_600_000)));
        assertThat(Duration.ofSeconds(ttl)).isGreaterThan(Duration.ofHours(24))
                .isLessThanOrEqualTo(engine.options().metricsRetention());
        assertThat(engine.health("orders", Duration.ofMinutes(30)).resolved())
                .as("a short window still reads whole hours: the purges' hour").isEqualTo(5);
    }

    @Test
    void deadLettersThatTheRetentionRemovesWithinADayAreCountedWithTheOldestAge() {
        Engine engine = engine();
        Queue queue = engine.queue("orders");
        queue.updatePolicy(RetryPolicy.builder().maxAttempts(1).deadLetterRetention(Duration.ofDays(3)).build());
        queue.enqueueAll(messages("poison", 3));
        failingOnce(engine, "orders");
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().dead() == 3);
        clock.advance(Duration.ofDays(1));
        queue.enqueueAll(messages("poison later", 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().dead() == 5);
        clock.advance(Duration.ofHours(36));

        QueueHealth health = engine.health("orders", Duration.ofMinutes(5));

        assertThat(health.expiringWithin24h()).as("dead 2.5 days of 3: the first three").isEqualTo(3);
        assertThat(health.oldestDeadLetterAge()).isEqualTo(Duration.ofHours(60));
        assertThat(health.retention()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void onlyFailureGroupsFirstSeenWithinTheLastHourAreNew() {
        Engine engine = engine();
        Queue queue = engine.queue("orders");
        queue.updatePolicy(RetryPolicy.builder().maxAttempts(1).build());
        engine.worker("orders", d -> {
            if (d.text().startsWith("old")) {
                throw new IllegalStateException("database is read-only");
            }
            throw new IllegalArgumentException("unknown currency");
        }, fastWorker());
        queue.enqueue(OutgoingMessage.of("old 1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().dead() == 1);
        clock.advance(Duration.ofHours(2));
        queue.enqueueAll(List.of(OutgoingMessage.of("old 2"), OutgoingMessage.of("new 1")));
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.counts().dead() == 3);

        QueueHealth health = engine.health("orders", Duration.ofMinutes(5));

        assertThat(engine.deadLetters().groups("orders")).hasSize(2);
        assertThat(health.newGroups()).singleElement().satisfies(g -> {
            assertThat(g.exceptionClass()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(g.firstSeen()).isEqualTo(clock.instant());
        });
    }

    @Test
    void percentilesInterpolateWithinABucketAndReadTheOpenBucketAsItsLowerBound() {
        long[] buckets = new long[HealthReader.RESOLUTION_BOUNDS.length + 1];
        buckets[1] = 4;  // 1 to 5 minutes
        assertThat(HealthReader.percentile(buckets, 0.5)).isEqualTo(Duration.ofSeconds(180));
        buckets[buckets.length - 1] = 96;  // over 7 days
        assertThat(HealthReader.percentile(buckets, 0.9)).isEqualTo(Duration.ofDays(7));
        assertThat(HealthReader.percentile(new long[buckets.length], 0.5)).isNull();
    }
}
