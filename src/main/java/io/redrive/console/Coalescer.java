package io.redrive.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Carries updates (chart points, snapshots, progress of a bulk operation or a scan) from any thread to the UI
 * thread. However fast updates arrive, at most one UI task is pending at a time: it takes everything that arrived
 * since the last one in a single batch, so a chart redraws once on the next pulse and a progress report after every
 * chunk never floods the UI thread's queue. While paused, batches are held (up to a limit, oldest dropped first)
 * and handed over on resume, so pausing freezes the picture without losing what happened meanwhile.
 *
 * @param <T> one update: a point, or a whole snapshot when only the latest counts
 */
public final class Coalescer<T> {
    private final Executor ui;
    private final Consumer<List<T>> sink;
    private final int heldLimit;
    private final ConcurrentLinkedQueue<T> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong uiTasks = new AtomicLong();
    private final List<T> held = new ArrayList<>();
    private boolean paused;

    /**
     * @param ui        runs tasks on the UI thread ({@code Platform::runLater}, or inline in tests)
     * @param sink      applies a batch, oldest first; called on the UI thread
     * @param heldLimit how many updates a pause keeps at most
     */
    public Coalescer(Executor ui, Consumer<List<T>> sink, int heldLimit) {
        this.ui = Objects.requireNonNull(ui, "ui");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.heldLimit = heldLimit;
    }

    /** A coalescer that applies only the latest update of each batch: the last value always arrives. */
    public static <T> Coalescer<T> latest(Executor ui, Consumer<T> apply) {
        Objects.requireNonNull(apply, "apply");
        return new Coalescer<>(ui, batch -> apply.accept(batch.get(batch.size() - 1)), 1);
    }

    /** Queues an update; from any thread. */
    public void post(T update) {
        inbox.add(update);
        if (scheduled.compareAndSet(false, true)) {
            uiTasks.incrementAndGet();
            ui.execute(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);  // updates posted from here on schedule the next task
        List<T> batch = new ArrayList<>();
        for (T next = inbox.poll(); next != null; next = inbox.poll()) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        if (paused) {
            held.addAll(batch);
            if (held.size() > heldLimit) {
                held.subList(0, held.size() - heldLimit).clear();
            }
            return;
        }
        sink.accept(batch);
    }

    /** Stops or resumes handing updates to the chart; on the UI thread. */
    public void setPaused(boolean paused) {
        this.paused = paused;
        if (!paused && !held.isEmpty()) {
            List<T> batch = new ArrayList<>(held);
            held.clear();
            sink.accept(batch);
        }
    }

    public boolean isPaused() {
        return paused;
    }

    /** How many UI tasks this coalescer has posted so far: at most one per batch, however many updates. */
    public long uiTasksPosted() {
        return uiTasks.get();
    }
}
