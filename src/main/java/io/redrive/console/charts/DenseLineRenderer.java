package io.redrive.console.charts;

import io.fair_acc.chartfx.renderer.spi.AbstractRendererXY;
import io.fair_acc.chartfx.ui.css.DataSetNode;
import io.fair_acc.dataset.DataSet;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * Draws long series, such as a day of per-second points, as thin lines that cost the same however many points
 * fall into a pixel column: where a series has more points than pixels, each column is one filled rectangle from
 * the lowest to the highest value in it (joined to the next column), which is exactly what a one-pixel line
 * through those points would cover. Where it has fewer points than pixels (zoomed in), it strokes the line
 * through every point. Axis-aligned rectangles are the cheapest thing Prism's software pipeline draws; stroking
 * thousands of anti-aliased segments is what made the day-long chart take a quarter of a second per frame there.
 * NaN values are gaps. Colours come from the data set's style, as with ChartFX's own renderers.
 */
public final class DenseLineRenderer extends AbstractRendererXY<DenseLineRenderer> {
    private static final double DENSE_OPACITY = 0.35;

    @Override
    protected DenseLineRenderer getThis() {
        return this;
    }

    @Override
    protected void render(GraphicsContext gc, DataSet data, DataSetNode style) {
        int count = data.getDataCount();
        if (count == 0) {
            return;
        }
        int from = Math.max(0, data.getIndex(DataSet.DIM_X, xMin) - 1);
        int to = Math.min(count - 1, data.getIndex(DataSet.DIM_X, xMax) + 1);
        if (to < from) {
            return;
        }
        double left = xAxis.getDisplayPosition(xMin);
        double right = xAxis.getDisplayPosition(xMax);
        gc.save();
        gc.setStroke(style.getLineColor());
        gc.setLineWidth(1);
        if (to - from + 1 > Math.abs(right - left)) {
            // a band of many points per pixel: see-through, so that lines drawn over it (the per-minute
            // averages) and the other series' bands stay readable
            gc.setFill(style.getLineColor() instanceof Color c ? c.deriveColor(0, 1, 1, DENSE_OPACITY) : style.getLineColor());
            fillColumns(gc, data, from, to);
        } else {
            strokePoints(gc, data, from, to);
        }
        gc.restore();
    }

    /** One rectangle per pixel column, spanning its values and the last value of the column before. */
    private void fillColumns(GraphicsContext gc, DataSet data, int from, int to) {
        int column = Integer.MIN_VALUE;
        double low = 0;
        double high = 0;
        double previous = Double.NaN;  // the previous column's last value, in pixels, NaN after a gap
        double last = Double.NaN;
        for (int i = from; i <= to; i++) {
            double x = data.get(DataSet.DIM_X, i);
            double y = data.get(DataSet.DIM_Y, i);
            if (Double.isNaN(x) || Double.isNaN(y)) {
                if (column != Integer.MIN_VALUE) {
                    fill(gc, column, low, high);
                }
                column = Integer.MIN_VALUE;
                last = Double.NaN;
                continue;
            }
            int c = (int) Math.floor(xAxis.getDisplayPosition(x));
            double py = yAxis.getDisplayPosition(y);
            if (c != column) {
                if (column != Integer.MIN_VALUE) {
                    fill(gc, column, low, high);
                }
                previous = last;
                column = c;
                low = Double.isNaN(previous) ? py : Math.min(py, previous);
                high = Double.isNaN(previous) ? py : Math.max(py, previous);
            } else {
                low = Math.min(low, py);
                high = Math.max(high, py);
            }
            last = py;
        }
        if (column != Integer.MIN_VALUE) {
            fill(gc, column, low, high);
        }
    }

    private static void fill(GraphicsContext gc, int column, double low, double high) {
        double top = Math.floor(low);
        gc.fillRect(column, top, 1, Math.max(1, Math.ceil(high) - top));
    }

    /** A plain polyline, broken at gaps: few points, so cheap to stroke however it is rendered. */
    private void strokePoints(GraphicsContext gc, DataSet data, int from, int to) {
        boolean drawing = false;
        gc.beginPath();
        for (int i = from; i <= to; i++) {
            double x = data.get(DataSet.DIM_X, i);
            double y = data.get(DataSet.DIM_Y, i);
            if (Double.isNaN(x) || Double.isNaN(y)) {
                drawing = false;
                continue;
            }
            double px = xAxis.getDisplayPosition(x);
            double py = yAxis.getDisplayPosition(y);
            if (drawing) {
                gc.lineTo(px, py);
            } else {
                gc.moveTo(px, py);
                drawing = true;
            }
        }
        gc.stroke();
    }
}
