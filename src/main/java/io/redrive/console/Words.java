package io.redrive.console;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the console says times and durations to people, in one place: local times ("14:05:32" today, "2024-05-01
 * 14:05:32" otherwise) and durations in the largest units that read well ("750 ms", "5 s", "3 min 20 s",
 * "1 h 30 min", "7 days"). Never ISO-8601 periods or epoch milliseconds.
 */
public final class Words {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE_AND_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private Words() {
    }

    /** The local time, with the date in front unless it is today; empty for null. */
    public static String time(Instant at) {
        return time(at, Instant.now(), ZoneId.systemDefault());
    }

    /** The local time in {@code zone}, with the date in front unless it is the same day as {@code now}. */
    public static String time(Instant at, Instant now, ZoneId zone) {
        if (at == null) {
            return "";
        }
        ZonedDateTime local = at.atZone(zone);
        return local.toLocalDate().equals(LocalDate.ofInstant(now, zone)) ? CLOCK.format(local) : DATE_AND_CLOCK.format(local);
    }

    /** The local date and time, always with the date (for table columns, where rows are compared by eye). */
    public static String dateTime(Instant at) {
        return at == null ? "" : DATE_AND_CLOCK.format(at.atZone(ZoneId.systemDefault()));
    }

    /** The local clock time only, "14:05:32" (for "updated at" notes, which are always today). */
    public static String clock(Instant at) {
        return clock(at, ZoneId.systemDefault());
    }

    /** As {@link #clock(Instant)} in {@code zone}; always with seconds ("14:05:00", where LocalTime says "14:05"). */
    public static String clock(Instant at, ZoneId zone) {
        return at == null ? "" : CLOCK.format(at.atZone(zone));
    }

    /**
     * A duration in at most two units: "750 ms", "42 s", "3 min 20 s", "1 h 30 min", "1 day 6 h", "7 days".
     * Negative durations read as their length.
     */
    public static String duration(Duration d) {
        long ms = Math.abs(d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        if (s < 86_400) {
            return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
        }
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        return days + (days == 1 ? " day" : " days") + (hours == 0 ? "" : " " + hours + " h");
    }

    /** "1 message", "14 messages": a count with its noun, plural with an s. */
    public static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d", n) + " " + noun + (n == 1 ? "" : "s");
    }
}
