package io.redrive.console.deadletters;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands the latest of a stream of values to the UI thread with at most one update pending at a time: a bulk
 * operation reporting after every chunk, or a scan after every page, never floods the UI thread's queue, and
 * the last value always arrives.
 */
final class Coalescer<T> {
    private final Executor ui;
    private final Consumer<T> apply;
    private final AtomicReference<T> pending = new AtomicReference<>();

    Coalescer(Executor ui, Consumer<T> apply) {
        this.ui = ui;
        this.apply = apply;
    }

    /** Called from any thread; the UI sees this value or a later one. */
    void offer(T value) {
        if (pending.getAndSet(value) == null) {
            ui.execute(() -> {
                T latest = pending.getAndSet(null);
                if (latest != null) {
                    apply.accept(latest);
                }
            });
        }
    }
}
