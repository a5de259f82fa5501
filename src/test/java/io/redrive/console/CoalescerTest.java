package io.redrive.console;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Updates from any thread reach the UI thread in batches, with at most one UI task pending, and a pause holds them. */
class CoalescerTest {
    private final ConcurrentLinkedQueue<Runnable> uiQueue = new ConcurrentLinkedQueue<>();
    private final List<List<Integer>> batches = new ArrayList<>();
    private final Coalescer<Integer> feed = new Coalescer<>(uiQueue::add, batches::add, 5);

    private void runUi() {
        for (Runnable r = uiQueue.poll(); r != null; r = uiQueue.poll()) {
            r.run();
        }
    }

    @Test
    void manyUpdatesBeforeTheUiRunsMakeOneTaskAndOneBatch() throws Exception {
        int threads = 4;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int from = t * 1000;
            new Thread(() -> {
                IntStream.range(from, from + 1000).forEach(feed::post);
                done.countDown();
            }).start();
        }
        done.await();

        assertThat(uiQueue).hasSize(1);
        runUi();
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).hasSize(4000).doesNotHaveDuplicates();
        assertThat(feed.uiTasksPosted()).isEqualTo(1);
    }

    @Test
    void anUpdateAfterTheBatchWasTakenSchedulesTheNextTask() {
        feed.post(1);
        runUi();
        feed.post(2);
        feed.post(3);
        runUi();

        assertThat(batches).containsExactly(List.of(1), List.of(2, 3));
        assertThat(feed.uiTasksPosted()).isEqualTo(2);
    }

    @Test
    void aPauseHoldsTheNewestUpdatesUpToItsLimitAndHandsThemOverOnResume() {
        feed.setPaused(true);
        IntStream.rangeClosed(1, 8).forEach(i -> {
            feed.post(i);
            runUi();
        });
        assertThat(batches).isEmpty();

        feed.setPaused(false);

        assertThat(batches).containsExactly(List.of(4, 5, 6, 7, 8));
    }

    @Test
    void withAnInlineExecutorEveryUpdateIsABatchOfItsOwn() {
        List<List<String>> seen = new ArrayList<>();
        Coalescer<String> inline = new Coalescer<>(Runnable::run, seen::add, 10);
        inline.post("a");
        inline.post("b");
        assertThat(seen).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void latestAppliesOnlyTheLastUpdateOfEachBatchInOneUiTask() {
        List<Integer> applied = new ArrayList<>();
        Coalescer<Integer> latest = Coalescer.latest(uiQueue::add, applied::add);
        IntStream.rangeClosed(1, 100).forEach(latest::post);
        runUi();
        latest.post(101);
        runUi();
        assertThat(applied).containsExactly(100, 101);
        assertThat(latest.uiTasksPosted()).isEqualTo(2);
    }
}
