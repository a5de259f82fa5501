package io.redrive.bench;

import atlantafx.base.theme.PrimerLight;
import io.redrive.console.FxStartup;
import io.redrive.console.Styles;
import io.redrive.console.cache.HitRateChart;
import io.redrive.console.cache.HitRateSeries;
import io.redrive.console.charts.ChartPanel;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the cache screen's hit-rate chart keeps up with live data: the real {@link HitRateChart} in a window, its
 * per-second series filled with a day of points per namespace (5 × 86,400 = 432,000), then updated again and
 * again, each update appending one point per namespace and moving the time axis, as the live screen does once a
 * second. Updates are driven as fast as the chart takes them: the next one starts after the frame that drew the
 * previous one.
 *
 * <p>Measured on the JavaFX Application Thread: the time per update (appending, plus the layout pass of the pulse
 * in which the chart redraws), and the frame time (from one pulse's start to the next while updating, which
 * includes waiting for the renderer).
 */
public final class ChartBenchmark {
    private static final int DEFAULT_UPDATES = 200;
    private static final int WARM_UP = 30;
    private static final String[] NAMES = {"user", "job_status", "document", "vector_search", "graph"};

    private ChartBenchmark() {
    }

    /**
     * What was measured, in milliseconds.
     *
     * @param totalPoints      per-second points in the chart when the updates started
     * @param updates          measured updates (after a warm-up)
     * @param updateMedian     FX-thread time per update: append one point per namespace, then lay out and redraw
     * @param updateP99        its 99th percentile
     * @param frameMedian      time from one pulse to the next while updating
     * @param frameP99         its 99th percentile
     * @param updatesPerSecond updates the chart took per second of wall time
     */
    public record Result(int namespaces, int pointsPerNamespace, long totalPoints, int updates, double updateMedian,
                         double updateP99, double frameMedian, double frameP99, double updatesPerSecond) {
    }

    /** A day of per-second points is {@code run(5, 86_400)}. Call from any thread but the JavaFX one. */
    public static Result run(int namespaces, int pointsPerNamespace) {
        return run(namespaces, pointsPerNamespace, DEFAULT_UPDATES);
    }

    public static Result run(int namespaces, int pointsPerNamespace, int updates) {
        if (namespaces < 1 || pointsPerNamespace < 1 || updates < 1) {
            throw new IllegalArgumentException("Need at least one namespace, point and update");
        }
        if (Platform.isFxApplicationThread()) {
            throw new IllegalStateException("The benchmark waits for frames: run it off the JavaFX Application Thread");
        }
        FxStartup.ensureStarted();
        CompletableFuture<Result> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                new Run(namespaces, pointsPerNamespace, updates, result).start();
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(60 + updates, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while benchmarking the chart", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The chart benchmark failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The chart benchmark did not finish: no frames came", e);
        }
    }

    /** One run, entirely on the JavaFX Application Thread. */
    private static final class Run {
        private final int namespaces;
        private final int points;
        private final int updates;
        private final CompletableFuture<Result> result;
        private final Random random = new Random(42);
        private final List<String> names = new ArrayList<>();
        private final HitRateSeries series;
        private final HitRateChart chart;
        private final double range;
        private final long[] updateNanos;
        private final List<Long> pulseStarts = new ArrayList<>();
        private Stage stage;
        private double now;
        private int done;
        private boolean armed;
        private long appendNanos;
        private long pulseStart;
        private long measureStart;

        Run(int namespaces, int points, int updates, CompletableFuture<Result> result) {
            this.namespaces = namespaces;
            this.points = points;
            this.updates = updates;
            this.result = result;
            this.series = new HitRateSeries(points);
            this.updateNanos = new long[updates];
            this.range = points;
            this.now = Math.floor(System.currentTimeMillis() / 1000.0);
            fill();
            this.chart = new HitRateChart(series);
        }

        /** A day (or however many points) of plausible hit rates per namespace, ending now, and their minutes. */
        private void fill() {
            for (int n = 0; n < namespaces; n++) {
                String name = n < NAMES.length ? NAMES[n] : "namespace" + n;
                names.add(name);
                double[] x = new double[points];
                double[] y = new double[points];
                double level = 55 + 8 * n;
                for (int i = 0; i < points; i++) {
                    x[i] = now - points + 1 + i;
                    level = Math.max(5, Math.min(98, level + random.nextGaussian() * 0.4));
                    y[i] = Math.max(0, Math.min(100, level + random.nextGaussian() * 6));
                }
                series.appendSeconds(name, x, y);
                int minutes = (points + 59) / 60;
                double[] mx = new double[minutes];
                double[] my = new double[minutes];
                for (int m = 0; m < minutes; m++) {
                    int from = m * 60;
                    int to = Math.min(points, from + 60);
                    mx[m] = x[from];
                    my[m] = Arrays.stream(y, from, to).average().orElse(0);
                }
                series.setMinutes(name, mx, my, minutes);
            }
        }

        void start() {
            if (Application.getUserAgentStylesheet() == null) {
                Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());  // the console's theme
            }
            StackPane root = new StackPane();
            Scene scene = new Scene(root, 1280, 720);
            scene.getStylesheets().add(Styles.class.getResource("redrive.css").toExternalForm());
            // added before the chart joins the scene, so it runs before the chart's own layout hooks
            scene.addPreLayoutPulseListener(() -> {
                pulseStart = System.nanoTime();
                if (measureStart != 0) {
                    pulseStarts.add(pulseStart);
                }
            });
            root.getChildren().add(new ChartPanel("Hit rate", chart.chart()));
            // added after: runs once the chart has drawn
            scene.addPostLayoutPulseListener(this::drawn);
            stage = new Stage();
            stage.setTitle("Redrive chart benchmark");
            stage.setScene(scene);
            stage.show();
            chart.follow(now, range, series.earliestSeconds());
            Platform.runLater(this::update);
        }

        private void update() {
            armed = true;
            long start = System.nanoTime();
            now += 1;
            for (String name : names) {
                series.appendSecond(name, now, 50 + 40 * random.nextDouble());
            }
            chart.follow(now, range, series.earliestSeconds());
            appendNanos = System.nanoTime() - start;
            Platform.requestNextPulse();
        }

        private void drawn() {
            if (!armed) {
                return;
            }
            armed = false;
            long took = appendNanos + (System.nanoTime() - pulseStart);
            if (done >= WARM_UP) {
                updateNanos[done - WARM_UP] = took;
            }
            done++;
            if (done == WARM_UP) {
                measureStart = System.nanoTime();
            }
            if (done >= WARM_UP + updates) {
                finish();
            } else {
                Platform.runLater(this::update);
            }
        }

        private void finish() {
            long elapsed = System.nanoTime() - measureStart;
            stage.close();
            long[] frames = new long[Math.max(0, pulseStarts.size() - 1)];
            for (int i = 1; i < pulseStarts.size(); i++) {
                frames[i - 1] = pulseStarts.get(i) - pulseStarts.get(i - 1);
            }
            result.complete(new Result(namespaces, points, (long) namespaces * points, updates,
                    percentile(updateNanos, 50), percentile(updateNanos, 99), percentile(frames, 50), percentile(frames, 99),
                    updates / (elapsed / 1e9)));
        }

        private static double percentile(long[] nanos, double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }
}
