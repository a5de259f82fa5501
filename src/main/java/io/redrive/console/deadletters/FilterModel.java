package io.redrive.console.deadletters;

import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.FailureGroup;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filters bar as typed: every field is text (or a choice) until {@link #toQuery} turns them into a
 * {@link DeadLetterQuery}, saying in plain words what it cannot read.
 */
final class FilterModel {
    private static final Pattern AGO = Pattern.compile("(\\d+)\\s*([smhdw])(?:\\s+ago)?");
    private static final List<DateTimeFormatter> LOCAL_TIMES = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"),
            DateTimeFormatter.ISO_LOCAL_DATE_TIME);

    /** The queue to list; null for every queue. */
    final ObjectProperty<String> queue = new SimpleObjectProperty<>();
    final StringProperty errorClass = new SimpleStringProperty("");
    final StringProperty errorText = new SimpleStringProperty("");
    final StringProperty payloadText = new SimpleStringProperty("");
    /** {@code name=value}, or {@code name} for "has the header". */
    final StringProperty header = new SimpleStringProperty("");
    /** A local time ({@code 2024-05-01 14:00}), a date, an ISO instant, or an age ({@code 2h}, {@code 3d ago}). */
    final StringProperty since = new SimpleStringProperty("");
    final StringProperty until = new SimpleStringProperty("");
    final StringProperty minAttempts = new SimpleStringProperty("");
    final StringProperty maxAttempts = new SimpleStringProperty("");
    final ObjectProperty<DeadLetterQuery.Sort> sort = new SimpleObjectProperty<>(DeadLetterQuery.Sort.NEWEST);

    /** How many of the filters behind "More filters" narrow the list (the order counts when it is not the default). */
    final javafx.beans.binding.IntegerBinding moreActive = javafx.beans.binding.Bindings.createIntegerBinding(
            () -> (sort.get() != DeadLetterQuery.Sort.NEWEST ? 1 : 0) + filled(payloadText) + filled(header)
                    + filled(minAttempts) + filled(maxAttempts),
            sort, payloadText, header, minAttempts, maxAttempts);

    private static int filled(StringProperty field) {
        return field.get() == null || field.get().isBlank() ? 0 : 1;
    }

    /** Empties every field but the queue and the order. */
    void clear() {
        errorClass.set("");
        errorText.set("");
        payloadText.set("");
        header.set("");
        since.set("");
        until.set("");
        minAttempts.set("");
        maxAttempts.set("");
    }

    /**
     * The query the fields describe; with a failure group, that group's queue and fingerprint instead of the queue.
     *
     * @throws IllegalArgumentException with a message fit to show when a field cannot be read
     */
    DeadLetterQuery toQuery(Clock clock, FailureGroup group) {
        DeadLetterQuery.Builder b = DeadLetterQuery.builder().limit(DeadLetterPager.PAGE_SIZE).sort(sort.get());
        if (group != null) {
            b.queue(group.queue()).group(group.fingerprint());
        } else {
            b.queue(queue.get());
        }
        b.errorClass(trim(errorClass.get())).errorText(trim(errorText.get())).payloadText(trim(payloadText.get()));
        String h = trim(header.get());
        if (h != null) {
            int eq = h.indexOf('=');
            String name = (eq < 0 ? h : h.substring(0, eq)).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("Header: write name=value, or just the name for \"has this header\"");
            }
            b.header(name, eq < 0 ? null : h.substring(eq + 1).trim());
        }
        b.between(time("Since", since.get(), clock), time("Until", until.get(), clock));
        Integer min = count("Min attempts", minAttempts.get());
        Integer max = count("Max attempts", maxAttempts.get());
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("Min attempts (" + min + ") is more than max attempts (" + max + ")");
        }
        b.attempts(min, max);
        return b.build();
    }

    static Instant time(String field, String text, Clock clock) {
        String t = trim(text);
        if (t == null) {
            return null;
        }
        Matcher ago = AGO.matcher(t.toLowerCase(Locale.ROOT));
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            Duration d = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return clock.instant().minus(d);
        }
        ZoneId zone = ZoneId.systemDefault();  // what the table shows: the operator's local time
        for (DateTimeFormatter f : LOCAL_TIMES) {
            try {
                return LocalDateTime.parse(t, f).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        try {
            return LocalDate.parse(t).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            // not a date
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": cannot read '" + t + "'; write a local time like 2024-05-01 14:30, "
                    + "a date, or an age like 2h or 3d");
        }
    }

    private static Integer count(String field, String text) {
        String t = trim(text);
        if (t == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(t);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + t + "' is not a whole number of attempts");
        }
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
