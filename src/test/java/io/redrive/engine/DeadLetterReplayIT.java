package io.redrive.engine;

import io.redrive.ops.AuditQuery;
import io.redrive.ops.BulkOperation;
import io.redrive.redis.Args;
import io.redrive.redis.RedisConnection;
import io.redrive.testing.TestTicker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

class DeadLetterReplayIT extends DeadLetterTestSupport {
    private static final int LETTERS = 5_000;

    @Test
    void aReplayedMessageIsProcessedAgainKnowingItWasReplayedAndStartingFromAttemptOne() {
        Engine engine = engine(b -> b.defaultPolicy(ONE_ATTEMPT).doneRetention(Duration.ofHours(1)));
        String id = deadLetter(engine, "orders", OutgoingMessage.json("{\"order\":7}").header("tenant", "acme"),
                d -> new IllegalStateException("warehouse offline"));
        List<Delivery> delivered = new CopyOnWriteArrayList<>();
        engine.worker("orders", delivered::add, fastWorker());

        BulkOperation.Progress replay = finished(engine.deadLetters().replay(DeadLetterTarget.ids("orders", List.of(id)),
                ReplayOptions.defaults(ALICE)));

        assertThat(replay.state()).isEqualTo(BulkOperation.State.COMPLETED);
        assertThat(replay.succeeded()).isEqualTo(1);
        await().atMost(WAIT).until(() -> delivered.size() == 1);
        Delivery again = delivered.get(0);
        assertThat(again.id()).isEqualTo(id);
        assertThat(again.replays()).isEqualTo(1);
        assertThat(again.attempt()).isEqualTo(1);
        assertThat(again.text()).isEqualTo("{\"order\":7}");
        assertThat(again.headers()).containsEntry("tenant", "acme");
        Queue orders = engine.queue("orders");
        await().atMost(WAIT).until(() -> orders.message(id).orElseThrow().state() == MessageState.DONE);
        assertThat(orders.timeline(id)).extracting(TimelineEvent::type).containsExactly("enqueued", "leased", "failed",
                "dead-lettered", "replayed", "leased", "succeeded");
        assertThat(orders.counts().dead()).isZero();
        assertThat(engine.deadLetters().groups("orders")).isEmpty();
    }

    @Test
    void theReplayedEventWaitsInTheHashUntilTheNextTimelineWriteAndKeepsItsPlace() {
        Engine engine = engine(b -> b.defaultPolicy(RetryPolicy.builder().maxAttempts(3).backoff(Backoff.none()).build()));
        String id = deadLetter(engine, "orders", OutgoingMessage.json("{\"order\":8}"),
                d -> new NonRetryableException("bad address"));
        Queue orders = engine.queue("orders");
        RedisConnection redis = engine.redis();
        long stored = redis.await(redis.commands().llen(orders.keys().events(id)));

        finished(engine.deadLetters().replay(DeadLetterTarget.ids("orders", List.of(id)), ReplayOptions.defaults(ALICE)));

        // a replay in place writes no event of its own: it waits in the hash, and readers show it
        assertThat(redis.await(redis.commands().llen(orders.keys().events(id)))).isEqualTo(stored);
        assertThat(redis.await(redis.commands().hget(orders.keys().message(id), "pendingEvent"))).isNotEmpty();
        assertThat(orders.timeline(id)).extracting(TimelineEvent::type)
                .containsExactly("enqueued", "leased", "failed", "dead-lettered", "replayed");
        assertThat(orders.timeline(id).get(4).attributes()).containsEntry("by", "alice").containsEntry("replay", 1);

        // a worker leases it and vanishes; recovering the lease writes the replay first, then the lost lease
        long now = clock.millis();
        Scripts.LEASE.call(redis, List.of(orders.keys().ready(), orders.keys().inflight()),
                new Args().add(now).add(now + 1_000).add(10).add("ghost-worker").add(orders.keys().base()).list());
        assertThat(orders.timeline(id)).extracting(TimelineEvent::type)
                .containsExactly("enqueued", "leased", "failed", "dead-lettered", "replayed", "leased");
        clock.advance(Duration.ofSeconds(2));
        assertThat(engine.upkeep().runOnce().recovered()).isEqualTo(1);

        assertThat(redis.await(redis.commands().hexists(orders.keys().message(id), "pendingEvent"))).isFalse();
        assertThat(redis.await(redis.commands().llen(orders.keys().events(id)))).isEqualTo(stored + 3);
        assertThat(orders.timeline(id)).extracting(TimelineEvent::type).containsExactly("enqueued", "leased", "failed",
                "dead-lettered", "replayed", "leased", "lease-expired");
        assertThat(engine.check().isClean()).isTrue();
    }

    @Test
    void keepAttemptsCarriesTheAttemptCountIntoTheReplay() {
        Engine engine = engine(b -> b.defaultPolicy(THREE_QUICK_ATTEMPTS));
        List<String> ids = deadLetters(engine, "orders", 2, d -> new NonRetryableException("schema mismatch"));
        List<Delivery> delivered = new CopyOnWriteArrayList<>();
        engine.worker("orders", delivered::add, fastWorker());
        DeadLetters letters = engine.deadLetters();

        finished(letters.replay(DeadLetterTarget.ids("orders", List.of(ids.get(0))), ReplayOptions.defaults(ALICE).keepAttempts()));
        finished(letters.replay(DeadLetterTarget.ids("orders", List.of(ids.get(1))), ReplayOptions.defaults(ALICE)));

        await().atMost(WAIT).until(() -> delivered.size() == 2);
        Map<String, Integer> attempts = new HashMap<>();
        delivered.forEach(d -> attempts.put(d.id(), d.attempt()));
        assertThat(attempts).containsEntry(ids.get(0), 2).containsEntry(ids.get(1), 1);
        assertThat(delivered).extracting(Delivery::replays).containsOnly(1);
    }

    @Test
    void replayingIntoAnotherQueueMovesTheMessageWithItsHistoryAndLeavesNoCopyBehind() {
        Engine engine = oneAttemptEngine();
        String id = deadLetter(engine, "orders", OutgoingMessage.json("{\"order\":9}").header("tenant", "acme"),
                d -> new IllegalStateException("legacy endpoint gone"));
        deadLetter(engine, "orders", OutgoingMessage.json("{\"order\":10}"), d -> new IllegalArgumentException("stays"));
        DeadLetters letters = engine.deadLetters();
        clock.advance(Duration.ofMinutes(5));

        BulkOperation.Progress moved = finished(letters.replay(DeadLetterTarget.ids("orders", List.of(id)),
                ReplayOptions.defaults(ALICE).toQueue("orders-v2")));

        assertThat(moved.succeeded()).isEqualTo(1);
        Queue source = engine.queue("orders");
        Queue target = engine.queue("orders-v2");
        assertThat(source.message(id)).isEmpty();
        assertThat(source.timeline(id)).isEmpty();
        assertThat(source.counts()).isEqualTo(new QueueCounts("orders", 0, 0, 0, 1, 0));
        assertThat(letters.groups("orders")).singleElement().extracting(FailureGroup::exceptionClass)
                .isEqualTo(IllegalArgumentException.class.getName());
        assertThat(target.counts()).isEqualTo(new QueueCounts("orders-v2", 1, 0, 0, 0, 0));
        Message arrived = target.message(id).orElseThrow();
        assertThat(arrived.state()).isEqualTo(MessageState.READY);
        assertThat(arrived.replays()).isEqualTo(1);
        assertThat(arrived.attempts()).isZero();
        assertThat(arrived.text()).isEqualTo("{\"order\":9}");
        assertThat(arrived.headers()).containsEntry("tenant", "acme");
        assertThat(arrived.deadAt()).isNull();
        List<TimelineEvent> timeline = target.timeline(id);
        assertThat(timeline).extracting(TimelineEvent::type).containsExactly("enqueued", "leased", "failed", "dead-lettered", "replayed");
        assertThat(timeline.get(4).attributes()).containsEntry("from", "orders").containsEntry("to", "orders-v2")
                .containsEntry("by", "alice");
        assertThat(timeline.get(4).at()).isEqualTo(clock.instant());
        assertThat(target.errors(id)).singleElement().extracting(AttemptError::message).isEqualTo("legacy endpoint gone");

        BulkOperation.Progress again = finished(letters.replay(DeadLetterTarget.ids("orders", List.of(id)),
                ReplayOptions.defaults(ALICE).toQueue("orders-v2")));

        assertThat(again.succeeded()).isZero();
        assertThat(again.skipped()).isEqualTo(1);
        assertThat(target.counts().ready()).isEqualTo(1);
        List<Delivery> delivered = new CopyOnWriteArrayList<>();
        engine.worker("orders-v2", delivered::add, fastWorker());
        // a replayed message that succeeds is kept as done for a while, so what became of the replay can be looked up
        await().atMost(WAIT).until(() -> target.message(id).map(m -> m.state() == MessageState.DONE).orElse(false));
        assertThat(target.counts().total()).isEqualTo(target.counts().done());
        assertThat(delivered).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(id);
            assertThat(d.replays()).isEqualTo(1);
        });
    }

    @Test
    void aRateLimitedReplayKeepsToItsRate() {
        Engine engine = oneAttemptEngine();
        deadLetters(engine, "orders", 1_000, d -> new IllegalStateException("throttled"));
        TestTicker ticker = new TestTicker();
        DeadLetters letters = new DeadLetters(engine, ticker);

        BulkOperation.Progress done = finished(letters.replay(DeadLetterTarget.group("orders", onlyGroup(letters)),
                ReplayOptions.defaults(ALICE).rate(200)));

        assertThat(done.state()).isEqualTo(BulkOperation.State.COMPLETED);
        assertThat(done.succeeded()).isEqualTo(1_000);
        // a burst of a tenth of a second may go at once; the other 980 take 4.9 s at 200 a second
        assertThat(ticker.slept()).isBetween(Duration.ofMillis(4_900), Duration.ofMillis(5_000));
        assertThat(done.ratePerSecond()).isCloseTo(200, within(10.0));
        assertThat(engine.queue("orders").counts().ready()).isEqualTo(1_000);
    }

    @Test
    void aBulkReplayPausesBetweenChunksAndACancelLeavesTheRestDeadWithNothingLost() {
        Engine engine = oneAttemptEngine();
        // enough for several chunks of the runner
        List<String> ids = deadLetters(engine, "orders", LETTERS, d -> new IllegalStateException("throttled"));
        GateTicker ticker = new GateTicker();
        DeadLetters letters = new DeadLetters(engine, ticker);
        Queue orders = engine.queue("orders");
        BlockingQueue<BulkOperation.Progress> events = new LinkedBlockingQueue<>();
        AtomicReference<Thread> runner = new AtomicReference<>();

        BulkOperation replay = letters.replay(DeadLetterTarget.ids("orders", ids), ReplayOptions.defaults(ALICE).rate(1_000));
        replay.onProgress(p -> {
            runner.set(Thread.currentThread());
            events.add(p);
        });
        await().atMost(WAIT).until(ticker::isWaiting);
        replay.pause();
        assertThat(replay.progress().state()).isEqualTo(BulkOperation.State.PAUSED);
        ticker.open();

        // the runner got its permits but parks before applying the chunk: nothing moves while paused
        await().atMost(WAIT).until(() -> runner.get() != null && runner.get().getState() == Thread.State.WAITING && !ticker.isWaiting());
        assertThat(events).extracting(BulkOperation.Progress::state).contains(BulkOperation.State.PAUSED);
        long beforePause = replay.progress().processed();
        assertThat(orders.counts().ready()).isEqualTo(beforePause);
        assertThat(orders.counts().dead()).isEqualTo(LETTERS - beforePause);

        replay.resume();
        // the chunk that waited applied, the next one waiting for its permits
        await().atMost(WAIT).until(() -> ticker.isWaiting() && replay.progress().processed() > beforePause);
        long applied = replay.progress().processed();
        assertThat(orders.counts().ready()).isEqualTo(applied);
        replay.cancel();
        BulkOperation.Progress last = finished(replay);

        assertThat(last.state()).isEqualTo(BulkOperation.State.CANCELLED);
        assertThat(last.total()).isEqualTo(LETTERS);
        assertThat(last.processed()).isEqualTo(applied).isLessThan(last.total());
        assertThat(last.succeeded()).isEqualTo(applied);
        QueueCounts counts = orders.counts();
        assertThat(counts.ready()).isEqualTo(applied);
        assertThat(counts.dead()).isEqualTo(LETTERS - applied).isPositive();
        assertThat(counts.dead() + counts.ready()).isEqualTo(ids.size());
        assertThat(letters.count(DeadLetterQuery.builder().queue("orders").build())).isEqualTo(LETTERS - applied);
        assertThat(letters.groups("orders")).singleElement().extracting(FailureGroup::count).isEqualTo(LETTERS - applied);
    }

    @Test
    void theReplayCapRefusesAThirdReplayAndTheMessageStaysDead() {
        Engine engine = engine(b -> b.defaultPolicy(ONE_ATTEMPT).maxReplays(2));
        String id = deadLetter(engine, "orders", OutgoingMessage.json("{\"order\":13}"), d -> new IllegalStateException("poison"));
        Queue orders = engine.queue("orders");
        DeadLetters letters = engine.deadLetters();
        engine.worker("orders", d -> {
            throw new IllegalStateException("poison again, replay " + d.replays());
        }, fastWorker());

        for (int replay = 1; replay <= 2; replay++) {
            BulkOperation.Progress p = finished(letters.replay(DeadLetterTarget.ids("orders", List.of(id)), ReplayOptions.defaults(ALICE)));
            assertThat(p.succeeded()).as("replay %d", replay).isEqualTo(1);
            int expected = replay;
            await().atMost(WAIT).until(() -> {
                Message m = orders.message(id).orElseThrow();
                return m.state() == MessageState.DEAD && m.replays() == expected;
            });
        }
        BulkOperation.Progress third = finished(letters.replay(DeadLetterTarget.ids("orders", List.of(id)), ReplayOptions.defaults(ALICE)));
        BulkOperation.Progress elsewhere = finished(letters.replay(DeadLetterTarget.ids("orders", List.of(id)),
                ReplayOptions.defaults(ALICE).toQueue("orders-v2")));

        assertThat(third.succeeded()).isZero();
        assertThat(third.skipped()).isEqualTo(1);
        assertThat(elsewhere.succeeded()).isZero();
        assertThat(elsewhere.skipped()).isEqualTo(1);
        Message stillDead = orders.message(id).orElseThrow();
        assertThat(stillDead.state()).isEqualTo(MessageState.DEAD);
        assertThat(stillDead.replays()).isEqualTo(2);
        assertThat(stillDead.lastError()).isEqualTo("IllegalStateException: poison again, replay 2");
        assertThat(engine.queue("orders-v2").counts().total()).isZero();
        assertThat(orders.timeline(id)).filteredOn(e -> e.type().equals("replayed")).hasSize(2);
    }

    @Test
    void aDryRunCountsAndSamplesWhatAnOperationWouldTakeAndChangesNothing() {
        Engine engine = oneAttemptEngine();
        List<String> ids = deadLetters(engine, "orders", 25, d -> new IllegalStateException("throttled"));
        deadLetters(engine, "orders", 5, d -> new IllegalArgumentException("invalid"));
        DeadLetters letters = engine.deadLetters();
        DeadLetterQuery throttled = DeadLetterQuery.builder().queue("orders").errorText("throttled").build();

        DryRun replay = letters.preview("replay", DeadLetterTarget.matching(throttled), 5, null);
        DryRun purge = letters.preview("purge", DeadLetterTarget.ids("orders", ids.subList(0, 3)), 0, null);
        DryRun move = letters.preview("replay", DeadLetterTarget.group("orders", letters.groups("orders").get(0).fingerprint()), 0, "orders-v2");

        assertThat(replay.count()).isEqualTo(25);
        assertThat(replay.sample()).hasSize(10).allSatisfy(d -> assertThat(ids).contains(d.id()));
        assertThat(replay.destination()).isEqualTo("their own queue");
        assertThat(replay.estimated()).isEqualTo(Duration.ofSeconds(5));
        assertThat(purge.count()).isEqualTo(3);
        assertThat(ids(purge.sample())).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(purge.destination()).isEqualTo("the trash (restorable for 24 h)");
        assertThat(move.count()).isEqualTo(25);
        assertThat(move.destination()).isEqualTo("queue orders-v2");
        assertThat(engine.queue("orders").counts().dead()).isEqualTo(30);
        assertThat(engine.audit().list(AuditQuery.all())).isEmpty();
    }

    private static String onlyGroup(DeadLetters letters) {
        List<FailureGroup> groups = letters.groups("orders");
        assertThat(groups).hasSize(1);
        return groups.get(0).fingerprint();
    }
}
