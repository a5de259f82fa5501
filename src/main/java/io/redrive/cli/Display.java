package io.redrive.cli;

import io.redrive.ops.TimeWords;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

/**
 * How the commands write times (in {@link TimeWords}' words, durations too), counts and text for people (not for --json). Every value that comes from
 * outside the program passes through {@link #text} or {@link #oneLine} before it reaches a terminal.
 */
final class Display {
    private Display() {
    }

    /** The instant in this machine's time zone, to the second; "-" when there is none. */
    static String localTime(Instant at) {
        return at == null ? "-" : TimeWords.dateTime(at, ZoneId.systemDefault());
    }

    /** 12,000: the same grouping on every machine, so scripts scraping a table are not surprised by a locale. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** 512 bytes, 64 KiB, 1.5 MiB, 64 MiB: a size for reading, in the binary units the limits are set in. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return count(bytes, "byte", "bytes");
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value < 10 && value != Math.floor(value) ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%d", Math.round(value))) + " " + units[unit];
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

    /** {@link #text} on one line: line breaks and tabs become spaces, as a table cell or a sentence needs. */
    static String oneLine(String text) {
        return text(text).replace('\n', ' ').replace('\t', ' ');
    }

    /**
     * Text from outside this program (Redis, a file, an exception) made harmless for a terminal: every control
     * character but the line break and tab is shown as an escape ({@code \e}, {@code \x07}, {@code \r},
     * {@code \x9b}), and every bidi control as a backslash, u and its four hex digits, so it can neither drive the
     * terminal nor hide or reorder what the operator reads. A CR LF pair is a line break. --json never comes here.
     */
    static String text(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder safe = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? "" : escape(c);
            if (escape != null && safe == null) {
                safe = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (safe != null) {
                safe.append(escape == null ? String.valueOf(c) : escape);
            }
        }
        return safe == null ? text : safe.toString();
    }

    /** How a character is shown, or null when it is shown as itself. */
    private static String escape(char c) {
        if (c == '\n' || c == '\t') {
            return null;
        }
        if (c == 0x1b) {
            return "\\e";
        }
        if (c == '\r') {
            return "\\r";
        }
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return String.format(Locale.ROOT, "\\x%02x", (int) c);
        }
        if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c) {
            return String.format(Locale.ROOT, "\\u%04x", (int) c);
        }
        return null;
    }

    static String capitalized(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
