package io.redrive.console;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The console's {@link TaskExecutor}: a small pool of daemon threads, and {@link Platform#runLater} for the UI. */
public final class BackgroundTasks implements TaskExecutor, AutoCloseable {
    private final ExecutorService pool;

    public BackgroundTasks() {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "redrive-console-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    future.complete(work.call());
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            // the console is closing: a refresh that comes this late is dropped, never run
        }
        return future;
    }

    @Override
    public Executor ui() {
        return Platform::runLater;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /**
     * Takes no more work and waits up to {@code timeout} for the work already started to end, so that a session
     * can be closed under none of it (closing with {@link #close} interrupts it instead). True when all of it ended.
     */
    public boolean closeWhenDone(Duration timeout) throws InterruptedException {
        pool.shutdown();
        return pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
