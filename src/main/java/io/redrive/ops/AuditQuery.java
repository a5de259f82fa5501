package io.redrive.ops;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which {@linkplain AuditLog audit} entries to list or export. Immutable; start from {@link #all()} or
 * {@link #builder()} and change one with {@link #mutate()}. Every filter is optional and they all apply together.
 * Text filters ignore case.
 */
public final class AuditQuery {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;
    private static final Pattern STREAM_ID = Pattern.compile("\\d{1,20}-\\d{1,20}");

    private final Instant from;
    private final Instant to;
    private final Set<String> actions;
    private final String actor;
    private final String text;
    private final int limit;
    private final String before;

    private AuditQuery(Builder b) {
        if (b.from != null && b.to != null && b.from.isAfter(b.to)) {
            throw new IllegalArgumentException("The time range starts after it ends: " + b.from + " is after " + b.to);
        }
        if (b.limit < 1 || b.limit > MAX_LIMIT) {
            throw new IllegalArgumentException("The limit must be 1-" + MAX_LIMIT + ", got " + b.limit);
        }
        String cursor = blankToNull(b.before);
        if (cursor != null && !STREAM_ID.matcher(cursor).matches()) {
            throw new IllegalArgumentException("Not an audit entry id: '" + cursor + "' (expected <ms>-<seq>)");
        }
        this.from = b.from;
        this.to = b.to;
        this.actions = Collections.unmodifiableSortedSet(new TreeSet<>(b.actions));
        this.actor = blankToNull(b.actor);
        this.text = blankToNull(b.text);
        this.limit = b.limit;
        this.before = cursor;
    }

    /** Every entry, newest first, {@value #DEFAULT_LIMIT} at a time. */
    public static AuditQuery all() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder mutate() {
        return new Builder().from(from).to(to).actions(actions).actor(actor).text(text).limit(limit).before(before);
    }

    /** Entries taken at or after this time, or null for no lower bound. */
    public Instant from() { return from; }
    /** Entries taken at or before this time (to the millisecond), or null for no upper bound. */
    public Instant to() { return to; }
    /** Entries of these actions only (stored names, lower case), or empty for every action. */
    public Set<String> actions() { return actions; }
    /** Entries whose actor contains this, or null for every actor. */
    public String actor() { return actor; }
    /** Entries whose target, outcome or a detail value contains this, or null for every entry. */
    public String text() { return text; }
    /** The most entries one page holds. {@link AuditLog#export} ignores it and writes every match. */
    public int limit() { return limit; }
    /** The cursor: only entries older than the one with this id, or null to start at the newest. */
    public String before() { return before; }

    /** Whether an entry passes the action, actor and text filters; the time range is applied by stream id. */
    boolean matches(AuditEntry entry) {
        if (!actions.isEmpty() && !actions.contains(String.valueOf(entry.action()).toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (actor != null && !contains(entry.actor(), actor)) {
            return false;
        }
        if (text != null) {
            return contains(entry.target(), text) || contains(entry.outcome(), text)
                    || entry.details().values().stream().anyMatch(value -> contains(value, text));
        }
        return true;
    }

    /** Whether any filter other than the time range may skip entries, so that a page must read ahead. */
    boolean filters() {
        return !actions.isEmpty() || actor != null || text != null;
    }

    private static boolean contains(String value, String part) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() {
        return "AuditQuery[from=" + from + ", to=" + to + ", actions=" + actions + ", actor=" + actor + ", text=" + text
                + ", limit=" + limit + ", before=" + before + "]";
    }

    public static final class Builder {
        private Instant from;
        private Instant to;
        private final Set<String> actions = new LinkedHashSet<>();
        private String actor;
        private String text;
        private int limit = DEFAULT_LIMIT;
        private String before;

        public Builder from(Instant from) { this.from = from; return this; }
        public Builder to(Instant to) { this.to = to; return this; }
        /** Entries of this one action only; null or blank for every action. */
        public Builder action(String action) {
            return actions(action == null ? Set.of() : Set.of(action));
        }

        /** Entries of any of these actions; empty for every action. Blank names are ignored, case is not kept. */
        public Builder actions(Collection<String> names) {
            actions.clear();
            names.stream().map(AuditQuery::blankToNull).filter(n -> n != null).map(n -> n.toLowerCase(Locale.ROOT))
                    .forEach(actions::add);
            return this;
        }
        public Builder actor(String actor) { this.actor = actor; return this; }
        public Builder text(String text) { this.text = text; return this; }
        public Builder limit(int limit) { this.limit = limit; return this; }
        /** Continues a listing: pass the id of the last entry of the previous page. */
        public Builder before(String entryId) { this.before = entryId; return this; }

        public AuditQuery build() {
            return new AuditQuery(this);
        }
    }
}
