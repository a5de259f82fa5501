package io.redrive.engine;

import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a handler's exception into the error record kept with the message, and reads records back. A record is
 * the message's {@code failed} timeline event (or {@code lease-expired}, when the worker never answered), so the
 * error history and the timeline are one ordered log.
 */
final class ErrorRecords {
    /** Stack traces are cut here so one failure cannot bloat Redis. */
    static final int MAX_STACK_TRACE_CHARS = 16 * 1024;
    static final int MAX_MESSAGE_CHARS = 4 * 1024;
    private static final int MAX_FRAMES_PER_THROWABLE = 40;
    private static final int MAX_CAUSES = 8;
    private static final int MAX_SUMMARY_CHARS = 300;

    private ErrorRecords() {
    }

    /** The {@code failed} event of an attempt: when, which attempt, which worker on which host, and the error. */
    static byte[] failedEvent(Throwable error, int attempt, Instant at, String worker, String host) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("at", at.toEpochMilli());
        event.put("type", "failed");
        event.put("attempt", attempt);
        event.put("by", worker);
        event.put("host", host);
        event.put("error", summary(error));
        event.put("exception", error.getClass().getName());
        event.put("message", cut(String.valueOf(error.getMessage()), MAX_MESSAGE_CHARS));
        event.put("stackTrace", cut(stackTrace(error), MAX_STACK_TRACE_CHARS));
        return Json.write(event);
    }

    /** Whether a timeline event records a failed attempt. */
    static boolean isError(TimelineEvent event) {
        return event.type().equals("failed") || event.type().equals("lease-expired");
    }

    /** One line for lists and timelines: the simple class name and the start of the message. */
    static String summary(Throwable error) {
        return cut(error.getClass().getSimpleName() + ": " + error.getMessage(), MAX_SUMMARY_CHARS).replace('\n', ' ');
    }

    /** The error of a failed event; a value of the wrong kind (a damaged or hand-made record) reads as text or 0. */
    static AttemptError fromEvent(TimelineEvent event) {
        Map<String, Object> m = event.attributes();
        return new AttemptError(m.get("attempt") instanceof Number n ? n.intValue() : 0, event.at(),
                text(m.get("exception")), text(m.get("message")), Objects.requireNonNullElse(text(m.get("stackTrace")), ""),
                text(m.get("by")), text(m.get("host")));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /**
     * The trace in the JVM's usual layout, with at most 40 frames per exception and 8 causes: enough to find the
     * failing line, and far cheaper than printStackTrace when a handler fails thousands of times a second.
     */
    static String stackTrace(Throwable error) {
        StringBuilder out = new StringBuilder(2048);
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        String heading = "";
        Throwable current = error;
        for (int depth = 0; current != null && depth <= MAX_CAUSES && seen.put(current, true) == null; depth++) {
            out.append(heading).append(current).append('\n');
            StackTraceElement[] frames = current.getStackTrace();
            int shown = Math.min(frames.length, MAX_FRAMES_PER_THROWABLE);
            for (int i = 0; i < shown; i++) {
                out.append("\tat ").append(frames[i]).append('\n');
            }
            if (frames.length > shown) {
                out.append("\t... ").append(frames.length - shown).append(" more\n");
            }
            heading = "Caused by: ";
            current = current.getCause();
        }
        return out.toString();
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "… [" + (text.length() - max) + " more characters]";
    }
}
