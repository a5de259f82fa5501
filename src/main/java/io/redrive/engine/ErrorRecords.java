package io.redrive.engine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a handler's exception into the error record kept with the message, and reads records back. */
final class ErrorRecords {
    /** Stack traces are cut here so one failure cannot bloat Redis. */
    static final int MAX_STACK_TRACE_CHARS = 16 * 1024;
    static final int MAX_MESSAGE_CHARS = 4 * 1024;
    private static final int MAX_SUMMARY_CHARS = 300;

    private ErrorRecords() {
    }

    static byte[] toJson(Throwable error, int attempt, Instant at, String worker, String host) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("attempt", attempt);
        record.put("at", at.toEpochMilli());
        record.put("type", error.getClass().getName());
        record.put("message", cut(String.valueOf(error.getMessage()), MAX_MESSAGE_CHARS));
        record.put("stackTrace", cut(stackTrace(error), MAX_STACK_TRACE_CHARS));
        record.put("worker", worker);
        record.put("host", host);
        return Json.write(record);
    }

    /** One line for lists and timelines: the simple class name and the start of the message. */
    static String summary(Throwable error) {
        return cut(error.getClass().getSimpleName() + ": " + error.getMessage(), MAX_SUMMARY_CHARS).replace('\n', ' ');
    }

    static AttemptError fromJson(byte[] json) {
        Map<String, Object> m = Json.objectMap(json);
        return new AttemptError(((Number) m.getOrDefault("attempt", 0)).intValue(),
                Instant.ofEpochMilli(((Number) m.getOrDefault("at", 0)).longValue()),
                (String) m.get("type"), (String) m.get("message"), (String) m.getOrDefault("stackTrace", ""),
                (String) m.get("worker"), (String) m.get("host"));
    }

    private static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "… [" + (text.length() - max) + " more characters]";
    }
}
