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
 * The grammar of filters typed by an operator, in the console's filter bar and on the command line alike:
 * a time ({@code since}/{@code until}) and a header condition. Mistakes come back as one sentence naming the field.
 */
public final class FilterText {
    /** A header condition: the header must be present and, when {@code value} is not null, equal it. */
    public record Header(String name, String value) {
    }

    /** "30m", "2h", "7d ago", "1w": at most nine digits, so the arithmetic cannot overflow. */
    private static final Pattern AGO = Pattern.compile("(\\d{1,9})\\s*([smhdw])(?:\\s+ago)?");
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
                Duration unit = switch (ago.group(2)) {
                    case "s" -> Duration.ofSeconds(1);
                    case "m" -> Duration.ofMinutes(1);
                    case "h" -> Duration.ofHours(1);
                    case "d" -> Duration.ofDays(1);
                    default -> Duration.ofDays(7);
                };
                return clock.instant().minus(unit.multipliedBy(Long.parseLong(ago.group(1))));
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
