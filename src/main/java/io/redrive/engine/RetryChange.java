package io.redrive.engine;

import java.util.Locale;

/**
 * A change to messages waiting for a retry, named by id ({@link Retries#retryNow} and {@link Retries#kill}), in
 * the words the console and the command line share: the question, what happens, whether it can be undone, and
 * the summary once it is done.
 */
public enum RetryChange {
    /** Makes them due now, without waiting for the backoff. */
    RETRY_NOW,
    /** Dead-letters them now, without their remaining attempts. */
    KILL;

    /** "Retry 1 message now?", "Kill 2 messages?". */
    public String question(long n) {
        return this == RETRY_NOW ? "Retry " + messages(n) + " now?" : "Kill " + messages(n) + "?";
    }

    /** The confirming button's words: "Retry 2 now", "Kill 2". */
    public String action(long n) {
        return this == RETRY_NOW ? "Retry " + n + " now" : "Kill " + n;
    }

    /** What will happen, to how many, where. */
    public String whatHappens(long n, String queue) {
        return this == RETRY_NOW
                ? "Make " + messages(n) + " of queue '" + queue + "' due now: " + (n == 1 ? "it is" : "they are")
                        + " delivered again at once, without waiting for the backoff."
                : "Kill " + messages(n) + " of queue '" + queue + "': " + (n == 1 ? "it becomes a dead letter" : "they become dead letters")
                        + " now, without the attempts left.";
    }

    /** Whether it can be undone. */
    public String reversibility() {
        return this == RETRY_NOW ? "This cannot be undone: a delivered message stays delivered."
                : "Their remaining attempts are lost; you can replay them from the dead letters.";
    }

    /** Whether it takes something away (attempts) the operator should stop and think about. */
    public boolean destructive() {
        return this == KILL;
    }

    /**
     * What was done: "Made 2 messages due now.", "Killed 1 of 2 messages; 1 was not waiting for a retry (done,
     * dead or unknown id)."
     *
     * @param done  how many messages it moved
     * @param asked how many distinct ids were named
     */
    public String summary(long done, long asked) {
        long missed = asked - done;
        String messages = (missed == 0 ? "" : count(done) + " of ") + messages(asked);
        String did = this == RETRY_NOW ? "Made " + messages + " due now" : "Killed " + messages;
        if (missed == 0) {
            return did + (this == KILL ? (done == 1 ? ": it is a dead letter now." : ": they are dead letters now.") : ".");
        }
        return did + "; " + count(missed) + (missed == 1 ? " was" : " were") + " not waiting for a retry (done, dead or unknown id).";
    }

    private static String messages(long n) {
        return count(n) + (n == 1 ? " message" : " messages");
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
