package io.redrive.console;

import java.util.Optional;

/** Every dialog the console shows goes through here, so view models stay testable without windows. */
public interface DialogService {
    /** Puts a decision to the operator (see {@link Confirmation}); true when they confirmed it. */
    boolean confirm(Confirmation confirmation);

    /**
     * Asks a yes/no question; true for yes.
     *
     * @deprecated use {@link #confirm(Confirmation)}: it says what, how many, where and whether it can be undone, and
     * names its button for the action. Kept only until the dead-letters bulk confirmations move over.
     */
    @Deprecated
    boolean confirm(String title, String question);

    /**
     * Asks the operator to type a number to confirm a destructive action (on production connections); true when
     * they typed it.
     *
     * @deprecated use {@link #confirm(Confirmation)} with {@code typeCount}; kept only until the dead-letters bulk
     * confirmations move over.
     */
    @Deprecated
    boolean confirmByTyping(String title, String question, long count);

    /** A short error with the details (stack trace, raw reply) shown only on request. */
    void showError(String title, String message, Throwable details);

    void showInfo(String title, String message);

    /** Asks for a line of text (a reason, a queue name); empty when cancelled. */
    Optional<String> ask(String title, String question, String initial);
}
