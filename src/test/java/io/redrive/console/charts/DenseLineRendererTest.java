package io.redrive.console.charts;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.dataset.spi.DoubleDataSet;
import io.redrive.console.FxStartup;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dense renderer covers what a line through every point would: drawn headless into an image, a series that
 * swings between 10 and 90 every point colours each pixel column from 10 to 90, and nothing outside it.
 */
class DenseLineRendererTest {
    private static final int WIDTH = 600;
    private static final int HEIGHT = 300;
    private static final int SETTLING_FRAMES = 4;

    @BeforeAll
    static void toolkit() {
        FxStartup.ensureStarted();
    }

    @Test
    void manyPointsPerPixelFillEachColumnFromTheLowestToTheHighestValue() throws Exception {
        int points = 50_000;
        double[] x = new double[points];
        double[] y = new double[points];
        for (int i = 0; i < points; i++) {
            x[i] = i;
            y[i] = i % 2 == 0 ? 10 : 90;
        }
        Drawn drawn = draw(x, y);

        int column = drawn.columnAt(points / 2.0);
        assertThat(drawn.coloured(column, drawn.rowAt(85))).as("inside the swing, high").isTrue();
        assertThat(drawn.coloured(column, drawn.rowAt(50))).as("inside the swing, middle").isTrue();
        assertThat(drawn.coloured(column, drawn.rowAt(15))).as("inside the swing, low").isTrue();
        assertThat(drawn.coloured(column, drawn.rowAt(97))).as("above the highest value").isFalse();
        assertThat(drawn.coloured(column, drawn.rowAt(3))).as("below the lowest value").isFalse();
    }

    @Test
    void fewPointsAreJoinedByALineThroughEachOfThem() throws Exception {
        Drawn drawn = draw(new double[] {0, 50, 100}, new double[] {20, 80, 20});

        assertThat(drawn.coloured(drawn.columnAt(50), drawn.rowAt(80))).as("the peak").isTrue();
        assertThat(drawn.coloured(drawn.columnAt(25), drawn.rowAt(50))).as("half way up").isTrue();
        assertThat(drawn.coloured(drawn.columnAt(50), drawn.rowAt(40))).as("under the peak").isFalse();
    }

    /** The chart drawn into an image, and where data values land in it. */
    private record Drawn(WritableImage image, XYChart chart, DefaultNumericAxis xAxis, DefaultNumericAxis yAxis) {
        /** Renderers draw on the chart's canvas in the axes' display coordinates. */
        int columnAt(double value) {
            return (int) Math.floor(chart.getCanvas().localToScene(xAxis.getDisplayPosition(value), 0).getX());
        }

        int rowAt(double value) {
            return (int) Math.round(chart.getCanvas().localToScene(0, yAxis.getDisplayPosition(value)).getY());
        }

        /** Whether the pixel, or one next to it, has a colour (the series') rather than grey. */
        boolean coloured(int column, int row) {
            PixelReader pixels = image.getPixelReader();
            for (int dy = -1; dy <= 1; dy++) {
                Color c = pixels.getColor(column, row + dy);
                if (c.getSaturation() > 0.2) {  // the series has a colour; background, grid and axes are grey
                    return true;
                }
            }
            return false;
        }
    }

    private static Drawn draw(double[] x, double[] y) throws Exception {
        CompletableFuture<Drawn> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                DoubleDataSet data = new DoubleDataSet("swing");
                data.set(x, y);
                DenseLineRenderer renderer = new DenseLineRenderer();
                renderer.getDatasets().add(data);
                DefaultNumericAxis xAxis = new DefaultNumericAxis("x");
                xAxis.setAutoRanging(false);
                xAxis.set(x[0], x[x.length - 1]);
                DefaultNumericAxis yAxis = new DefaultNumericAxis("y");
                yAxis.setAutoRanging(false);
                yAxis.set(0, 100);
                XYChart chart = new XYChart(xAxis, yAxis);
                chart.setAnimated(false);
                chart.setLegendVisible(false);
                chart.getRenderers().setAll(renderer);
                chart.getGridRenderer().setDrawOnTop(false);
                Stage stage = new Stage();
                stage.setScene(new Scene(new StackPane(chart), WIDTH, HEIGHT));
                stage.show();
                // The chart draws its canvas after layout in a pulse; a timer runs once per pulse, so after a few
                // frames the chart has been laid out and drawn at its final size.
                new AnimationTimer() {
                    private int frames;

                    @Override
                    public void handle(long now) {
                        if (++frames < SETTLING_FRAMES) {
                            return;
                        }
                        stop();
                        WritableImage image = stage.getScene().snapshot(null);
                        stage.close();
                        result.complete(new Drawn(image, chart, xAxis, yAxis));
                    }
                }.start();
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }
}
