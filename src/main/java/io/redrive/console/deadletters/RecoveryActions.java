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
            long count = runs.stream().mapToLong(DryRun::count).sum();
            if (count == 0) {
                String none = name.equals("restore") ? "the trash holds none of these" : "none of these are dead letters any more";
                status.set("Nothing to " + name + ": " + none + ".");
                context.dialogs().showInfo("Nothing to " + name, capitalised(none) + "; nothing changed.");
                return;
            }
            if (!context.dialogs().confirm(confirmation(name, runs, count))) {
                status.set(capitalised(name) + " cancelled: nothing changed.");
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

    /** The decision as the operator sees it: what, how many, where, whether it can be undone, and a few examples. */
    Confirmation confirmation(String name, List<DryRun> runs, long count) {
        String things = name.equals("restore") ? "purged dead letter" : "dead letter";
        String counted = String.format("%,d %s%s", count, things, count == 1 ? "" : "s");
        String which = runs.size() == 1 ? which(count, runs.get(0).target(), counted) : counted + " (" + runs.size() + " selections)";
        String whatHappens = switch (name) {
            case "replay" -> String.format("Replay %s to %s: they will be processed again.", which, runs.get(0).destination());
            case "purge" -> String.format("Purge %s to the trash.", which);
            default -> String.format("Restore %s from the trash to the dead-letter queue, as they were before the purge.", which);
        };
        String reversibility = switch (name) {
            case "replay" -> "Replay cannot be undone: what the consumers do with the messages is done.";
            case "purge" -> "Purge moves them to the trash for " + context.session().engine().options().trashRetention().toHours()
                    + " h, where they can be restored; after that they are deleted.";
            default -> "Restore can be undone by purging them again.";
        };
        return new Confirmation(String.format("%s %s?", capitalised(name), counted),
                String.format("%s %,d", capitalised(name), count), whatHappens, reversibility, dryRunText(runs, count),
                count, !name.equals("restore"), context.session().settings().environment().isProduction());
    }

    /** "the 46 dead letters in payments with group d795…", "all 12 dead letters", "3 dead letters (3 messages in queue q)". */
    private static String which(long count, String target, String counted) {
        String n = String.format("%,d", count);
        if (target.startsWith("all dead letters")) return "all " + n + target.substring("all".length());
        if (target.startsWith("dead letters") || target.startsWith("purged dead letters")) return "the " + n + " " + target;
        return counted + " (" + target + ")";
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
        String done = String.format("%s %,d dead letter%s", pastTense(name), succeeded, succeeded == 1 ? "" : "s")
                + (skipped > 0 ? String.format(" (%,d skipped: gone meanwhile or over the replay cap)", skipped) : "");
        String untouched = arrived == 0 ? "" : " " + DeadLetters.arrivedSentence(arrived) + ".";
        if (failedOne != null) {
            status.set(capitalised(name) + " failed after " + String.format("%,d", processed) + ": " + failedOne.lastError());
            context.dialogs().showError(capitalised(name) + " failed", done + " before it stopped: " + failedOne.lastError(), null);
        } else if (cancelled) {
            status.set(capitalised(name) + " cancelled. " + done + " before it stopped." + untouched);
        } else {
            status.set(done + " in " + OperationModel.duration(took) + "." + untouched
                    + (name.equals("replay") ? " Follow what becomes of them under Operations." : ""));
        }
        afterBulk.run();
    }

    /** The dry run as the confirmation shows it: what, how many, where to, how long, and a few examples. */
    static String dryRunText(List<DryRun> runs, long count) {
        StringBuilder text = new StringBuilder();
        for (DryRun run : runs) {
            text.append(runs.size() == 1 ? "What: " : "  · ").append(run.target())
                    .append(runs.size() == 1 ? "" : String.format(" (%,d)", run.count())).append('\n');
        }
        if (runs.size() > 1) {
            text.insert(0, "What:\n");
        }
        text.append(String.format("Count: %,d%n", count));
        text.append("Destination: ").append(runs.get(0).destination()).append('\n');
        Duration estimated = runs.stream().map(DryRun::estimated).reduce(Duration.ZERO, Duration::plus);
        text.append("Estimated time: ").append(OperationModel.duration(estimated)).append('\n');
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
        if (!context.dialogs().confirm(new Confirmation("Import the dead letters in " + file.getFileName() + "?", "Import",
                "Import the dead letters in " + file.getFileName() + " into the queues named in the file, on this connection. "
                        + "Every line is checked before anything is written; messages whose id exists already are skipped.",
                "Imported dead letters can be purged again; nothing already here is changed.", "", 0, false, false))) {
            status.set("Import cancelled: nothing changed.");
            return;
        }
        Actor actor = context.session().actor();
        operation.runCounting("Importing " + file.getFileName(), (progress, cancelled) -> letters().importFrom(file, null, actor),
                written -> {
                    status.set(String.format("Imported %,d dead letters from %s.", written, file.getFileName()));
                    refresh.run();
                }, e -> {
                    if (e instanceof ImportException bad) {
                        status.set("Import failed at line " + bad.line() + ": nothing was imported.");
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

    private static String pastTense(String name) {
        return switch (name) {
            case "replay" -> "Replayed";
            case "purge" -> "Purged";
            case "restore" -> "Restored";
            default -> capitalised(name) + "ed";
        };
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
