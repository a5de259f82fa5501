package io.redrive.console.deadletters;

import io.redrive.console.Coalescer;
import io.redrive.console.TaskExecutor;
import io.redrive.console.Words;
import io.redrive.ops.BulkOperation;
import java.time.Duration;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The progress bar under the dead-letter screen: one long operation at a time (a bulk replay, purge or restore,
 * possibly one per queue in turn, or an export), followed through {@link BulkOperation#onProgress} with every
 * update hopping to the UI thread through a {@link Coalescer}. Pause and resume act on the running bulk operation;
 * cancel stops it and any steps after it.
 */
final class OperationModel {
    private final TaskExecutor tasks;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper pausable = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper label = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final AtomicReference<BulkOperation> current = new AtomicReference<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Coalescer<Step> steps;
    private final Coalescer<Long> counts;
    private volatile String verb = "";

    /** Where a sequence of bulk operations is: operation {@code number} of {@code of}, and its progress. */
    private record Step(int number, int of, BulkOperation.Progress progress) { }

    OperationModel(TaskExecutor tasks) {
        this.tasks = tasks;
        this.steps = Coalescer.latest(tasks.ui(), this::show);
        this.counts = Coalescer.latest(tasks.ui(), n -> label.set(verb + ": " + String.format("%,d", n) + " so far"));
    }

    ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    ReadOnlyBooleanProperty pausedProperty() { return paused.getReadOnlyProperty(); }
    /** Whether the running operation can pause (bulk operations can; an export cannot). */
    ReadOnlyBooleanProperty pausableProperty() { return pausable.getReadOnlyProperty(); }
    ReadOnlyStringProperty labelProperty() { return label.getReadOnlyProperty(); }
    /** From 0 to 1, or -1 while the total is unknown. */
    ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }

    /**
     * Starts each step's bulk operation in turn, in the background, following its progress; {@code done} gets
     * the final progress of every step that ran (on the UI thread). A failure to start a step ends the sequence.
     */
    /** An operation that ran, with its final progress. */
    record Finished(BulkOperation operation, BulkOperation.Progress last) { }

    void runBulk(String verb, List<Callable<BulkOperation>> starts, Consumer<List<Finished>> done,
                 Consumer<Throwable> failed) {
        begin(verb, true);
        tasks.run(() -> {
            List<Finished> finals = new ArrayList<>();
            for (int i = 0; i < starts.size() && !cancelled.get(); i++) {
                int number = i + 1;
                BulkOperation operation = starts.get(i).call();
                current.set(operation);
                if (cancelled.get()) {
                    operation.cancel();  // cancelled while it was starting
                }
                operation.onProgress(p -> steps.post(new Step(number, starts.size(), p)));
                steps.post(new Step(number, starts.size(), operation.progress()));
                BulkOperation.Progress last = operation.await();
                steps.post(new Step(number, starts.size(), last));
                finals.add(new Finished(operation, last));
                current.set(null);
            }
            return finals;
        }, finals -> {
            end();
            done.accept(finals);
        }, e -> {
            end();
            failed.accept(e);
        });
    }

    /** Runs work that reports a running count (an export) and can be cancelled between reports, but not paused. */
    <T> void runCounting(String verb, CountingWork<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        begin(verb, false);
        progress.set(-1);
        tasks.run(() -> work.run(counts::post, cancelled::get), result -> {
            end();
            done.accept(result);
        }, e -> {
            end();
            failed.accept(e);
        });
    }

    /** Work for {@link #runCounting}. */
    @FunctionalInterface
    interface CountingWork<T> {
        T run(LongConsumer progress, BooleanSupplier cancelled) throws Exception;
    }

    // Commands

    void pauseOrResume() {
        BulkOperation operation = current.get();
        if (operation == null) {
            return;
        }
        if (paused.get()) {
            operation.resume();
        } else {
            operation.pause();
        }
    }

    void cancel() {
        cancelled.set(true);
        BulkOperation operation = current.get();
        if (operation != null) {
            operation.cancel();
        }
        if (running.get()) {
            label.set(verb + ": cancelling…");
        }
    }

    private void begin(String verb, boolean canPause) {
        this.verb = verb;
        cancelled.set(false);
        running.set(true);
        paused.set(false);
        pausable.set(canPause);
        progress.set(-1);
        label.set(verb + "…");
    }

    private void end() {
        running.set(false);
        paused.set(false);
        pausable.set(false);
        current.set(null);
    }

    private void show(Step step) {
        BulkOperation.Progress p = step.progress();
        paused.set(p.state() == BulkOperation.State.PAUSED);
        progress.set(p.fractionDone());
        StringBuilder text = new StringBuilder(verb);
        if (step.of() > 1) {
            text.append(" (queue ").append(step.number()).append(" of ").append(step.of()).append(")");
        }
        text.append(": ").append(String.format("%,d", p.processed()));
        if (p.total() >= 0) {
            text.append(" of ").append(String.format("%,d", p.total()));
        }
        switch (p.state()) {
            case PAUSED -> text.append(" · paused");
            case RUNNING -> {
                if (p.ratePerSecond() > 0) {
                    text.append(String.format(" · %,.0f/s", p.ratePerSecond()));
                }
                p.remaining().ifPresent(left -> text.append(" · about ").append(Words.duration(left)).append(" left"));
            }
            default -> text.append(" · ").append(p.state().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        label.set(text.toString());
    }

    /** Kept for the bulk code the lead is rewriting; new code calls {@link Words#duration} directly. */
    static String duration(Duration d) {
        return Words.duration(d);
    }
}
