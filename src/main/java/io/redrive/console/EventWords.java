package io.redrive.console;

import io.redrive.engine.MessageState;
import io.redrive.engine.TimelineEvent;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A message's timeline events and states as people read them: "attempt 3 · due 14:05:32 · by alice" rather than
 * the stored {@code attempt=3, dueAt=1796410793263, by=alice}.
 */
public final class EventWords {
    /** Attributes the line leaves out: the stack trace belongs to the Errors tab, the host to the error record. */
    private static final Set<String> LEFT_OUT = Set.of("stackTrace", "host");

    private EventWords() {
    }

    /** The event's attributes in words, the most telling first; {@code now} decides whether times carry a date. */
    public static String details(TimelineEvent event, Instant now, ZoneId zone) {
        Map<String, Object> rest = new TreeMap<>(event.attributes());
        List<String> parts = new ArrayList<>();
        take(rest, "attempt").ifPresent(v -> parts.add("attempt " + v));
        take(rest, "replay").ifPresent(v -> parts.add("replay " + v));
        take(rest, "version").ifPresent(v -> parts.add("version " + v));
        take(rest, "reason").ifPresent(v -> parts.add(deadReason(String.valueOf(v))));
        Object due = rest.remove("dueAt");
        if (due instanceof Number n) {
            parts.add("due " + Words.time(Instant.ofEpochMilli(n.longValue()), now, zone));
        }
        Object exception = rest.remove("exception");
        Object message = rest.remove("message");
        if (exception != null || message != null) {
            parts.add("error: " + (exception == null ? "" : exception + (message == null ? "" : ": "))
                    + (message == null ? "" : message));
        }
        take(rest, "error").ifPresent(v -> parts.add("error: " + v));
        Object reset = rest.remove("resetAttempts");
        if (Boolean.TRUE.equals(reset)) {
            parts.add("attempts reset");
        }
        take(rest, "why").ifPresent(v -> parts.add("why: " + v));
        take(rest, "by").ifPresent(v -> parts.add("by " + v));
        LEFT_OUT.forEach(rest::remove);
        rest.forEach((k, v) -> parts.add(k + " " + v));
        return String.join(" · ", parts);
    }

    /** Why a message was dead-lettered, from the engine's reason code (or its own words when there is no code). */
    public static String deadReason(String reason) {
        return switch (reason) {
            case "exhausted" -> "no attempts left";
            case "non-retryable" -> "the error cannot be retried";
            case "killed" -> "killed by an operator";
            default -> reason;
        };
    }

    /** A message state as a word: "in flight", "scheduled for a retry", "dead"... */
    public static String state(MessageState state) {
        return switch (state) {
            case READY -> "ready";
            case IN_FLIGHT -> "in flight";
            case SCHEDULED -> "scheduled for a retry";
            case DEAD -> "dead";
            case DONE -> "done";
            case TRASHED -> "in the trash";
        };
    }

    private static Optional<Object> take(Map<String, Object> attributes, String key) {
        Object value = attributes.remove(key);
        return value == null || String.valueOf(value).isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
