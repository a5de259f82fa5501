package io.redrive.console.charts;

import java.time.Duration;

/**
 * The unit of an "is due in" axis, chosen from how far ahead things fall due: seconds when everything is due
 * within the coming minute (otherwise it all lands in the first bar), hours when some is due beyond the coming hour,
 * minutes otherwise.
 */
public enum DueScale {
    SECONDS(Duration.ofSeconds(1), 60, "s"),
    MINUTES(Duration.ofMinutes(1), 60, "min"),
    HOURS(Duration.ofHours(1), 24, "h");

    private final Duration width;
    private final int buckets;
    private final String unit;

    DueScale(Duration width, int buckets, String unit) {
        this.width = width;
        this.buckets = buckets;
        this.unit = unit;
    }

    /** One bar's width. */
    public Duration width() {
        return width;
    }

    /** How many bars the axis shows. */
    public int buckets() {
        return buckets;
    }

    /** The axis unit, as people read it: "s", "min", "h". */
    public String unit() {
        return unit;
    }

    /**
     * @param perMinute how many fall due in each of the coming minutes (the first also counts what is overdue)
     * @param total     how many are scheduled at all
     */
    public static DueScale choose(long[] perMinute, long total) {
        long withinMinutes = 0;
        for (long c : perMinute) {
            withinMinutes += c;
        }
        if (total > withinMinutes) {
            return HOURS;
        }
        return withinMinutes > 0 && perMinute[0] == withinMinutes ? SECONDS : MINUTES;
    }

    /** The widest of two scales, for one axis shared by several queues. */
    public DueScale widest(DueScale other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
