package io.redrive.console.charts;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.Axis;
import io.fair_acc.chartfx.renderer.Renderer;
import io.fair_acc.dataset.DataSet;
import javafx.scene.Node;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.Image;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        return png(node.snapshot(new SnapshotParameters(), null));
    }

    /** The image as a PNG file, alpha kept (written by ImageIO, which AWT's headless mode allows). */
    public static byte[] png(Image image) {
        // straight (not premultiplied) ARGB, so half-transparent pixels keep their colour in the file
        BufferedImage pixels = new BufferedImage((int) image.getWidth(), (int) image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(SwingFXUtils.fromFXImage(image, pixels), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // only an in-memory stream here
        }
        return out.toByteArray();
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
