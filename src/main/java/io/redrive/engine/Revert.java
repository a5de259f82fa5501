package io.redrive.engine;

import io.redrive.ops.TimeWords;

import java.time.ZoneId;

/**
 * Making an earlier version of a dead letter current again ({@link DeadLetters#revert}), in the words the console
 * and the command line share: the question, what happens, why it can be undone, and what was done. The revert is
 * itself a new version, so the content it replaces stays in the history.
 *
 * @param queue   the dead letter's queue
 * @param id      the dead letter's id
 * @param earlier the version brought back
 * @param current the version now current, which the revert keeps in the history
 */
public record Revert(String queue, String id, MessageVersion earlier, int current) {
    /** "Revert to version 0?". */
    public String question() {
        return "Revert to version " + earlier.version() + "?";
    }

    /** The confirming button's words: "Revert to version 0". */
    public String action() {
        return "Revert to version " + earlier.version();
    }

    /** "Message m-1 in queue orders gets the payload and headers of version 0 (original, 2026-05-04 14:05:32) as its new version 2." */
    public String whatHappens(ZoneId zone) {
        return "Message " + id + " in queue " + queue + " gets the payload and headers of version " + earlier.version()
                + " (" + earlier.by() + ", " + TimeWords.dateTime(earlier.at(), zone) + ") as its new version " + (current + 1) + ".";
    }

    /** Why it can be undone. */
    public String reversibility() {
        return "Version " + current + " stays in its history, so this can be undone the same way.";
    }

    /** The reason stored with the new version. */
    public String reason() {
        return "revert to version " + earlier.version();
    }

    /** "Reverted message m-1 to version 0: now version 2.". */
    public String summary(int saved) {
        return "Reverted message " + id + " to version " + earlier.version() + ": now version " + saved + ".";
    }
}
