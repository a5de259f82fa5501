package io.redrive.engine;

import io.redrive.redis.Replies;
/**
 * Why a leased message could not be handed to its handler: what Redis holds for it cannot be read (headers that
 * are not a JSON object of strings, a counter or a time that is not a number). Retrying cannot help, so the worker
 * dead-letters such a message at once, with this error, and the rest of its batch runs as usual; an operator can
 * open it with {@link DeadLetters#show} and fix it with {@link DeadLetters#edit}.
 */
public final class MalformedMessageException extends NonRetryableException {
    private static final int MAX_SHOWN = 200;

    public MalformedMessageException(String message) {
        super(message);
    }

    /** "stored headers are not a JSON object of strings: '[1,2]'", the stored value cut to a readable length. */
    static MalformedMessageException of(String what, byte[] stored) {
        return new MalformedMessageException(what + ": " + quoted(stored));
    }

    static String quoted(byte[] stored) {
        if (stored == null) {
            return "nothing is stored";
        }
        String text = Replies.text(stored);
        return "'" + (text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "…") + "'";
    }
}
