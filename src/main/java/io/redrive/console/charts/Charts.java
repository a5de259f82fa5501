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
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javafx.util.StringConverter;

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
        // "HH:mm" fits under a tick; ChartFX's own labels ("8:57:00") are clipped at the axis ends. Seconds only
        // when zoomed in to a few minutes, where minutes alone would repeat
        axis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number seconds) {
                DateTimeFormatter format = axis.getMax() - axis.getMin() <= 300 ? SECONDS : MINUTES;
                return format.format(Instant.ofEpochMilli(Math.round(seconds.doubleValue() * 1000)));
            }

            @Override
            public Number fromString(String text) {
                throw new UnsupportedOperationException("time labels are not parsed");
            }
        });
        return axis;
    }

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

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
        // NaN points are gaps (see TimeSeries); with NaNs allowed ChartFX also draws one path per series, which
        // software rendering draws about three times faster than single segments
        renderer.setAllowNaNs(true);
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
        XYChart chart = new FittingChart(x, y);
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

    /**
     * Keeps {@code axis} (a value axis of {@code chart}, made by {@link #chart}) from zero to a round number above the
     * largest value the chart draws against it ({@link AxisRange}), so bars and points stay inside the plot; an empty
     * chart's axis reads 0 to 1.
     */
    public static void fitValues(XYChart chart, DefaultNumericAxis axis) {
        if (!(chart instanceof FittingChart fitting)) {
            throw new IllegalArgumentException("not a chart made by Charts.chart");
        }
        axis.setAutoRanging(false);
        axis.setAutoRangeRounding(false);
        fitting.fits.add(() -> {
            double max = 0;
            for (Renderer renderer : chart.getRenderers()) {
                boolean drawsOnAxis = renderer.getAxes().contains(axis)
                        || (axis == chart.getYAxis() && renderer.getAxes().stream().noneMatch(a -> a.getSide().isVertical()));
                if (!drawsOnAxis) {
                    continue;
                }
                for (DataSet data : renderer.getDatasets()) {
                    for (int i = 0, n = data.getDataCount(); i < n; i++) {
                        double v = data.get(DataSet.DIM_Y, i);
                        if (v > max) {
                            max = v;  // NaN (a gap) never compares greater
                        }
                    }
                }
            }
            double top = AxisRange.top(max);
            if (axis.getMin() != 0 || axis.getMax() != top) {
                axis.set(0, top);
            }
        });
    }

    /** An XYChart that fits its value axes before ChartFX lays out its axes, on every pulse that redraws it. */
    private static final class FittingChart extends XYChart {
        private final List<Runnable> fits = new ArrayList<>();

        FittingChart(Axis... axes) {
            super(axes);
        }

        @Override
        public void updateAxisRange() {
            fits.forEach(Runnable::run);
            super.updateAxisRange();
        }
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
