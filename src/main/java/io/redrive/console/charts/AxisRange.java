package io.redrive.console.charts;

/**
 * How far a value axis reaches: from zero to a round number at least 10 % above the largest value, so the tallest
 * bar or highest point stays inside the plot with room above it, and the top tick carries a short round label.
 */
public final class AxisRange {
    private AxisRange() {
    }

    /** The top of an axis from zero that shows {@code max} with headroom; 1 when there is nothing above zero. */
    public static double top(double max) {
        if (!(max > 0) || Double.isInfinite(max)) {
            return 1;
        }
        double wanted = max * 1.1;
        double magnitude = Math.pow(10, Math.floor(Math.log10(wanted)));
        for (double step : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * magnitude >= wanted) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
