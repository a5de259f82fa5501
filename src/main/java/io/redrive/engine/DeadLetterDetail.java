package io.redrive.engine;

import java.util.List;

/**
 * Everything known about one dead letter: the message (payload, headers, counters), the error of every attempt
 * with its stack trace, every earlier version of its content, and its whole timeline.
 *
 * @param versions earlier versions, oldest first; the current content is in {@code message}
 * @param version  the current version, which an edit must name ({@link DeadLetters#edit})
 * @param current  the current version as a history entry: the message's payload and headers, with who made it,
 *                 when and why ("original" and the enqueue time while it was never edited)
 * @param storedHeaders what Redis holds as the headers when that is not a JSON object of strings (the message's
 *                 headers are then empty, and an edit replaces what is stored); null when the headers are valid
 */
public record DeadLetterDetail(Message message, String errorClass, String group, int version,
                               List<AttemptError> errors, List<MessageVersion> versions, List<TimelineEvent> timeline,
                               MessageVersion current, String storedHeaders) {

    /** Whether the stored headers could not be read (see {@link #storedHeaders()}). */
    public boolean hasMalformedHeaders() {
        return storedHeaders != null;
    }

    /** The sentence to show beside unreadable headers. */
    public static final String MALFORMED_HEADERS =
            "The stored headers are not a valid JSON object of strings; an edit replaces them.";
}
