package io.redrive.cache;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Many callers missing the same key at once cause one load, not a thousand. */
class CacheStampedeIT extends CacheTestSupport {
    private static final int CALLERS = 1_000;

    @Test
    void aThousandConcurrentMissesOnOneKeyCallTheLoaderOnce() throws InterruptedException {
        Cache cache = cache();
        Stampede stampede = new Stampede(List.of(cache));

        stampede.run(c -> c.getOrLoad("document", "42", Document.class, stampede.loader(document("42"))));

        assertThat(stampede.loads).hasValue(1);
        assertThat(stampede.failures).isEmpty();
        assertThat(stampede.results).hasSize(CALLERS).containsOnly(document("42"));
        assertThat(cache.get("document", "42", Document.class)).contains(document("42"));
        assertThat(cache.localStats().get("document").loads()).isEqualTo(1);
    }

    @Test
    void withTheDistributedLoadLockTwoProcessesLoadAMissingKeyOnceBetweenThem() throws InterruptedException {
        // a generous lock timeout, so the documented fallback (load anyway when the lock holder takes too long) never applies
        Cache first = cache(b -> b.distributedLoadLock(true, Duration.ofSeconds(30)));
        Cache second = cache(b -> b.distributedLoadLock(true, Duration.ofSeconds(30)));
        Stampede stampede = new Stampede(List.of(first, second));

        stampede.run(cache -> cache.getOrLoad("document", "42", Document.class, stampede.loader(document("42"))));

        assertThat(stampede.loads).hasValue(1);
        assertThat(stampede.failures).isEmpty();
        assertThat(stampede.results).hasSize(2 * CALLERS).containsOnly(document("42"));
        assertThat(exists(keys.loadLock(keys.value("document", "42")))).as("the lock is released").isFalse();
    }

    @Test
    void withoutTheDistributedLoadLockEachProcessLoadsOnceOnItsOwn() throws InterruptedException {
        Cache first = cache();
        Cache second = cache();
        Stampede stampede = new Stampede(List.of(first, second));
        Supplier<Document> gated = stampede.loader(document("42"));
        CountDownLatch bothLoading = new CountDownLatch(2);  // neither load ends before the other has begun

        stampede.run(cache -> cache.getOrLoad("document", "42", Document.class, () -> {
            bothLoading.countDown();
            try {
                assertThat(bothLoading.await(30, TimeUnit.SECONDS)).as("the other process loads too").isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return gated.get();
        }));

        assertThat(stampede.loads).hasValue(2);
        assertThat(first.localStats().get("document").loads()).isEqualTo(1);
        assertThat(second.localStats().get("document").loads()).isEqualTo(1);
        assertThat(stampede.failures).isEmpty();
        assertThat(stampede.results).hasSize(2 * CALLERS).containsOnly(document("42"));
    }

    @Test
    void whenTheSharedLoadFailsEveryWaitingCallerGetsTheLoadersException() throws InterruptedException {
        Cache cache = cache();
        IllegalStateException failure = new IllegalStateException("the document store is down");
        Stampede stampede = new Stampede(List.of(cache));
        Supplier<Document> failing = stampede.loader(null);

        stampede.run(c -> c.getOrLoad("document", "42", Document.class, () -> {
            failing.get();
            throw failure;
        }));

        assertThat(stampede.loads).hasValue(1);
        assertThat(stampede.results).isEmpty();
        assertThat(stampede.failures).hasSize(CALLERS).allSatisfy(e -> assertThat(e).isSameAs(failure));
        assertThat(exists(keys.value("document", "42"))).isFalse();
    }

    @Test
    void callersWhoMissJustAsALoadFinishesTakeItsValueInsteadOfLoadingAgain() throws Exception {
        // no holding back here: the load ends while callers are still arriving, the moment a late caller could load again
        Cache cache = cache();
        int callers = 100;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            for (int round = 0; round < 50; round++) {
                String key = "round-" + round;
                AtomicInteger loads = new AtomicInteger();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Document>> calls = new ArrayList<>(callers);
                for (int i = 0; i < callers; i++) {
                    calls.add(pool.submit(() -> {
                        start.await();
                        return cache.getOrLoad("document", key, Document.class, () -> {
                            loads.incrementAndGet();
                            return document(key);
                        });
                    }));
                }
                start.countDown();
                for (Future<Document> call : calls) {
                    assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(document(key));
                }
                assertThat(loads).as("loader calls in round %d", round).hasValue(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * {@link #CALLERS} threads per cache, released together by a latch, each making one call. The loader holds
     * back until every other caller has missed and is parked waiting for a result, so that no caller can arrive
     * after the load and count as a second stampede.
     */
    private static final class Stampede {
        final List<Cache> caches;
        final List<Thread> callers = new ArrayList<>();
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger arrived = new AtomicInteger();
        final Queue<Object> results = new ConcurrentLinkedQueue<>();
        final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

        Stampede(List<Cache> caches) {
            this.caches = caches;
        }

        <T> Supplier<T> loader(T value) {
            return () -> {
                loads.incrementAndGet();
                Thread loading = Thread.currentThread();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> everyOtherCallerWaits(loading));
                return value;
            };
        }

        private boolean everyOtherCallerWaits(Thread loading) {
            if (arrived.get() < callers.size()) {
                return false;
            }
            long misses = caches.stream().mapToLong(c -> {
                CacheCounters counters = c.localStats().get("document");
                return counters == null ? 0 : counters.misses();
            }).sum();
            if (misses < callers.size()) {
                return false;
            }
            // parked waiting for a result, or done already (in another process, whose load has finished)
            return callers.stream().filter(t -> t != loading).allMatch(t -> {
                Thread.State state = t.getState();
                return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                        || state == Thread.State.TERMINATED;
            });
        }

        void run(Function<Cache, Object> call) throws InterruptedException {
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(CALLERS * caches.size());
            for (Cache cache : caches) {
                for (int i = 0; i < CALLERS; i++) {
                    callers.add(new Thread(() -> {
                        try {
                            start.await();
                            arrived.incrementAndGet();
                            results.add(call.apply(cache));
                        } catch (Throwable e) {
                            failures.add(e);
                        } finally {
                            done.countDown();
                        }
                    }, "stampede-" + callers.size()));
                }
            }
            callers.forEach(Thread::start);
            start.countDown();
            assertThat(done.await(90, TimeUnit.SECONDS)).as("every caller returned").isTrue();
        }
    }
}
