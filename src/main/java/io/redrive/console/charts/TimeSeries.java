package io.redrive.console.charts;

import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;

/**
 * Per-minute values as chart points, drawn the one honest way: a minute with no value is a gap (a NaN point breaks
 * the line instead of joining the minutes either side of it, or inventing a zero), and the current minute, which is
 * still counting, is left out so a line does not drop off a cliff at its right edge. x is seconds since the epoch.
 */
public final class TimeSeries {
    private TimeSeries() {
    }

    /** The first {@code count} entries of {@code x} and {@code y}; a NaN y is a gap. */
    public record Points(double[] x, double[] y, int count) {
    }

    /**
     * @param values        values by minute since the epoch; absent minutes are gaps
     * @param currentMinute the minute still under way (since the epoch); it and any later minute are left out
     */
    public static Points perMinute(SortedMap<Long, Double> values, long currentMinute) {
        SortedMap<Long, Double> complete = values.headMap(currentMinute);
        double[] x = new double[complete.size() * 2];
        double[] y = new double[x.length];
        int n = 0;
        Long previous = null;
        for (Map.Entry<Long, Double> e : complete.entrySet()) {
            if (previous != null && e.getKey() > previous + 1) {
                x[n] = (previous + 1) * 60.0;  // one NaN point in the gap: ChartFX breaks the line there
                y[n++] = Double.NaN;
            }
            x[n] = e.getKey() * 60.0;
            y[n++] = e.getValue();
            previous = e.getKey();
        }
        return new Points(x, y, n);
    }

    /** A history range as it ends "in the last …": "hour", "6 hours", "30 minutes". */
    public static String span(Duration range) {
        long hours = range.toHours();
        if (hours == 1 && range.toMinutesPart() == 0) {
            return "hour";
        }
        return hours >= 1 && range.toMinutesPart() == 0 ? hours + " hours" : range.toMinutes() + " minutes";
    }

    /** The minute since the epoch that {@code epochMillis} falls in. */
    public static long minuteOf(long epochMillis) {
        return Math.floorDiv(epochMillis, 60_000L);
    }
}
