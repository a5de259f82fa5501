package io.redrive.console.charts;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.Axis;
import io.fair_acc.chartfx.renderer.Renderer;
import io.fair_acc.dataset.DataSet;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a chart shows, as a PNG picture or as CSV rows. Both read the chart, so call them on the UI thread; the
 * bytes they return are written to disk elsewhere.
 */
public final class ChartExport {
    private ChartExport() {
    }

    /** A PNG of the node as it is on screen now. */
    public static byte[] png(Node node) {
        SnapshotParameters parameters = new SnapshotParameters();
        WritableImage image = node.snapshot(parameters, null);
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] pixels = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), pixels, 0, width);
        return PngEncoder.encode(width, height, pixels);
    }

    /**
     * The values the chart shows: one row per point inside the x axis's visible range, as
     * {@code series,<x axis name>,<y axis name>,value}; time axes write ISO-8601 instants. Gaps (NaN) are left out.
     */
    public static String csv(XYChart chart) {
        Axis xAxis = chart.getXAxis();
        StringBuilder out = new StringBuilder();
        out.append("series,").append(escape(name(xAxis, "x"))).append(",axis,value\n");
        for (Row row : rows(chart)) {
            out.append(escape(row.series())).append(',').append(escape(row.x())).append(',')
                    .append(escape(row.axis())).append(',').append(number(row.y())).append('\n');
        }
        return out.toString();
    }

    /** One shown point: its series, x as written in the CSV, the y axis it is drawn against, and its value. */
    public record Row(String series, String x, String axis, double y) { }

    /** The shown points, series by series. */
    public static List<Row> rows(XYChart chart) {
        Axis xAxis = chart.getXAxis();
        double min = Math.min(xAxis.getMin(), xAxis.getMax());
        double max = Math.max(xAxis.getMin(), xAxis.getMax());
        List<Row> rows = new ArrayList<>();
        for (Renderer renderer : chart.getRenderers()) {
            Axis yAxis = renderer.getAxes().stream().filter(a -> a.getSide() != null && a.getSide().isVertical())
                    .findFirst().orElse(chart.getYAxis());
            String axisName = name(yAxis, "y");
            for (DataSet data : renderer.getDatasets()) {
                int count = data.getDataCount();
                for (int i = 0; i < count; i++) {
                    double x = data.get(DataSet.DIM_X, i);
                    double y = data.get(DataSet.DIM_Y, i);
                    if (Double.isNaN(x) || Double.isNaN(y) || x < min || x > max) {
                        continue;
                    }
                    rows.add(new Row(data.getName(), xAxis.isTimeAxis() ? time(x) : number(x), axisName, y));
                }
            }
        }
        return rows;
    }

    private static String name(Axis axis, String fallback) {
        if (axis == null || axis.getName() == null || axis.getName().isBlank()) {
            return fallback;
        }
        return axis.getUnit() == null || axis.getUnit().isBlank() ? axis.getName() : axis.getName() + " (" + axis.getUnit() + ")";
    }

    private static String time(double epochSeconds) {
        return Instant.ofEpochMilli(Math.round(epochSeconds * 1000)).toString();
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static String escape(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
