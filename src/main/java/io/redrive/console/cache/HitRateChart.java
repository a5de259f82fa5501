package io.redrive.console.cache;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.redrive.console.charts.ChartMarker;
import io.redrive.console.charts.Charts;
import io.redrive.console.charts.DenseLineRenderer;
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
        DenseLineRenderer perSecond = new DenseLineRenderer();  // a day of them: see its note on software rendering
        perSecond.setUseGlobalColorIndex(false);  // colours from the first, as the per-minute renderer's
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
     * made just now stay clear of the edge), unless the operator has zoomed in. When there is less history than
     * that (a console or a cache that has just started), it shows the history there is across the whole width,
     * rather than a few pixels at the right edge of an empty hour.
     */
    public void follow(double nowSeconds, double rangeSeconds, double earliestSeconds) {
        if (Double.isNaN(nowSeconds) || Charts.isZoomed(chart)) {
            return;
        }
        double from = nowSeconds - rangeSeconds;
        if (earliestSeconds > from) {
            from = earliestSeconds - Math.max(5, (nowSeconds - earliestSeconds) * 0.05);
        }
        time.set(from, nowSeconds + (nowSeconds - from) * 0.02);
    }

    public void showMarkers(List<ChartMarker> shown) {
        markers.show(shown);
    }

    public List<ChartMarker> markers() {
        return markers.markers();
    }
}
