package io.redrive.console.overview;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.dataset.spi.DoubleDataSet;
import io.redrive.console.charts.Charts;
import io.redrive.console.charts.TimeSeries;
import io.redrive.engine.QueueHealth;

import java.util.TreeMap;

/** A small ChartFX line of one queue's dead-lettered per minute and DLQ size: gaps stay gaps, the current minute is left out. */
final class Sparkline extends XYChart {
    private final DoubleDataSet deadLettered = new DoubleDataSet("Dead-lettered / min");
    private final DoubleDataSet deadSize = new DoubleDataSet("Dead letters");

    Sparkline() {
        super(hidden(), hidden());
        var perMinute = Charts.lines(false);
        perMinute.getDatasets().add(deadLettered);
        var size = Charts.lines(false);
        DefaultNumericAxis sizeAxis = hidden();
        size.getAxes().add(getXAxis());
        size.getAxes().add(sizeAxis);  // the size has its own scale: it is much larger than a minute's deaths
        size.getDatasets().add(deadSize);
        getRenderers().setAll(perMinute, size);
        setAnimated(false);
        setLegendVisible(false);
        setTitle(null);
        setPrefSize(180, 36);
        setMinSize(120, 30);
    }

    void show(QueueHealth h) {
        TreeMap<Long, Double> perMinute = new TreeMap<>();
        TreeMap<Long, Double> size = new TreeMap<>();
        long current = Long.MAX_VALUE;
        for (QueueHealth.Minute m : h.minutes()) {
            long minute = TimeSeries.minuteOf(m.start().toEpochMilli());
            if (!m.complete()) {
                current = Math.min(current, minute);
            }
            perMinute.put(minute, (double) m.deadLettered());
            if (m.deadSize() != null) {
                size.put(minute, m.deadSize().doubleValue());
            }
        }
        set(deadLettered, TimeSeries.perMinute(perMinute, current));
        set(deadSize, TimeSeries.perMinute(size, current));
    }

    private static void set(DoubleDataSet data, TimeSeries.Points p) {
        data.set(java.util.Arrays.copyOf(p.x(), p.count()), java.util.Arrays.copyOf(p.y(), p.count()));
    }

    private static DefaultNumericAxis hidden() {
        DefaultNumericAxis axis = new DefaultNumericAxis();
        axis.setAutoRanging(true);
        axis.setVisible(false);
        return axis;
    }
}
