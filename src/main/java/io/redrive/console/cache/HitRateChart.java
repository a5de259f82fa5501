package io.redrive.console.cache;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.redrive.console.charts.ChartMarker;
import io.redrive.console.charts.Charts;
import io.redrive.console.charts.MarkerLayer;
import javafx.beans.binding.Bindings;

import java.util.List;

/**
 * The hit-rate chart over a {@link HitRateSeries}: per-minute lines with points on top of thin per-second lines,
 * the same colour per namespace, a time axis that moves along with the newest point (unless the operator has
 * zoomed in), and settings changes as labelled vertical lines.
 */
public final class HitRateChart {
    private final DefaultNumericAxis time = Charts.timeAxis();
    private final XYChart chart;
    private final MarkerLayer markers;

    public HitRateChart(HitRateSeries series) {
        ErrorDataSetRenderer perMinute = Charts.lines(true);
        ErrorDataSetRenderer perSecond = Charts.lines(false);
        perSecond.setShowInLegend(false);
        Bindings.bindContent(perMinute.getDatasets(), series.minuteSets());
        Bindings.bindContent(perSecond.getDatasets(), series.secondSets());
        time.setAutoRanging(false);
        chart = Charts.chart(time, Charts.percentAxis("hit rate"), perSecond, perMinute);
        chart.getStyleClass().add("rd-hit-rate-chart");
        markers = new MarkerLayer(chart, time);
    }

    public XYChart chart() {
        return chart;
    }

    public DefaultNumericAxis timeAxis() {
        return time;
    }

    /**
     * Shows the {@code rangeSeconds} up to {@code nowSeconds} (and a sliver beyond, so the newest point and a change
     * made just now stay clear of the edge), unless the operator has zoomed in.
     */
    public void follow(double nowSeconds, double rangeSeconds) {
        if (Double.isNaN(nowSeconds) || Charts.isZoomed(chart)) {
            return;
        }
        time.set(nowSeconds - rangeSeconds, nowSeconds + rangeSeconds * 0.02);
    }

    public void showMarkers(List<ChartMarker> shown) {
        markers.show(shown);
    }

    public List<ChartMarker> markers() {
        return markers.markers();
    }
}
