package io.redrive.console.charts;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.Axis;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.axes.spi.format.DefaultTimeFormatter;
import io.fair_acc.chartfx.plugins.ChartPlugin;
import io.fair_acc.chartfx.plugins.DataPointTooltip;
import io.fair_acc.chartfx.plugins.EditAxis;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.Renderer;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.css.ColorPalette;

import io.fair_acc.dataset.DataSet;
import javafx.application.ConditionalFeature;
import javafx.collections.ListChangeListener;
import javafx.scene.layout.Region;
import javafx.application.Platform;

import java.time.Instant;
import java.time.ZoneId;

/**
 * The ChartFX pieces the console's charts are made of, set up one way: axes that do not animate, renderers that
 * colour their data sets from the first palette colour on (so one series keeps its colour across renderers), and
 * charts with zoom (drag a box; the toolbar at the top resets it), axis editing and point tooltips.
 */
public final class Charts {
    private Charts() {
    }

    /** An x axis of wall-clock time: values in seconds since the epoch, labels in this machine's time zone. */
    public static DefaultNumericAxis timeAxis() {
        DefaultNumericAxis axis = new DefaultNumericAxis("time");
        axis.setUnit(null);
        axis.setTimeAxis(true);
        axis.setAnimated(false);
        axis.setAutoRangeRounding(false);
        axis.setAutoRangePadding(0);
        if (axis.getAxisLabelFormatter() instanceof DefaultTimeFormatter formatter) {
            formatter.setTimeZoneOffset(ZoneId.systemDefault().getRules().getOffset(Instant.now()));
        }
        return axis;
    }

    /** A value axis that starts at zero. */
    public static DefaultNumericAxis valueAxis(String name, String unit) {
        DefaultNumericAxis axis = new DefaultNumericAxis(name, unit);
        axis.setAnimated(false);
        axis.setAutoRangeRounding(true);
        axis.setForceZeroInRange(true);
        return axis;
    }

    /** A percentage axis fixed at 0 to 100. */
    public static DefaultNumericAxis percentAxis(String name) {
        DefaultNumericAxis axis = new DefaultNumericAxis(name, "%");
        axis.setAnimated(false);
        axis.setAutoRanging(false);
        axis.set(0, 100);
        return axis;
    }

    /** Lines without error bars, thinned to what the pixels can show. */
    public static ErrorDataSetRenderer lines(boolean markers) {
        ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
        renderer.setErrorStyle(ErrorStyle.NONE);
        renderer.setPolyLineStyle(LineStyle.NORMAL);
        renderer.setDrawMarker(markers);
        renderer.setPointReduction(true);
        renderer.setRendererDataReducer(new PixelColumnReducer());
        // ChartFX strokes each segment on its own unless NaNs are allowed, then it draws one path per series. Single
        // segments are drawn by the GPU where there is one; software rendering is about three times faster with paths
        renderer.setAllowNaNs(softwareRendering());
        renderer.setUseGlobalColorIndex(false);
        return renderer;
    }

    /** Bars, side by side when there are several data sets. */
    public static ErrorDataSetRenderer bars() {
        ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
        renderer.setErrorStyle(ErrorStyle.NONE);
        renderer.setPolyLineStyle(LineStyle.NONE);
        renderer.setDrawBars(true);
        renderer.setShiftBar(true);
        renderer.setDynamicBarWidth(false);  // sized by fitBars: ChartFX's dynamic width needs point reduction data
        renderer.setDrawMarker(false);
        renderer.setPointReduction(false);
        renderer.setUseGlobalColorIndex(false);
        return renderer;
    }

    /** A chart with these renderers (the first draws against {@code x} and {@code y}), zoom, axis editing and tooltips. */
    public static XYChart chart(Axis x, Axis y, Renderer... renderers) {
        XYChart chart = new XYChart(x, y);
        chart.setAnimated(false);
        chart.getRenderers().setAll(renderers);
        Zoomer zoomer = new Zoomer();
        zoomer.setAnimated(false);
        zoomer.setSliderVisible(false);
        chart.getPlugins().addAll(zoomer, new EditAxis(), new DataPointTooltip());
        chart.setLegendVisible(true);
        chart.setColorPalette(ColorPalette.ATLANTAFX);  // the theme's chart colours, readable in light and dark
        return chart;
    }

    /**
     * Keeps a bar chart's bars as wide as the x step allows (80 % of it, shared by the data sets side by side) as the
     * axis range, the chart's width and the data change.
     */
    public static void fitBars(XYChart chart, ErrorDataSetRenderer bars) {
        Axis x = chart.getXAxis();
        Runnable fit = () -> {
            double span = Math.abs(x.getMax() - x.getMin());
            double length = x.getLength();
            if (!(span > 0) || !(length > 0)) {
                return;
            }
            double step = 1;
            for (DataSet data : bars.getDatasets()) {
                if (data.getDataCount() >= 2) {
                    step = Math.abs(data.get(DataSet.DIM_X, 1) - data.get(DataSet.DIM_X, 0));
                    break;
                }
            }
            int sets = Math.max(1, bars.getDatasets().size());
            int width = (int) Math.max(1, Math.floor(length / span * step * 0.8 / sets));
            if (width != bars.getBarWidth()) {
                bars.setBarWidth(width);
                bars.setshiftBarOffset(width);
            }
        };
        x.minProperty().addListener((o, was, now) -> fit.run());
        x.maxProperty().addListener((o, was, now) -> fit.run());
        if (x instanceof Region region) {
            region.widthProperty().addListener((o, was, now) -> fit.run());
        }
        bars.getDatasets().addListener((ListChangeListener<DataSet>) change -> fit.run());
    }

    /** Whether JavaFX draws without a GPU (Prism's software pipeline): then charts draw each series as one path. */
    public static boolean softwareRendering() {
        return !Platform.isSupported(ConditionalFeature.SCENE3D);
    }

    /** Whether the operator has zoomed in: live charts then stop moving their x axis along with time. */
    public static boolean isZoomed(XYChart chart) {
        for (ChartPlugin plugin : chart.getPlugins()) {
            if (plugin instanceof Zoomer zoomer && !zoomer.zoomStackDeque().isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
