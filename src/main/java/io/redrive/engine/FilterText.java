package io.redrive.engine;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grammar of what an operator types, in the console and on the command line alike: a time
 * ({@code since}/{@code until}), a header condition, an attempts range and a duration (a policy's waits and
 * retention). Mistakes come back as one sentence naming the field.
 */
public final class FilterText {
    /** A header condition: the header must be present and, when {@code value} is not null, equal it. */
    public record Header(String name, String value) {
    }

    /** "250ms", "30s", "5m" or "5min", "2h", "7d" or "7 days", "1w": at most nine digits, so nothing overflows. */
    private static final String AMOUNT = "(\\d{1,9})\\s*(ms|s|sec|m|min|h|d|day|days|w)";
    private static final Pattern DURATION = Pattern.compile(AMOUNT);
    /** A duration and an optional "ago": "30m", "3d ago". */
    private static final Pattern AGO = Pattern.compile(AMOUNT + "(?:\\s+ago)?");
    private static final List<DateTimeFormatter> LOCAL_TIMES = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"),
            DateTimeFormatter.ISO_LOCAL_DATE_TIME);

    private FilterText() {
    }

    /**
     * The instant {@code text} names, or null when it is blank. Accepted: a time ago ({@code 30m}, {@code 2h},
     * {@code 3d ago}, {@code 1w}, or ISO-8601 {@code PT90M}), a local time in {@code zone} ({@code 2026-11-25 14:30},
     * {@code 2026-11-25T14:30:00}), a date (its midnight in {@code zone}), or an instant with its offset
     * ({@code 2026-11-25T12:00:00Z}).
     *
     * @param field the field's name as the operator knows it ("--since", "Since"), for the error sentence
     * @throws IllegalArgumentException with a sentence fit to show when the text is none of these
     */
    public static Instant time(String field, String text, Clock clock, ZoneId zone) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            Matcher ago = AGO.matcher(t.toLowerCase(Locale.ROOT));
            if (ago.matches()) {
                return clock.instant().minus(amount(ago));
            }
            if (t.startsWith("P") || t.startsWith("p")) {
                return clock.instant().minus(Duration.parse(t).abs());
            }
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
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException(field + ": cannot read '" + t + "'; write a time ago such as 30m, 2h or 7d, "
                    + "a local time such as 2026-11-25 14:30, a date, or an instant such as 2026-11-25T12:00:00Z", e);
        }
    }

    /**
     * The duration {@code text} names: a whole number and a unit ({@code 250ms}, {@code 30s}, {@code 5m} or
     * {@code 5min}, {@code 1h}, {@code 7d} or {@code 7 days}, {@code 1w}) or ISO-8601 ({@code PT90M}); the same
     * units a time ago is written in.
     *
     * @throws IllegalArgumentException "cannot read '5 parsecs'; write a duration such as 30s, 5m, 1h or 7d"
     */
    public static Duration duration(String text) {
        String t = text == null ? "" : text.strip();
        Matcher m = DURATION.matcher(t.toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                return amount(m);
            }
            if (t.startsWith("P") || t.startsWith("p")) {
                Duration d = Duration.parse(t);
                if (!d.isNegative()) {
                    return d;
                }
            }
        } catch (DateTimeException | ArithmeticException e) {
            // worded below
        }
        throw new IllegalArgumentException("cannot read '" + t + "'; write a duration such as 30s, 5m, 1h or 7d");
    }

    /** {@link #duration(String)} with the field named first in the sentence ("Retention: cannot read ..."). */
    public static Duration duration(String field, String text) {
        try {
            return duration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    private static Duration amount(Matcher m) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s", "sec" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofDays(n);
        };
    }

    /**
     * A number of attempts typed in {@code field}, or null when blank.
     *
     * @throws IllegalArgumentException "Min attempts: 'x' is not a whole number of attempts" for anything but 0 or more
     */
    public static Integer attempts(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            return checkAttempts(field, Integer.parseInt(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + t + "' is not a whole number of attempts", e);
        }
    }

    /**
     * Checks an attempts range: each bound 0 or more, the least not above the most.
     *
     * @throws IllegalArgumentException naming the field(s) and the numbers when it is not
     */
    public static void checkAttemptsRange(String minField, Integer min, String maxField, Integer max) {
        checkAttempts(minField, min);
        checkAttempts(maxField, max);
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException(minField + " (" + min + ") is more than " + maxField + " (" + max + ")");
        }
    }

    private static Integer checkAttempts(String field, Integer n) {
        if (n != null && n < 0) {
            throw new IllegalArgumentException(field + ": '" + n + "' is not a whole number of attempts");
        }
        return n;
    }

    /**
     * The condition {@code name=value} or just {@code name} ("has this header") names, or null when blank. The name
     * and value are read without the spaces around them.
     *
     * @throws IllegalArgumentException with a sentence fit to show when the name is missing
     */
    public static Header header(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        int eq = t.indexOf('=');
        String name = (eq < 0 ? t : t.substring(0, eq)).strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException(field + ": cannot read '" + t + "'; write name=value, or just the name "
                    + "for \"has this header\"");
        }
        return new Header(name, eq < 0 ? null : t.substring(eq + 1).strip());
    }

    /**
     * Checks that a time range does not end before it starts.
     *
     * @throws IllegalArgumentException naming both fields and times when it does
     */
    public static void checkRange(String sinceField, Instant since, String untilField, Instant until) {
        if (since != null && until != null && since.isAfter(until)) {
            throw new IllegalArgumentException(sinceField + " (" + since + ") is after " + untilField + " (" + until + ")");
        }
    }
}
