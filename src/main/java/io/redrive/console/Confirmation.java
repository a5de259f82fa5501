package io.redrive.console;

/**
 * A decision put to the operator, stated so it can be made: what will happen, to how many, where, and whether it
 * can be undone. The dialog shows the action's button in the danger style when {@code destructive}, never as the
 * default button; with {@code typeCount} (production connections) the operator types the count to enable it.
 *
 * @param title         the question, e.g. "Replay 14 dead letters?"
 * @param action        the confirming button's words, e.g. "Replay 14"
 * @param whatHappens   one or two sentences: what will happen, to how many, where
 * @param reversibility whether it can be undone, e.g. "Replay cannot be undone." or "Purge moves them to the trash for 24 h."
 * @param details       more lines (the dry run's sample, an estimate); may be empty
 * @param count         how many things are acted on (the number to type on production); 0 when not countable
 * @param destructive   whether the action removes or changes data in a way the operator should stop and think about
 * @param typeCount     whether the operator must type {@code count} to confirm
 */
public record Confirmation(String title, String action, String whatHappens, String reversibility, String details,
                           long count, boolean destructive, boolean typeCount) {
}
