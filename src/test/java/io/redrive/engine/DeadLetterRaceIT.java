package io.redrive.engine;

import io.redrive.ops.BulkOperation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Two operators acting on overlapping sets of the same 2,000 dead letters at the same moment. */
class DeadLetterRaceIT extends DeadLetterTestSupport {
    private static final int LETTERS = 2_000;

    @Test
    void twoOperatorsReplayingOverlappingSetsReplayEachMessageOnce() throws Exception {
        Engine engine = oneAttemptEngine();
        List<String> ids = deadLetters(engine, "orders", LETTERS, d -> new IllegalStateException("outage"));
        DeadLetters letters = engine.deadLetters();

        List<BulkOperation.Progress> results = together(
                () -> letters.replay(DeadLetterTarget.ids("orders", ids.subList(0, 1_500)), ReplayOptions.defaults(ALICE)),
                () -> letters.replay(DeadLetterTarget.ids("orders", ids.subList(500, LETTERS)), ReplayOptions.defaults(BOB)));

        assertThat(results).extracting(BulkOperation.Progress::state).containsOnly(BulkOperation.State.COMPLETED);
        assertThat(results.get(0).succeeded() + results.get(1).succeeded()).isEqualTo(LETTERS);
        assertThat(results.get(0).skipped() + results.get(1).skipped()).as("the overlap, skipped by one of them").isEqualTo(1_000);
        Queue orders = engine.queue("orders");
        assertThat(orders.counts()).isEqualTo(new QueueCounts("orders", LETTERS, 0, 0, 0, 0));
        Map<String, Message> after = messages(orders, ids);
        assertThat(after).hasSize(LETTERS);
        assertThat(after.values()).allSatisfy(m -> {
            assertThat(m.state()).isEqualTo(MessageState.READY);
            assertThat(m.replays()).as("replays of %s", m.id()).isEqualTo(1);
        });
        assertThat(orders.timeline(ids.get(1_000))).filteredOn(e -> e.type().equals("replayed")).hasSize(1);
    }

    @Test
    void oneOperatorReplayingWhileAnotherPurgesLosesNothingAndDoesBothToNoMessage() throws Exception {
        Engine engine = oneAttemptEngine();
        List<String> ids = deadLetters(engine, "orders", LETTERS, d -> new IllegalStateException("outage"));
        DeadLetters letters = engine.deadLetters();

        List<BulkOperation.Progress> results = together(
                () -> letters.replay(DeadLetterTarget.matching(DeadLetterQuery.builder().queue("orders").build()), ReplayOptions.defaults(ALICE)),
                () -> letters.purge(DeadLetterTarget.ids("orders", ids.subList(1_000, LETTERS)), 0, BOB));

        long replayed = results.get(0).succeeded();
        long purged = results.get(1).succeeded();
        assertThat(replayed + purged).isEqualTo(LETTERS);
        assertThat(replayed).isGreaterThanOrEqualTo(1_000);
        Queue orders = engine.queue("orders");
        QueueCounts counts = orders.counts();
        assertThat(counts.ready()).isEqualTo(replayed);
        assertThat(counts.dead()).isZero();
        assertThat(letters.trashCount("orders")).isEqualTo(purged);
        assertThat(counts.ready() + letters.trashCount("orders") + counts.dead()).isEqualTo(LETTERS);
        Map<String, Message> after = messages(orders, ids);
        assertThat(after).hasSize(LETTERS);
        assertThat(after.values()).allSatisfy(m -> {
            if (m.state() == MessageState.READY) {
                assertThat(m.replays()).isEqualTo(1);
            } else {
                assertThat(m.state()).isEqualTo(MessageState.TRASHED);
                assertThat(m.replays()).isZero();
                assertThat(ids.indexOf(m.id())).as("only the purger's ids are trashed").isGreaterThanOrEqualTo(1_000);
            }
        });
        assertThat(letters.groups("orders")).isEmpty();
    }

    @Test
    void aMoveToAnotherQueueRacingAReplayInPlaceDeliversEachMessageToOneQueueOnly() throws Exception {
        Engine engine = oneAttemptEngine();
        List<String> ids = deadLetters(engine, "orders", LETTERS, d -> new IllegalStateException("outage"));
        DeadLetters letters = engine.deadLetters();
        DeadLetterTarget everything = DeadLetterTarget.matching(DeadLetterQuery.builder().queue("orders").build());

        List<BulkOperation.Progress> results = together(
                () -> letters.replay(everything, ReplayOptions.defaults(ALICE).toQueue("orders-v2")),
                () -> letters.replay(everything, ReplayOptions.defaults(BOB)));

        assertThat(results.get(0).succeeded() + results.get(1).succeeded()).isEqualTo(LETTERS);
        Queue source = engine.queue("orders");
        Queue target = engine.queue("orders-v2");
        assertThat(source.counts().ready()).isEqualTo(results.get(1).succeeded());
        assertThat(target.counts().ready()).isEqualTo(results.get(0).succeeded());
        assertThat(source.counts().dead()).isZero();
        Map<String, Message> inSource = messages(source, ids);
        Map<String, Message> inTarget = messages(target, ids);
        Set<String> both = new HashSet<>(inSource.keySet());
        both.retainAll(inTarget.keySet());
        assertThat(both).as("messages in both queues").isEmpty();
        assertThat(inSource.size() + inTarget.size()).isEqualTo(LETTERS);
        assertThat(inTarget.values()).allSatisfy(m -> assertThat(m.replays()).isEqualTo(1));
        assertThat(inSource.values()).allSatisfy(m -> assertThat(m.replays()).isEqualTo(1));
    }

    /** Starts both operations at the same moment, each on its own thread, and waits for both to end. */
    private static List<BulkOperation.Progress> together(Supplier<BulkOperation> first, Supplier<BulkOperation> second) throws Exception {
        CountDownLatch ready = new CountDownLatch(2);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService operators = Executors.newFixedThreadPool(2);
        try {
            List<Future<BulkOperation.Progress>> running = new ArrayList<>();
            for (Supplier<BulkOperation> operation : List.of(first, second)) {
                running.add(operators.submit(() -> {
                    ready.countDown();
                    go.await();
                    return operation.get().await();
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<BulkOperation.Progress> results = new ArrayList<>();
            for (Future<BulkOperation.Progress> f : running) {
                results.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            return results;
        } finally {
            operators.shutdownNow();
        }
    }
}
