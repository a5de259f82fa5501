package io.redrive.console.deadletters;

import io.redrive.console.Confirmation;
import io.redrive.console.SessionContext;
import io.redrive.console.Words;
import io.redrive.ops.Actor;
import io.redrive.ops.BulkOperation;
import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.DryRun;
import io.redrive.engine.ImportException;
import io.redrive.engine.ImportPlan;
import io.redrive.engine.Plan;
import io.redrive.engine.ReplayOptions;
import io.redrive.redis.RedisConnection;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

/**
 * The dead-letter screen's actions on many messages at once: replay, purge and restore (dry run, confirmation,
 * progress, summary), export and import. The view model decides what they target and whether they are allowed;
 * this carries them out and says in the status line how they went.
 */
final class RecoveryActions {
    private final SessionContext context;
    private final OperationModel operation;
    private final ReadOnlyStringWrapper status;
    private final Runnable refresh;
    /** Clears the selection and the detail pane and reads the list again, once a bulk operation changed it. */
    private final Runnable afterBulk;

    RecoveryActions(SessionContext context, OperationModel operation, ReadOnlyStringWrapper status, Runnable refresh,
                    Runnable afterBulk) {
        this.context = context;
        this.operation = operation;
        this.status = status;
        this.refresh = refresh;
        this.afterBulk = afterBulk;
    }

    void replay(List<DeadLetterTarget> targets, ReplayRequest request) {
        ReplayOptions options = ReplayOptions.defaults(context.session().actor()).rate(request.ratePerSecond());
        if (request.toQueue() != null) {
            options = options.toQueue(request.toQueue());
        }
        if (!request.resetAttempts()) {
            options = options.keepAttempts();
        }
        ReplayOptions chosen = options;
        bulk("replay", "Replaying", () -> targets.stream().map(t -> letters().preview("replay", t, request.ratePerSecond(),
                request.toQueue())).toList(), previewId -> letters().replay(previewId, chosen));
    }

    void purge(List<DeadLetterTarget> targets) {
        Actor actor = context.session().actor();
        bulk("purge", "Purging", () -> targets.stream().map(t -> letters().preview("purge", t, 0, null)).toList(),
                previewId -> letters().purge(previewId, 0, actor));
    }

    /** Restores purged dead letters by queue; an empty list stands for that queue's whole trash. */
    void restore(Map<String, List<String>> idsByQueue) {
        Actor actor = context.session().actor();
        bulk("restore", "Restoring", () -> List.of(letters().previewRestore(idsByQueue)),
                previewId -> letters().restore(previewId, actor));
    }

    /**
     * Dry run, confirmation, then the operations one after another with the progress bar. The dry runs fix their
     * sets (kept in Redis), and what runs is exactly those sets: dead letters that arrive while the confirmation is
     * open are left alone, and the result says how many.
     */
    private void bulk(String name, String verb, Callable<List<DryRun>> dryRuns, Function<String, BulkOperation> start) {
        if (busy()) return;
        status.set("Working out what " + name + " would do…");
        context.tasks().run(dryRuns, runs -> {
            Plan plan = Plan.of(runs);
            if (plan.count() == 0) {
                status.set(plan.nothingToDo());
                context.dialogs().showInfo("Nothing to " + name, capitalised(plan.nothingReason()) + "; nothing changed.");
                return;
            }
            if (!context.dialogs().confirm(confirmation(plan))) {
                status.set(plan.notConfirmed());
                return;
            }
            List<Callable<BulkOperation>> starts = runs.stream().filter(r -> r.count() > 0)
                    .map(r -> (Callable<BulkOperation>) () -> start.apply(r.previewId())).toList();
            operation.runBulk(verb, starts, ops -> finished(name, ops), e -> {
                failed(capitalised(name), e);
                refresh.run();
            });
        }, e -> failed("The dry run of " + name, e));
    }

    /** The plan as the operator decides on it; on production the count must be typed. */
    Confirmation confirmation(Plan plan) {
        return new Confirmation(plan.question(), plan.action(), plan.whatHappens(),
                plan.reversibility(context.session().engine().options().trashRetention()), dryRunText(plan),
                plan.count(), !plan.operation().equals("restore"), context.session().settings().environment().isProduction());
    }

    private void finished(String name, List<OperationModel.Finished> ops) {
        List<BulkOperation.Progress> finals = ops.stream().map(OperationModel.Finished::last).toList();
        long arrived = ops.stream().mapToLong(f -> f.operation().leftAlone()).sum();
        long succeeded = finals.stream().mapToLong(BulkOperation.Progress::succeeded).sum();
        long skipped = finals.stream().mapToLong(BulkOperation.Progress::skipped).sum();
        long processed = finals.stream().mapToLong(BulkOperation.Progress::processed).sum();
        Duration took = finals.stream().map(BulkOperation.Progress::elapsed).reduce(Duration.ZERO, Duration::plus);
        BulkOperation.Progress failedOne = finals.stream().filter(p -> p.state() == BulkOperation.State.FAILED).findFirst().orElse(null);
        boolean cancelled = finals.stream().anyMatch(p -> p.state() == BulkOperation.State.CANCELLED);
        long total = finals.stream().mapToLong(p -> Math.max(p.total(), p.processed())).sum();
        String untouched = arrived == 0 ? "" : " " + DeadLetters.arrivedSentence(arrived) + ".";
        if (failedOne != null) {
            String stopped = Plan.stopped(name, processed, succeeded, skipped, failedOne.lastError());
            status.set(stopped);
            context.dialogs().showError(capitalised(name) + " failed", stopped, null);
        } else if (cancelled) {
            status.set(Plan.cancelled(name, false, processed, total, succeeded, skipped) + untouched);
        } else {
            status.set(Plan.summary(name, succeeded, skipped, arrived, took, null)
                    + (name.equals("replay") ? " Follow what becomes of them under Operations." : ""));
        }
        afterBulk.run();
    }

    /** The dry run as the confirmation shows it: the plan's facts, one a line, and a few examples. */
    static String dryRunText(Plan plan) {
        StringBuilder text = new StringBuilder();
        for (Plan.Fact fact : plan.facts(ZoneId.systemDefault())) {
            text.append(fact.label()).append(": ").append(fact.value()).append('\n');
        }
        List<DryRun> runs = plan.runs();
        List<DeadLetter> sample = runs.stream().flatMap(r -> r.sample().stream()).limit(5).toList();
        if (!sample.isEmpty()) {
            text.append("\nFor example:\n");
            for (DeadLetter d : sample) {
                text.append("  ").append(d.id()).append(" (").append(d.queue()).append("), died ")
                        .append(Words.time(d.deadAt())).append('\n');
                if (d.lastError() != null) {
                    text.append("    ").append(DeadLettersViewModel.abbreviate(d.lastError(), 90)).append('\n');
                }
            }
        }
        return text.toString();
    }

    /** Restores the whole trash of these queues (null: every queue), after a dry run that counts it. */
    void restoreAll(List<String> queues) {
        Actor actor = context.session().actor();
        bulk("restore", "Restoring", () -> {
            Map<String, List<String>> everything = new LinkedHashMap<>();
            for (String q : queues == null ? context.session().engine().queueNames() : queues) {
                everything.put(q, List.of());
            }
            return List.of(letters().previewRestore(everything));
        }, previewId -> letters().restore(previewId, actor));
    }

    /** Writes these dead letters to a JSON Lines file, deleting it again when the export fails or is cancelled. */
    void export(Path file, List<DeadLetterTarget> targets) {
        operation.runCounting("Exporting to " + file.getFileName(), (progress, cancelled) -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                long written = 0;
                for (DeadLetterTarget target : targets) {
                    long before = written;
                    written += letters().export(target, new KeepOpen(out), n -> {
                        if (cancelled.getAsBoolean()) {
                            throw new CancellationException("Export cancelled");
                        }
                        progress.accept(before + n);
                    });
                }
                return written;
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(file);  // never leave half an export that looks whole
                throw e;
            }
        }, written -> status.set(String.format("Exported %,d dead letters to %s.", written, file)), e -> {
            if (e instanceof CancellationException) {
                status.set("Export cancelled; the partial file was deleted.");
            } else {
                failed("Export", e);
            }
        });
    }

    /** Imports a JSON Lines file written by an export, into the queues named in it. */
    void importFrom(Path file) {
        ImportPlan plan = new ImportPlan(file.getFileName(), null);
        if (!context.dialogs().confirm(new Confirmation(plan.question(), plan.action(), plan.whatHappens(),
                plan.reversibility(), "", 0, false, false))) {
            status.set(plan.notConfirmed());
            return;
        }
        Actor actor = context.session().actor();
        operation.runCounting("Importing " + file.getFileName(), (progress, cancelled) -> {
                    long written = letters().importFrom(file, null, actor);
                    return plan.summary(written, ImportPlan.messagesIn(file));
                }, summary -> {
                    status.set(summary);
                    refresh.run();
                }, e -> {
                    if (e instanceof ImportException bad) {
                        status.set(ImportPlan.failedAt(bad.line()));
                        context.dialogs().showError("Import failed at line " + bad.line(), bad.getMessage(), null);
                    } else {
                        failed("Import", e);
                    }
                });
    }

    /** Whether an operation is running, saying so in the status line. */
    boolean busy() {
        if (!operation.runningProperty().get()) {
            return false;
        }
        status.set("Another operation is running: wait for it, or cancel it, first.");
        return true;
    }

    void failed(String what, Throwable e) {
        status.set(what + " failed: " + RedisConnection.describe(e));
        context.dialogs().showError(what + " failed", RedisConnection.describe(e), e);
    }

    private DeadLetters letters() {
        return context.session().engine().deadLetters();
    }

    static String capitalised(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** Lets the engine's export close its writer without closing the file, so several exports share one file. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
