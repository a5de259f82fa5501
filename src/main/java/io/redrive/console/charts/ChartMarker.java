package io.redrive.console.charts;

/**
 * A vertical line with a label on a chart's x axis, such as a settings change at its time.
 *
 * @param x     where, in the x axis's units (seconds since the epoch on time axes)
 * @param label the text beside the line
 */
public record ChartMarker(double x, String label) {
}
