package io.redrive.console.overview;

import io.redrive.console.Styles;
import io.redrive.console.charts.TimeSeries;
import io.redrive.engine.QueueHealth;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Polyline;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One queue's dead-lettered per minute and DLQ size over the window, as two lines in a fixed-size box. A sparkline
 * needs no axes, so it is drawn with plain polylines rather than a chart: a table of 50 queues stays cheap to lay out.
 * Each line has its own scale (the size is much larger than a minute's deaths); gaps stay gaps and the current,
 * still-counting minute is left out ({@link TimeSeries#perMinute}).
 */
final class Sparkline extends Pane {
    static final double WIDTH = 160;
    static final double HEIGHT = 28;
    private static final double INSET = 2;

    Sparkline() {
        getStyleClass().add(Styles.SPARKLINE);
        setMinSize(WIDTH, HEIGHT);
        setPrefSize(WIDTH, HEIGHT);
        setMaxSize(WIDTH, HEIGHT);
        setMouseTransparent(true);
    }

    void show(QueueHealth h) {
        TreeMap<Long, Double> perMinute = new TreeMap<>();
        TreeMap<Long, Double> size = new TreeMap<>();
        long first = Long.MAX_VALUE;
        long current = Long.MAX_VALUE;
        for (QueueHealth.Minute m : h.minutes()) {
            long minute = TimeSeries.minuteOf(m.start().toEpochMilli());
            first = Math.min(first, minute);
            if (!m.complete()) {
                current = Math.min(current, minute);
            }
            perMinute.put(minute, (double) m.deadLettered());
            if (m.deadSize() != null) {
                size.put(minute, m.deadSize().doubleValue());
            }
        }
        getChildren().clear();
        if (first == Long.MAX_VALUE) {
            return;
        }
        // x spans the whole window up to the last complete minute, so a queue that went quiet shows where it stopped
        long last = current == Long.MAX_VALUE ? Math.max(perMinute.lastKey(), first + 1) : Math.max(current - 1, first + 1);
        double x0 = first * 60.0;
        double x1 = last * 60.0;
        draw(TimeSeries.perMinute(size, current), x0, x1, Styles.SPARKLINE_SIZE);
        draw(TimeSeries.perMinute(perMinute, current), x0, x1, Styles.SPARKLINE_RATE);
    }

    /** One polyline per run of points between gaps, scaled from zero to the series' own maximum. */
    private void draw(TimeSeries.Points p, double x0, double x1, String styleClass) {
        double max = 0;
        for (int i = 0; i < p.count(); i++) {
            if (!Double.isNaN(p.y()[i])) max = Math.max(max, p.y()[i]);
        }
        double top = max == 0 ? 1 : max;
        List<Double> run = new ArrayList<>();
        for (int i = 0; i <= p.count(); i++) {
            if (i == p.count() || Double.isNaN(p.y()[i])) {
                addRun(run, styleClass);
                run = new ArrayList<>();
                continue;
            }
            run.add(INSET + (p.x()[i] - x0) / (x1 - x0) * (WIDTH - 2 * INSET));
            run.add(HEIGHT - INSET - p.y()[i] / top * (HEIGHT - 2 * INSET));
        }
    }

    private void addRun(List<Double> run, String styleClass) {
        if (run.isEmpty()) {
            return;
        }
        if (run.size() == 2) {  // a lone minute between gaps: a short dash, so it is seen
            run.add(run.get(0) + 2);
            run.add(run.get(1));
        }
        Polyline line = new Polyline();
        line.getPoints().setAll(run);
        line.getStyleClass().add(styleClass);
        getChildren().add(line);
    }
}
