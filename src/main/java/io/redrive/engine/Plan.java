package io.redrive.engine;

import io.redrive.ops.TimeWords;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A bulk change to dead letters (replay, purge, restore) as the operator decides on it, in words the console and
 * the command line share: the dry runs it rests on, the question, what happens and whether it can be undone, the
 * sentence when there is nothing to do, the typed confirmation it binds, and the summary afterwards. What runs
 * is exactly the dry runs' kept sets (their preview ids), so the count typed to confirm is the count acted on.
 *
 * @param operation "replay", "purge" or "restore", as in {@link DryRun#operation()}
 * @param runs      one dry run per target, at least one (the console may combine several selections)
 */
public record Plan(String operation, List<DryRun> runs) {
    public Plan {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("A plan rests on at least one dry run");
        }
        runs = List.copyOf(runs);
    }

    /** The plan of one dry run. */
    public static Plan of(DryRun run) {
        return new Plan(run.operation(), List.of(run));
    }

    /** The plan of several dry runs of the same operation. */
    public static Plan of(List<DryRun> runs) {
        return new Plan(runs.isEmpty() ? "" : runs.get(0).operation(), runs);
    }

    /** How many dead letters it acts on, over all its dry runs. */
    public long count() {
        return runs.stream().mapToLong(DryRun::count).sum();
    }

    /** How long it should take, over all its dry runs. */
    public Duration estimated() {
        return runs.stream().map(DryRun::estimated).reduce(Duration.ZERO, Duration::plus);
    }

    /** "14 dead letters", "1 purged dead letter". */
    public String counted() {
        return count(count(), restore() ? "purged dead letter" : "dead letter");
    }

    /** The question: "Replay 14 dead letters?". */
    public String question() {
        return capitalised(operation) + " " + counted() + "?";
    }

    /** The confirming button's words: "Replay 14". */
    public String action() {
        return capitalised(operation) + " " + String.format(Locale.ROOT, "%,d", count());
    }

    /** What will happen, to how many, where: "Purge the 46 dead letters in payments with group d795… to the trash." */
    public String whatHappens() {
        String which = runs.size() == 1 ? which(count(), runs.get(0).target(), counted())
                : counted() + " (" + runs.size() + " selections)";
        return switch (operation) {
            case "replay" -> "Replay " + which + " to " + runs.get(0).destination() + ": they will be processed again.";
            case "purge" -> "Purge " + which + " to the trash.";
            default -> "Restore " + which + " from the trash to the dead-letter queue, as they were before the purge.";
        };
    }

    /** One fact of a dry run as both sides show it: a label ("Count") and its value ("14 dead letters"). */
    public record Fact(String label, String value) {
    }

    /**
     * The dry runs' facts, one set of labels for the console's confirmation and the command line's dry run:
     * What (one line per dry run, with its count when there are several), Count, Destination, Estimated time and
     * Preview (the id that carries out exactly this set, and until when it is kept, in {@code zone}).
     */
    public List<Fact> facts(ZoneId zone) {
        List<Fact> facts = new ArrayList<>();
        for (DryRun run : runs) {
            facts.add(new Fact("What", runs.size() == 1 ? run.target()
                    : run.target() + " (" + String.format(Locale.ROOT, "%,d", run.count()) + ")"));
        }
        facts.add(new Fact("Count", counted()));
        facts.add(new Fact("Destination", runs.get(0).destination()));
        facts.add(new Fact("Estimated time", TimeWords.duration(estimated())));
        List<DryRun> kept = runs.stream().filter(r -> r.previewId() != null && r.expiresAt() != null).toList();
        if (!kept.isEmpty()) {
            Instant keptUntil = kept.stream().map(DryRun::expiresAt).min(Instant::compareTo).orElseThrow();
            facts.add(new Fact("Preview", String.join(", ", kept.stream().map(DryRun::previewId).toList())
                    + " (kept until " + TimeWords.dateTime(keptUntil, zone) + ")"));
        }
        return facts;
    }

    /** Whether it can be undone; a purge says how long the trash keeps what it holds. */
    public String reversibility(Duration trashRetention) {
        return switch (operation) {
            case "replay" -> "Replay cannot be undone: what the consumers do with the messages is done.";
            case "purge" -> "Purge moves them to the trash for " + trashRetention.toHours()
                    + " h, where they can be restored; after that they are deleted.";
            default -> "Restore can be undone by purging them again.";
        };
    }

    /** Why there is nothing to do, when {@link #count()} is 0: "no dead letters match (dead letters in orders)". */
    public String nothingReason() {
        if (restore()) return "the trash holds none of these";
        if (runs.size() > 1) return "none of these are dead letters any more";
        String target = runs.get(0).target();
        return target.startsWith("all ") ? "no dead letters" : "no dead letters match (" + target + ")";
    }

    /** "Nothing to purge: no dead letters match (…)." */
    public String nothingToDo() {
        return "Nothing to " + operation + ": " + nothingReason() + ".";
    }

    /** Said when the operator declines or types another count. */
    public String notConfirmed() {
        return "Not confirmed, so nothing was " + pastTense().toLowerCase(Locale.ROOT) + ".";
    }

    /** Whether what the operator typed confirms this plan: its count, with or without grouping. */
    public boolean confirmedBy(String typed) {
        return typedCountConfirms(typed, count());
    }

    /**
     * The rule for a typed confirmation: the exact count acted on, spaces around it, "1,234" or "1_234" alike.
     * Anything else (another number, a word, nothing) confirms nothing.
     */
    public static boolean typedCountConfirms(String typed, long count) {
        return typed != null && typed.strip().replace(",", "").replace("_", "").equals(Long.toString(count));
    }

    /** "Replayed", "Purged", "Restored". */
    public String pastTense() {
        return pastTense(operation);
    }

    /** Why the operation may skip a dead letter it counted. */
    public String skipReason() {
        return skipReason(operation);
    }

    /** "Replayed", "Purged", "Restored": what a message the operation did counts as. */
    public static String pastTense(String operation) {
        return switch (operation) {
            case "replay" -> "Replayed";
            case "purge" -> "Purged";
            case "restore" -> "Restored";
            default -> capitalised(operation) + "ed";
        };
    }

    /** Why an operation may skip a dead letter it counted, for people. */
    public static String skipReason(String operation) {
        return switch (operation) {
            case "replay" -> "no longer dead letters, or replayed as often as the replay cap allows";
            case "restore" -> "no longer in the trash";
            default -> "no longer dead letters";
        };
    }

    /**
     * The summary of a finished run: "Replayed 14 dead letters in 2 s (dead letters in orders). Skipped 1: no
     * longer dead letters. 6 new dead letters arrived after the preview and were not touched."
     *
     * @param took   how long it took
     * @param target what it acted on, or null to leave it out (several selections)
     */
    public static String summary(String operation, long succeeded, long skipped, long arrived, Duration took, String target) {
        return pastTense(operation) + " " + count(succeeded, "dead letter") + " in " + TimeWords.duration(took)
                + (target == null ? "" : " (" + target + ")") + "."
                + (skipped == 0 ? "" : " Skipped " + String.format(Locale.ROOT, "%,d", skipped) + ": " + skipReason(operation) + ".")
                + (arrived == 0 ? "" : " " + DeadLetters.arrivedSentence(arrived) + ".");
    }

    /**
     * A run cancelled part-way: "Cancelled after 5 of 12: purged 5, skipped 0; the rest were left as they were."
     *
     * @param interrupted whether the process was stopped (Ctrl-C) rather than the operation cancelled
     */
    public static String cancelled(String operation, boolean interrupted, long processed, long total, long succeeded, long skipped) {
        return (interrupted ? "Interrupted" : "Cancelled") + " after " + String.format(Locale.ROOT, "%,d of %,d", processed,
                Math.max(total, processed)) + ": " + counts(operation, succeeded, skipped) + "; the rest were left as they were.";
    }

    /** A run that failed part-way: "Replay stopped after 5 (replayed 4, skipped 1): READONLY You can't write…". */
    public static String stopped(String operation, long processed, long succeeded, long skipped, String error) {
        return capitalised(operation) + " stopped after " + String.format(Locale.ROOT, "%,d", processed) + " ("
                + counts(operation, succeeded, skipped) + "): " + error;
    }

    private static String counts(String operation, long succeeded, long skipped) {
        return pastTense(operation).toLowerCase(Locale.ROOT) + String.format(Locale.ROOT, " %,d, skipped %,d", succeeded, skipped);
    }

    private boolean restore() {
        return operation.equals("restore");
    }

    /** "the 46 dead letters in payments with group d795…", "all 12 dead letters", "3 dead letters (3 messages in queue q)". */
    private static String which(long count, String target, String counted) {
        String n = String.format(Locale.ROOT, "%,d", count);
        if (target.startsWith("all dead letters")) return "all " + n + target.substring("all".length());
        if (target.startsWith("dead letters") || target.startsWith("purged dead letters")) return "the " + n + " " + target;
        return counted + " (" + target + ")";
    }

    private static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d", n) + " " + noun + (n == 1 ? "" : "s");
    }

    private static String capitalised(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
