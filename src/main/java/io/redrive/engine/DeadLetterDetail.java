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
 */
public record DeadLetterDetail(Message message, String errorClass, String group, int version,
                               List<AttemptError> errors, List<MessageVersion> versions, List<TimelineEvent> timeline,
                               MessageVersion current) {
}
