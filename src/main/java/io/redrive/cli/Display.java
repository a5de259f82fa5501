package io.redrive.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the dead-letter commands write times, durations, counts and long text for people (not for --json). */
final class Display {
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Display() {
    }

    /** The instant in this machine's time zone, to the second; "-" when there is none. */
    static String localTime(Instant at) {
        return at == null ? "-" : LOCAL_TIME.format(at.atZone(ZoneId.systemDefault()));
    }

    /** 18 ms, 4.2 s, 12 s, 3 min 05 s, 2 h 03 min. */
    static String duration(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = (millis + 500) / 1000;
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    /** 12,000: the same grouping on every machine, so scripts scraping a table are not surprised by a locale. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** "1 dead letter", "3 dead letters". */
    static String count(long n, String one, String many) {
        return count(n) + " " + (n == 1 ? one : many);
    }

    /** One line, at most {@code max} characters, with an ellipsis where it was cut. */
    static String cut(String text, int max) {
        String line = oneLine(text);
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }

    static String capitalized(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
