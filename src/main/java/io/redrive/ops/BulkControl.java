package io.redrive.ops;

import io.redrive.ops.BulkOperation.ChunkResult;
import io.redrive.ops.BulkOperation.Progress;
import io.redrive.ops.BulkOperation.State;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bookkeeping of one {@link BulkOperation}, shared by its worker and whoever steers it: pause, resume and cancel
 * requests, the counts, the time spent running and the wait for the rate limit. Everything here is guarded by one
 * lock; the worker's own loop (reading chunks, applying them, telling listeners) stays in {@link BulkOperation}.
 */
final class BulkControl {
    private final long total;
    private final RateLimiter limiter;
    private final Ticker ticker;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition resumedOrCancelled = lock.newCondition();
    private boolean pauseRequested;
    private boolean cancelRequested;
    private State finalState;
    private long processed;
    private long succeeded;
    private long skipped;
    private long failed;
    private String lastError;
    private boolean started;
    private long startedAt;
    private boolean pausedNow;
    private long pausedSince;
    private long pausedNanos;
    private long endedAt;
    /** The worker while it sleeps for the rate limit, the only time cancel() may interrupt it. */
    private Thread waitingForPermits;
    private boolean interruptedByCancel;

    BulkControl(long total, double ratePerSecond, Ticker ticker) {
        this.total = total;
        this.ticker = ticker;
        this.limiter = new RateLimiter(ratePerSecond, ticker);
    }

    /** The worker has begun: elapsed time counts from now. */
    void started() {
        lock.lock();
        try {
            startedAt = ticker.nanos();
            started = true;
        } finally {
            lock.unlock();
        }
    }

    Progress progress() {
        lock.lock();
        try {
            return snapshot();
        } finally {
            lock.unlock();
        }
    }

    void pause() {
        lock.lock();
        try {
            if (finalState == null) {
                pauseRequested = true;
            }
        } finally {
            lock.unlock();
        }
    }

    void resume() {
        lock.lock();
        try {
            pauseRequested = false;
            resumedOrCancelled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void cancel() {
        lock.lock();
        try {
            if (finalState != null) {
                return;
            }
            cancelRequested = true;
            resumedOrCancelled.signalAll();
            // Only a sleep for permits is interrupted, never a chunk: the lock keeps the worker from leaving the
            // sleep in between, and it clears the interrupt when it does.
            if (waitingForPermits != null && !interruptedByCancel) {
                interruptedByCancel = true;
                waitingForPermits.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    boolean isCancelRequested() {
        lock.lock();
        try {
            return cancelRequested;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits while paused; says whether to go on (false once cancelled). {@code paused} runs once the pause has
     * begun and {@code resumed} once it is over and the operation goes on; both outside the lock.
     */
    boolean awaitGoAhead(Runnable paused, Runnable resumed) {
        lock.lock();
        try {
            if (cancelRequested) {
                return false;
            }
            if (!pauseRequested) {
                return true;
            }
            pausedNow = true;
            pausedSince = ticker.nanos();
        } finally {
            lock.unlock();
        }
        paused.run();
        boolean goOn;
        lock.lock();
        try {
            while (pauseRequested && !cancelRequested) {
                resumedOrCancelled.await();
            }
        } catch (InterruptedException e) {
            stopForInterrupt("while paused");
        } finally {
            pausedNanos += ticker.nanos() - pausedSince;
            pausedNow = false;
            goOn = !cancelRequested;
            lock.unlock();
        }
        if (goOn) {
            resumed.run();
        }
        return goOn;
    }

    /** Waits for the rate limit; false if the wait was cut short. */
    boolean acquirePermits(int permits) {
        lock.lock();
        try {
            if (cancelRequested) {
                return false;
            }
            waitingForPermits = Thread.currentThread();
        } finally {
            lock.unlock();
        }
        boolean granted = false;
        try {
            limiter.acquire(permits);
            granted = true;
        } catch (InterruptedException e) {
            lock.lock();
            try {
                if (!interruptedByCancel) {
                    stopForInterrupt("waiting for the rate limit");
                }
            } finally {
                lock.unlock();
            }
        } finally {
            lock.lock();
            try {
                waitingForPermits = null;
                if (interruptedByCancel) {
                    // Ours, and it may have landed just after the sleep ended: the next chunk must not see it.
                    Thread.interrupted();
                    interruptedByCancel = false;
                }
            } finally {
                lock.unlock();
            }
        }
        return granted;
    }

    /**
     * Someone other than {@link #cancel()} interrupted the worker (an executor shutting down): stop as if
     * cancelled, say why, and keep the interrupt for the executor. Call with the lock held.
     */
    private void stopForInterrupt(String when) {
        cancelRequested = true;
        lastError = "Interrupted " + when;
        Thread.currentThread().interrupt();
    }

    void count(int size, ChunkResult result) {
        lock.lock();
        try {
            processed += size;
            succeeded += result.succeeded();
            skipped += result.skipped();
            failed += result.failed();
        } finally {
            lock.unlock();
        }
    }

    void failedBecause(String message) {
        lock.lock();
        try {
            lastError = message;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the operation in {@code end} and returns its final progress. */
    Progress finish(State end) {
        lock.lock();
        try {
            finalState = end;
            endedAt = ticker.nanos();
            pauseRequested = false;
            return snapshot();
        } finally {
            lock.unlock();
        }
    }

    /** Call with the lock held. */
    private Progress snapshot() {
        State state = finalState != null ? finalState : pauseRequested ? State.PAUSED : State.RUNNING;
        long elapsedNanos = 0;
        if (started) {
            long until = finalState != null ? endedAt : pausedNow ? pausedSince : ticker.nanos();
            elapsedNanos = Math.max(0, until - startedAt - pausedNanos);
        }
        double rate = elapsedNanos > 0 ? processed * 1e9 / elapsedNanos : 0;
        return new Progress(total, processed, succeeded, skipped, failed, state, Duration.ofNanos(elapsedNanos),
                rate, remaining(state, rate), lastError);
    }

    private Optional<Duration> remaining(State state, double rate) {
        if (state == State.COMPLETED) {
            return Optional.of(Duration.ZERO);
        }
        if (state.isFinal() || total < 0 || rate <= 0) {
            return Optional.empty();
        }
        long left = Math.max(0, total - processed);
        // A cast of a huge double saturates at Long.MAX_VALUE, about 292 years: fine for "a long time".
        return Optional.of(Duration.ofNanos((long) Math.ceil(left / rate * 1e9)));
    }
}
