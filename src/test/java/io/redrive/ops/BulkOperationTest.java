package io.redrive.ops;

import io.redrive.ops.BulkOperation.ChunkAction;
import io.redrive.ops.BulkOperation.ChunkResult;
import io.redrive.ops.BulkOperation.ChunkSource;
import io.redrive.ops.BulkOperation.Progress;
import io.redrive.ops.BulkOperation.State;
import io.redrive.testing.TestTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

/** Every test ends in seconds; the timeout turns a hang (a pause that never lifts) into a failure. */
@Timeout(20)
class BulkOperationTest {
    private static final String WORKER = "bulk-test-worker";

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, WORKER));
    private final TestTicker ticker = new TestTicker();
    private final AtomicInteger actionCalls = new AtomicInteger();

    @AfterEach
    void stopWorker() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void runsEveryChunkAndAddsUpWhatTheActionReports() {
        Ids source = new Ids(95, 10);
        Set<String> seen = new HashSet<>();
        ChunkAction action = ids -> {
            actionCalls.incrementAndGet();
            seen.addAll(ids);
            return new ChunkResult(ids.size() - 2, 1, 1);
        };

        Progress done = BulkOperation.builder("replay orders", source, action).total(95).ticker(ticker).run();

        assertThat(done.state()).isEqualTo(State.COMPLETED);
        assertThat(done.processed()).isEqualTo(95);
        assertThat(done.succeeded()).isEqualTo(75);
        assertThat(done.skipped()).isEqualTo(10);
        assertThat(done.failed()).isEqualTo(10);
        assertThat(done.lastError()).isNull();
        assertThat(done.remaining()).contains(Duration.ZERO);
        assertThat(done.fractionDone()).isEqualTo(1.0);
        assertThat(actionCalls).hasValue(10);
        assertThat(source.calls).as("ten chunks and the empty one that ends it").hasValue(11);
        assertThat(seen).hasSize(95).contains("dl-0", "dl-94");
    }

    @Test
    void startRunsOnTheExecutorAndCompletesTheFutureWithTheFinalProgress() throws Exception {
        AtomicReference<String> actionThread = new AtomicReference<>();
        BulkOperation operation = BulkOperation.start("purge", 30, new Ids(30, 10), ids -> {
            actionThread.set(Thread.currentThread().getName());
            return ChunkResult.allSucceeded(ids.size());
        }, 0, ticker, executor);

        Progress done = operation.completion().get(5, TimeUnit.SECONDS);

        assertThat(done.state()).isEqualTo(State.COMPLETED);
        assertThat(done.succeeded()).isEqualTo(30);
        assertThat(actionThread).hasValue(WORKER);
        assertThat(operation.name()).isEqualTo("purge");
        assertThat(operation.await()).isEqualTo(done);
        assertThat(operation.progress()).isEqualTo(done);
    }

    @Test
    void theListenerSeesProcessedGrowAfterEveryChunkOnTheWorkerThread() throws InterruptedException {
        List<Progress> events = new CopyOnWriteArrayList<>();
        Set<String> listenerThreads = new HashSet<>();
        BulkOperation operation = BulkOperation.builder("restore", new Ids(95, 10), this::succeedAll)
                .total(95).ticker(ticker)
                .onProgress(p -> {
                    events.add(p);
                    synchronized (listenerThreads) {
                        listenerThreads.add(Thread.currentThread().getName());
                    }
                })
                .start(executor);

        operation.await();

        assertThat(events).hasSize(11);
        List<Long> processed = events.stream().map(Progress::processed).toList();
        assertThat(processed).isSorted()
                .containsExactly(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 95L, 95L);
        assertThat(events.get(10).state()).isEqualTo(State.COMPLETED);
        assertThat(events.subList(0, 10)).allSatisfy(p -> assertThat(p.state()).isEqualTo(State.RUNNING));
        assertThat(listenerThreads).containsExactly(WORKER);
    }

    @Test
    void pauseStopsFurtherChunksAndResumeCarriesOn() throws InterruptedException {
        CountDownLatch firstChunkStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstChunk = new CountDownLatch(1);
        CountDownLatch pausedAfterFirstChunk = new CountDownLatch(1);
        Ids source = new Ids(50, 10);
        BulkOperation operation = BulkOperation.builder("replay", source, ids -> {
                    if (actionCalls.incrementAndGet() == 1) {
                        firstChunkStarted.countDown();
                        assertThat(releaseFirstChunk.await(5, TimeUnit.SECONDS)).isTrue();
                    }
                    return ChunkResult.allSucceeded(ids.size());
                })
                .total(50).ticker(ticker)
                .onProgress(p -> {
                    if (p.state() == State.PAUSED && p.processed() == 10) {
                        pausedAfterFirstChunk.countDown();
                    }
                })
                .start(executor);

        assertThat(firstChunkStarted.await(5, TimeUnit.SECONDS)).isTrue();
        operation.pause();
        assertThat(operation.progress().state()).isEqualTo(State.PAUSED);
        releaseFirstChunk.countDown();

        assertThat(pausedAfterFirstChunk.await(5, TimeUnit.SECONDS)).isTrue();
        // The chunk that had started finished and was counted; nothing after it starts while paused.
        assertThat(operation.progress().succeeded()).isEqualTo(10);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> actionCalls.get() == 1 && source.calls.get() == 1);
        assertThat(operation.completion()).isNotDone();

        operation.resume();
        Progress done = operation.await();

        assertThat(done.state()).isEqualTo(State.COMPLETED);
        assertThat(done.processed()).isEqualTo(50);
        assertThat(actionCalls).hasValue(5);
    }

    @Test
    void cancelStopsAfterTheChunkInProgress() throws InterruptedException {
        CountDownLatch firstChunkStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstChunk = new CountDownLatch(1);
        AtomicBoolean sawInterrupt = new AtomicBoolean();
        BulkOperation operation = BulkOperation.start("purge", 100, new Ids(100, 10), ids -> {
            if (actionCalls.incrementAndGet() == 1) {
                firstChunkStarted.countDown();
                assertThat(releaseFirstChunk.await(5, TimeUnit.SECONDS)).isTrue();
                sawInterrupt.set(Thread.currentThread().isInterrupted());
            }
            return ChunkResult.allSucceeded(ids.size());
        }, 0, ticker, executor);

        assertThat(firstChunkStarted.await(5, TimeUnit.SECONDS)).isTrue();
        operation.cancel();
        assertThat(operation.isCancelRequested()).isTrue();
        assertThat(operation.progress().isDone()).as("the chunk in progress still runs").isFalse();
        releaseFirstChunk.countDown();
        Progress done = operation.await();

        assertThat(done.state()).isEqualTo(State.CANCELLED);
        assertThat(done.processed()).isEqualTo(10).isLessThan(done.total());
        assertThat(done.succeeded()).as("the finished chunk is counted").isEqualTo(10);
        assertThat(done.remaining()).isEmpty();
        assertThat(actionCalls).hasValue(1);
        assertThat(sawInterrupt).as("cancel never interrupts a chunk").isFalse();
    }

    @Test
    void cancelEndsAPausedOperationWithoutAnotherChunk() throws InterruptedException {
        List<Runnable> queued = new ArrayList<>();
        CountDownLatch paused = new CountDownLatch(1);
        BulkOperation operation = BulkOperation.builder("replay", new Ids(100, 10), this::succeedAll)
                .total(100).ticker(ticker)
                .onProgress(p -> {
                    if (p.state() == State.PAUSED) {
                        paused.countDown();
                    }
                })
                .start(queued::add);
        operation.pause();
        executor.execute(queued.get(0));

        assertThat(paused.await(5, TimeUnit.SECONDS)).isTrue();
        operation.cancel();
        Progress done = operation.await();

        assertThat(done.state()).isEqualTo(State.CANCELLED);
        assertThat(done.processed()).isZero();
        assertThat(actionCalls).hasValue(0);
    }

    @Test
    void cancelCutsAWaitForTheRateLimitShortAndSkipsThatChunk() throws InterruptedException {
        CountDownLatch sleeping = new CountDownLatch(1);
        AtomicBoolean interruptedAtTheEnd = new AtomicBoolean(true);
        Ticker sleepsUntilInterrupted = new Ticker() {
            @Override
            public long nanos() {
                return 0;
            }

            @Override
            public void sleepNanos(long n) throws InterruptedException {
                sleeping.countDown();
                new CountDownLatch(1).await();
            }
        };
        BulkOperation operation = BulkOperation.builder("replay", new Ids(100, 10), this::succeedAll)
                .total(100).ratePerSecond(1).ticker(sleepsUntilInterrupted)
                .onProgress(p -> interruptedAtTheEnd.set(Thread.currentThread().isInterrupted()))
                .start(executor);

        assertThat(sleeping.await(5, TimeUnit.SECONDS)).isTrue();
        operation.cancel();
        Progress done = operation.await();

        assertThat(done.state()).isEqualTo(State.CANCELLED);
        assertThat(done.processed()).isZero();
        assertThat(done.lastError()).isNull();
        assertThat(actionCalls).hasValue(0);
        assertThat(interruptedAtTheEnd).as("cancel's interrupt does not leak out of the wait").isFalse();
    }

    @Test
    void anExceptionFromTheActionEndsInFailedWithItsMessage() {
        BulkOperation operation = BulkOperation.builder("replay", new Ids(100, 10), ids -> {
            if (actionCalls.incrementAndGet() == 2) {
                throw new IllegalStateException("NOSCRIPT No matching script");
            }
            return ChunkResult.allSucceeded(ids.size());
        }).total(100).ticker(ticker).start(Runnable::run);

        CompletableFuture<Progress> completion = operation.completion();
        assertThat(completion).isCompleted();
        Progress done = completion.join();

        assertThat(done.state()).isEqualTo(State.FAILED);
        assertThat(done.lastError()).isEqualTo("Chunk 2 failed: IllegalStateException: NOSCRIPT No matching script");
        assertThat(done.processed()).as("the chunk that threw is not counted").isEqualTo(10);
        assertThat(done.remaining()).isEmpty();
        assertThat(actionCalls).hasValue(2);
    }

    @Test
    void anExceptionFromTheSourceEndsInFailedWithItsMessage() {
        Ids ids = new Ids(100, 10);
        ChunkSource failsOnTheThirdRead = () -> {
            if (ids.calls.get() == 2) {
                throw new IOException("Connection reset by peer");
            }
            return ids.next();
        };

        Progress done = BulkOperation.builder("purge", failsOnTheThirdRead, this::succeedAll).ticker(ticker).run();

        assertThat(done.state()).isEqualTo(State.FAILED);
        assertThat(done.lastError()).isEqualTo("Reading chunk 3 failed: IOException: Connection reset by peer");
        assertThat(done.processed()).isEqualTo(20);
    }

    @Test
    void aSourceThatReturnsNullFailsWithAClearMessage() {
        Progress done = BulkOperation.builder("purge", () -> null, this::succeedAll).ticker(ticker).run();

        assertThat(done.state()).isEqualTo(State.FAILED);
        assertThat(done.lastError()).contains("Reading chunk 1 failed", "returned null");
    }

    @Test
    void theRateLimitPacesTheOperationInFakeTime() {
        Progress done = BulkOperation.builder("replay", new Ids(500, 50), this::succeedAll)
                .total(500).ratePerSecond(100).ticker(ticker).run();

        // 500 ids at 100 a second, less the ten the full bucket lets through at once.
        assertThat(done.elapsed()).isCloseTo(Duration.ofMillis(4_900), Duration.ofMillis(1));
        assertThat(done.ratePerSecond()).isCloseTo(500 / 4.9, offset(0.1));
        assertThat(ticker.sleeps()).isEqualTo(10);
    }

    @Test
    void theRemainingTimeIsEstimatedOnceChunksHaveRun() {
        List<Progress> events = new ArrayList<>();
        BulkOperation notStarted = BulkOperation.builder("replay", new Ids(100, 10), this::succeedAll)
                .total(100).ticker(ticker).start(task -> { });
        assertThat(notStarted.progress().remaining()).isEmpty();
        assertThat(notStarted.progress().elapsed()).isZero();

        BulkOperation.builder("replay", new Ids(100, 10), ids -> {
                    ticker.advance(Duration.ofSeconds(1));
                    return ChunkResult.allSucceeded(ids.size());
                })
                .total(100).ticker(ticker).onProgress(events::add).run();

        // Ten ids a second of fake time, so after the first chunk 90 ids are nine seconds away.
        assertThat(events.get(0).ratePerSecond()).isEqualTo(10.0);
        assertThat(events.get(0).remaining()).contains(Duration.ofSeconds(9));
        assertThat(events.get(0).fractionDone()).isEqualTo(0.1);
        assertThat(events.get(4).remaining()).contains(Duration.ofSeconds(5));
        assertThat(events.get(10).remaining()).contains(Duration.ZERO);
    }

    @Test
    void withoutATotalThereIsNoEstimate() {
        List<Progress> events = new ArrayList<>();
        BulkOperation.builder("replay", new Ids(30, 10), ids -> {
                    ticker.advance(Duration.ofSeconds(1));
                    return ChunkResult.allSucceeded(ids.size());
                })
                .ticker(ticker).onProgress(events::add).run();

        assertThat(events.get(0).total()).isEqualTo(-1);
        assertThat(events.get(0).ratePerSecond()).isEqualTo(10.0);
        assertThat(events.get(0).remaining()).isEqualTo(Optional.empty());
        assertThat(events.get(0).fractionDone()).isEqualTo(-1);
    }

    @Test
    void timeSpentPausedCountsNeitherTowardsElapsedNorTheRate() throws InterruptedException {
        AtomicReference<BulkOperation> handle = new AtomicReference<>();
        AtomicBoolean pausedOnce = new AtomicBoolean();
        CountDownLatch paused = new CountDownLatch(1);
        List<Runnable> queued = new ArrayList<>();
        handle.set(BulkOperation.builder("replay", new Ids(100, 10), ids -> {
                    ticker.advance(Duration.ofSeconds(1));
                    return ChunkResult.allSucceeded(ids.size());
                })
                .total(100).ticker(ticker)
                .onProgress(p -> {
                    if (p.processed() == 30 && pausedOnce.compareAndSet(false, true)) {
                        handle.get().pause();
                    } else if (p.state() == State.PAUSED) {
                        paused.countDown();
                    }
                })
                .start(queued::add));
        executor.execute(queued.get(0));

        assertThat(paused.await(5, TimeUnit.SECONDS)).isTrue();
        ticker.advance(Duration.ofHours(1));
        assertThat(handle.get().progress().elapsed()).isEqualTo(Duration.ofSeconds(3));
        handle.get().resume();
        Progress done = handle.get().await();

        assertThat(done.elapsed()).isEqualTo(Duration.ofSeconds(10));
        assertThat(done.ratePerSecond()).isEqualTo(10.0);
    }

    @Test
    void aBrokenListenerDoesNotStopTheOperation() {
        Progress done = BulkOperation.builder("purge", new Ids(30, 10), this::succeedAll)
                .ticker(ticker)
                .onProgress(p -> {
                    throw new IllegalStateException("progress bar is gone");
                })
                .run();

        assertThat(done.state()).isEqualTo(State.COMPLETED);
        assertThat(done.processed()).isEqualTo(30);
    }

    private ChunkResult succeedAll(List<String> ids) {
        actionCalls.incrementAndGet();
        return ChunkResult.allSucceeded(ids.size());
    }

    /** Hands out dl-0, dl-1, ... in chunks, then an empty list. */
    private static final class Ids implements ChunkSource {
        final AtomicInteger calls = new AtomicInteger();
        private final int total;
        private final int size;
        private int next;

        Ids(int total, int size) {
            this.total = total;
            this.size = size;
        }

        @Override
        public List<String> next() {
            calls.incrementAndGet();
            int end = Math.min(total, next + size);
            List<String> ids = IntStream.range(next, end).mapToObj(i -> "dl-" + i).toList();
            next = end;
            return ids;
        }
    }
}
