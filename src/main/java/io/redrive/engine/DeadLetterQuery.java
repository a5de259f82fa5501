package io.redrive.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which dead letters to list or act on, and in what order. Queue, error class, group and time of death are
 * answered from indexes kept at write time; error text, payload text, a header value and an attempts range are
 * checked on the rows the indexes yield (a scan, which {@link DeadLetters#page} bounds per call).
 * All conditions combine with AND. Empty {@code queues} means every queue.
 */
public final class DeadLetterQuery {
    /** Orders a list can have. */
    public enum Sort { NEWEST, OLDEST, MOST_ATTEMPTS }

    private final Set<String> queues;
    private final String errorClass;
    private final String group;
    private final String errorText;
    private final String payloadText;
    private final String headerName;
    private final String headerValue;
    private final Instant from;
    private final Instant to;
    private final Integer minAttempts;
    private final Integer maxAttempts;
    private final Sort sort;
    private final int limit;

    private DeadLetterQuery(Builder b) {
        this.queues = Set.copyOf(b.queues);
        this.errorClass = blankToNull(b.errorClass);
        this.group = blankToNull(b.group);
        this.errorText = blankToNull(b.errorText);
        this.payloadText = blankToNull(b.payloadText);
        this.headerName = blankToNull(b.headerName);
        this.headerValue = b.headerValue;
        this.from = b.from;
        this.to = b.to;
        this.minAttempts = b.minAttempts;
        this.maxAttempts = b.maxAttempts;
        this.sort = b.sort;
        if (b.limit < 1 || b.limit > 10_000) {
            throw new IllegalArgumentException("A page holds 1 to 10,000 dead letters, got " + b.limit);
        }
        this.limit = b.limit;
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("The time range starts (" + from + ") after it ends (" + to + ")");
        }
        if (group != null && queues.size() != 1) {
            throw new IllegalArgumentException("A failure group belongs to one queue: name that queue with the group");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder mutate() {
        Builder b = new Builder();
        b.queues.addAll(queues);
        return b.errorClass(errorClass).group(group).errorText(errorText).payloadText(payloadText)
                .header(headerName, headerValue).between(from, to).attempts(minAttempts, maxAttempts).sort(sort).limit(limit);
    }

    public Set<String> queues() { return queues; }
    public String errorClass() { return errorClass; }
    public String group() { return group; }
    /** Case-insensitive text to find in the last error. */
    public String errorText() { return errorText; }
    /** Case-insensitive text to find in the payload (read as UTF-8). */
    public String payloadText() { return payloadText; }
    public String headerName() { return headerName; }
    /** The header's value; null means the header only has to be present. */
    public String headerValue() { return headerValue; }
    public Instant from() { return from; }
    public Instant to() { return to; }
    public Integer minAttempts() { return minAttempts; }
    public Integer maxAttempts() { return maxAttempts; }
    public Sort sort() { return sort; }
    public int limit() { return limit; }

    /** Whether some condition must be checked row by row rather than answered by an index. */
    boolean scans() {
        return errorText != null || payloadText != null || headerName != null || minAttempts != null || maxAttempts != null
                || (sort == Sort.MOST_ATTEMPTS && (from != null || to != null || errorClass != null || group != null));
    }

    /** Whether a row needs its payload and headers read to be judged. */
    boolean readsContent() {
        return payloadText != null || headerName != null;
    }

    /** The row-by-row conditions (the index conditions are re-checked too, which costs nothing). */
    boolean matches(DeadLetter d, String payload, Map<String, String> headers) {
        if (errorClass != null && !errorClass.equals(d.errorClass())) return false;
        if (group != null && !group.equals(d.group())) return false;
        if (from != null && d.deadAt() != null && d.deadAt().isBefore(from)) return false;
        if (to != null && d.deadAt() != null && d.deadAt().isAfter(to)) return false;
        if (minAttempts != null && d.attempts() < minAttempts) return false;
        if (maxAttempts != null && d.attempts() > maxAttempts) return false;
        if (errorText != null && !contains(d.lastError(), errorText)) return false;
        if (payloadText != null && !contains(payload, payloadText)) return false;
        if (headerName != null) {
            String value = headers == null ? null : headers.get(headerName);
            if (value == null || (headerValue != null && !headerValue.equals(value))) return false;
        }
        return true;
    }

    private static boolean contains(String text, String wanted) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
    }

    /** A few words for the audit log and dry runs: "dead letters in documents with error class X". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(queues.isEmpty() ? "all dead letters" : "dead letters in " + String.join(", ", new TreeSet<>(queues)));
        if (group != null) parts.add("group " + group);
        if (errorClass != null) parts.add("error class " + errorClass);
        if (errorText != null) parts.add("error containing '" + errorText + "'");
        if (payloadText != null) parts.add("payload containing '" + payloadText + "'");
        if (headerName != null) parts.add("header " + headerName + (headerValue == null ? "" : "=" + headerValue));
        if (from != null) parts.add("dead since " + from);
        if (to != null) parts.add("dead until " + to);
        if (minAttempts != null) parts.add("at least " + minAttempts + " attempts");
        if (maxAttempts != null) parts.add("at most " + maxAttempts + " attempts");
        return String.join(" with ", parts.subList(0, 1)) + (parts.size() > 1 ? " with " + String.join(", ", parts.subList(1, parts.size())) : "");
    }

    /** The conditions as text fields, so a dry run stored in Redis can be matched again later (page settings are left out). */
    Map<String, String> conditions() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("queues", String.join(",", queues));
        put(c, "errorClass", errorClass);
        put(c, "group", group);
        put(c, "errorText", errorText);
        put(c, "payloadText", payloadText);
        put(c, "headerName", headerName);
        put(c, "headerValue", headerValue);
        put(c, "from", from == null ? null : String.valueOf(from.toEpochMilli()));
        put(c, "to", to == null ? null : String.valueOf(to.toEpochMilli()));
        put(c, "minAttempts", minAttempts == null ? null : String.valueOf(minAttempts));
        put(c, "maxAttempts", maxAttempts == null ? null : String.valueOf(maxAttempts));
        return c;
    }

    /** The query {@link #conditions()} describes. */
    static DeadLetterQuery fromConditions(Map<String, String> c) {
        Builder b = builder();
        for (String q : c.getOrDefault("queues", "").split(",")) {
            if (!q.isEmpty()) b.queue(q);
        }
        return b.errorClass(c.get("errorClass")).group(c.get("group")).errorText(c.get("errorText"))
                .payloadText(c.get("payloadText")).header(c.get("headerName"), c.get("headerValue"))
                .between(instant(c.get("from")), instant(c.get("to")))
                .attempts(integer(c.get("minAttempts")), integer(c.get("maxAttempts"))).build();
    }

    private static void put(Map<String, String> c, String name, String value) {
        if (value != null) c.put(name, value);
    }

    private static Instant instant(String millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }

    private static Integer integer(String n) {
        return n == null ? null : Integer.valueOf(n);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public static final class Builder {
        private final Set<String> queues = new TreeSet<>();
        private String errorClass;
        private String group;
        private String errorText;
        private String payloadText;
        private String headerName;
        private String headerValue;
        private Instant from;
        private Instant to;
        private Integer minAttempts;
        private Integer maxAttempts;
        private Sort sort = Sort.NEWEST;
        private int limit = 100;

        public Builder queue(String queue) { if (queue != null) queues.add(queue); return this; }
        public Builder queues(Iterable<String> names) { names.forEach(queues::add); return this; }
        /** The exception's class name, as stored (fully qualified). */
        public Builder errorClass(String name) { this.errorClass = name; return this; }
        public Builder group(String fingerprint) { this.group = fingerprint; return this; }
        public Builder errorText(String text) { this.errorText = text; return this; }
        public Builder payloadText(String text) { this.payloadText = text; return this; }
        public Builder header(String name, String value) { this.headerName = name; this.headerValue = value; return this; }
        /** Time of death between from and to, both inclusive; either may be null. */
        public Builder between(Instant from, Instant to) { this.from = from; this.to = to; return this; }
        public Builder attempts(Integer min, Integer max) { this.minAttempts = min; this.maxAttempts = max; return this; }
        public Builder sort(Sort sort) { this.sort = Objects.requireNonNull(sort, "sort"); return this; }
        public Builder limit(int pageSize) { this.limit = pageSize; return this; }

        public DeadLetterQuery build() {
            return new DeadLetterQuery(this);
        }
    }
}
