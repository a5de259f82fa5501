package io.redrive.console;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Where view models run their work: Redis calls on a background thread, results back on the UI thread. Tests of
 * view models use {@link #direct()}, which runs everything at once on the calling thread, so they need no toolkit.
 */
public interface TaskExecutor {
    /** Runs the work off the UI thread. */
    <T> CompletableFuture<T> submit(Callable<T> work);

    /** Runs a state update on the UI thread. */
    Executor ui();

    /** Runs the work in the background and hands its result (or error) to the UI thread. */
    default <T> CompletableFuture<T> run(Callable<T> work, Consumer<T> onResult,
                                         Consumer<Throwable> onError) {
        CompletableFuture<T> future = submit(work);
        future.whenCompleteAsync((result, error) -> {
            if (error != null) {
                onError.accept(error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
            } else {
                onResult.accept(result);
            }
        }, ui());
        return future;
    }

    /** Everything on the calling thread: for view-model tests. */
    static TaskExecutor direct() {
        return new TaskExecutor() {
            @Override
            public <T> CompletableFuture<T> submit(Callable<T> work) {
                try {
                    return CompletableFuture.completedFuture(work.call());
                } catch (Exception e) {
                    return CompletableFuture.failedFuture(e);
                }
            }

            @Override
            public Executor ui() {
                return Runnable::run;
            }
        };
    }
}
