package io.redrive.console.charts;

import io.fair_acc.chartfx.renderer.RendererDataReducer;

/**
 * Thins a series to what its pixels can show: of the points that fall into one pixel column it keeps the first,
 * the lowest, the highest and the last, in their order (the "M4" reduction). A day of per-second points over a
 * thousand pixels becomes at most four thousand, and the line looks the same. ChartFX's default reducer merges
 * only points closer than a few pixels in both x and y, which noisy live data rarely are; drawing every one of
 * them costs the renderer seconds per frame where it rasterises in software. NaN points are kept: they are gaps.
 */
public final class PixelColumnReducer implements RendererDataReducer {
    private final double width;

    /** Columns one pixel wide. */
    public PixelColumnReducer() {
        this(1);
    }

    /** @param width how many pixels one column spans: wider columns keep fewer points */
    public PixelColumnReducer(double width) {
        if (!(width >= 1)) {
            throw new IllegalArgumentException("A column is at least one pixel wide, got " + width);
        }
        this.width = width;
    }

    /** Works in place on screen coordinates from {@code indexMin} to {@code indexMax}, writing from index 0. */
    @Override
    public int reducePoints(double[] x, double[] y, double[] xErrorsPos, double[] xErrorsNeg, double[] yErrorsPos,
                            double[] yErrorsNeg, String[] styles, boolean[] selected, int indexMin, int indexMax) {
        Arrays arrays = new Arrays(x, y, xErrorsPos, xErrorsNeg, yErrorsPos, yErrorsNeg, styles, selected);
        int count = 0;
        int i = indexMin;
        while (i < indexMax) {
            if (gap(x, y, i)) {
                arrays.copy(i, count++);
                i++;
                continue;
            }
            double column = Math.floor(x[i] / width);
            int low = i;
            int high = i;
            int last = i;
            int j = i + 1;
            while (j < indexMax && !gap(x, y, j) && Math.floor(x[j] / width) == column) {
                if (y[j] < y[low]) {
                    low = j;
                }
                if (y[j] > y[high]) {
                    high = j;
                }
                last = j;
                j++;
            }
            // in index order, each once: first <= min(low, high) <= max(low, high) <= last; every kept index is at
            // or after the write position, so copying in this order never overwrites a point still to be copied
            int a = Math.min(low, high);
            int b = Math.max(low, high);
            arrays.copy(i, count++);
            if (a != i) {
                arrays.copy(a, count++);
            }
            if (b != a && b != i) {
                arrays.copy(b, count++);
            }
            if (last != b && last != a && last != i) {
                arrays.copy(last, count++);
            }
            i = j;
        }
        return count;
    }

    private static boolean gap(double[] x, double[] y, int i) {
        return Double.isNaN(x[i]) || Double.isNaN(y[i]);
    }

    /** The arrays the renderer hands over; any but x and y may be missing. */
    private record Arrays(double[] x, double[] y, double[] xErrorsPos, double[] xErrorsNeg, double[] yErrorsPos,
                          double[] yErrorsNeg, String[] styles, boolean[] selected) {
        void copy(int from, int to) {
            if (from == to) {
                return;
            }
            x[to] = x[from];
            y[to] = y[from];
            move(xErrorsPos, from, to);
            move(xErrorsNeg, from, to);
            move(yErrorsPos, from, to);
            move(yErrorsNeg, from, to);
            if (styles != null && styles.length > from) {
                styles[to] = styles[from];
            }
            if (selected != null && selected.length > from) {
                selected[to] = selected[from];
            }
        }

        private static void move(double[] values, int from, int to) {
            if (values != null && values.length > from) {
                values[to] = values[from];
            }
        }
    }
}
