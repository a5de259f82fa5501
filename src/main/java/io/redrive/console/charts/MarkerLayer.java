package io.redrive.console.charts;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.Axis;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import javafx.geometry.HPos;

import java.util.ArrayList;
import java.util.List;

/** Draws {@link ChartMarker}s on a chart as fixed vertical lines with labels (ChartFX value indicators). */
public final class MarkerLayer {
    private static final int LABEL_ROWS = 4;

    private final XYChart chart;
    private final Axis axis;
    private final List<XValueIndicator> shown = new ArrayList<>();
    private List<ChartMarker> current = List.of();

    public MarkerLayer(XYChart chart, Axis axis) {
        this.chart = chart;
        this.axis = axis;
    }

    /** Shows exactly these markers; the same list again changes nothing. On the UI thread. */
    public void show(List<ChartMarker> markers) {
        if (markers.equals(current)) {
            return;
        }
        chart.getPlugins().removeAll(shown);
        shown.clear();
        for (int i = 0; i < markers.size(); i++) {
            ChartMarker marker = markers.get(i);
            XValueIndicator indicator = new XValueIndicator(axis, marker.x(), marker.label());
            indicator.setEditable(false);
            indicator.setLabelHorizontalAnchor(HPos.RIGHT);  // beside the line, towards the past: live charts end at now
            // labels of changes close together would overlap: stagger them over a few rows
            indicator.setLabelPosition(0.06 + (i % LABEL_ROWS) * 0.1);
            shown.add(indicator);
        }
        chart.getPlugins().addAll(shown);
        current = List.copyOf(markers);
    }

    /** The markers shown now. */
    public List<ChartMarker> markers() {
        return current;
    }
}
