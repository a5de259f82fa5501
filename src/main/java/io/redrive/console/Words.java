package io.redrive.console;

import io.redrive.ops.TimeWords;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

/**
 * How the console says times and durations to people: {@link TimeWords}' rules (shared with the command line) in
 * this machine's time zone, plus counts with their noun.
 */
public final class Words {
    private Words() {
    }

    /** The local time, with the date in front unless it is today; empty for null. */
    public static String time(Instant at) {
        return TimeWords.time(at, Instant.now(), ZoneId.systemDefault());
    }

    /** The local time in {@code zone}, with the date in front unless it is the same day as {@code now}. */
    public static String time(Instant at, Instant now, ZoneId zone) {
        return TimeWords.time(at, now, zone);
    }

    /** The local date and time, always with the date (for table columns, where rows are compared by eye). */
    public static String dateTime(Instant at) {
        return TimeWords.dateTime(at, ZoneId.systemDefault());
    }

    /** The local clock time only, "14:05:32" (for "updated at" notes, which are always today). */
    public static String clock(Instant at) {
        return TimeWords.clock(at, ZoneId.systemDefault());
    }

    /** As {@link #clock(Instant)} in {@code zone}. */
    public static String clock(Instant at, ZoneId zone) {
        return TimeWords.clock(at, zone);
    }

    /** A duration in at most two units, as {@link TimeWords#duration}: "750 ms", "3 min 20 s", "7 days". */
    public static String duration(Duration d) {
        return TimeWords.duration(d);
    }

    /** "1 message", "14 messages": a count with its noun, plural with an s. */
    public static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d", n) + " " + noun + (n == 1 ? "" : "s");
    }
}
