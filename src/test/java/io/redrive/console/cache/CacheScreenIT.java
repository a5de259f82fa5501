package io.redrive.console.cache;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.dataset.DataSet;
import io.redrive.cache.Cache;
import io.redrive.cache.CacheMinuteStats;
import io.redrive.console.ChartScreensTestSupport;
import io.redrive.console.ConsoleTestSupport;
import io.redrive.console.charts.ChartPanel;
import javafx.scene.Node;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.image.Image;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.matcher.control.LabeledMatchers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.redrive.console.ChartScreensTestSupport.awaitFlushed;
import static io.redrive.console.ChartScreensTestSupport.traffic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The cache screen in the real window: the chart and table show the cache's counters; TTL changes go live. */
class CacheScreenIT extends ConsoleTestSupport {
    private Cache other;

    @TempDir
    Path files;

    @Override
    protected void beforeWindow() {
        other = ChartScreensTestSupport.otherCache(prefix);
        traffic(other, "user", "u", 5, 4);      // 15 hits, 5 misses
        traffic(other, "document", "d", 2, 1);  // 2 misses
        awaitFlushed(other, "user", 15, 5);
        awaitFlushed(other, "document", 0, 2);
    }

    @AfterEach
    void closeOtherHelper() {
        other.close();
    }

    private void openCacheScreen() {
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> lookup("#screens").tryQuery().isPresent());
        TabPane screens = lookup("#screens").queryAs(TabPane.class);
        Tab cache = screens.getTabs().stream().filter(t -> "cacheTab".equals(t.getId())).findFirst().orElseThrow();
        interact(() -> screens.getSelectionModel().select(cache));
        await().ignoreExceptions().atMost(Duration.ofSeconds(10))
                .until(() -> lookup("#namespaceTable").queryAs(TableView.class).getItems().size() == 5);
    }

    private NamespaceRow row(String namespace) {
        TableView<?> table = lookup("#namespaceTable").queryAs(TableView.class);
        return table.getItems().stream().map(NamespaceRow.class::cast).filter(r -> r.getName().equals(namespace)).findFirst().orElseThrow();
    }

    private XYChart hitRateChart() {
        return lookup("#hitRatePanel").queryAs(ChartPanel.class).getChart();
    }

    private DataSet series(XYChart chart, String name) {
        return chart.getAllDatasets().stream().filter(d -> d.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theChartAndTheTableShowWhatTheCacheCountedAndExportItAsPngAndCsv() throws Exception {
        openCacheScreen();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(row("user").hitsProperty().get()).isEqualTo(15);
            assertThat(row("user").missesProperty().get()).isEqualTo(5);
        });
        assertThat(row("user").hitRateProperty().get()).isEqualTo(0.75);
        assertThat(row("document").missesProperty().get()).isEqualTo(2);

        Instant now = Instant.now();
        List<CacheMinuteStats> minutes = other.admin().stats("user", now.minus(Duration.ofHours(1)), now).stream()
                .filter(m -> m.counters().hits() + m.counters().misses() > 0).toList();
        XYChart chart = hitRateChart();
        DataSet perMinute = series(chart, "user");
        await().atMost(Duration.ofSeconds(5)).until(() -> perMinute.getDataCount() == minutes.size());
        for (int i = 0; i < minutes.size(); i++) {
            assertThat(perMinute.get(DataSet.DIM_X, i)).isEqualTo(minutes.get(i).minute().getEpochSecond());
            assertThat(perMinute.get(DataSet.DIM_Y, i)).isEqualTo(100 * minutes.get(i).counters().hitRate());
        }
        // a cache with minutes of history: the axis spans the history there is, not an hour that is mostly empty
        double oldest = perMinute.get(DataSet.DIM_X, 0);
        assertThat(chart.getXAxis().getMin()).as("starts just before the oldest point").isLessThan(oldest).isGreaterThan(oldest - 600);
        assertThat(chart.getXAxis().getMax()).as("ends just after now").isGreaterThan(now.getEpochSecond() - 2.0);
        assertThat(chart.getXAxis().getMax() - chart.getXAxis().getMin()).as("less than the hour chosen").isLessThan(3600);

        // from here on the live updates, once a second, with traffic going on
        watchdog.reset();
        double before = chart.getXAxis().getMax();
        traffic(other, "user", "more", 3, 3);  // 6 hits, 3 misses
        awaitFlushed(other, "user", 21, 8);
        await().atMost(Duration.ofSeconds(5)).until(() -> chart.getXAxis().getMax() >= before + 2);
        assertThat(watchdog.longestBlockedMillis()).as("FX thread blocked, ms; at %s", watchdog.blockedAt()).isLessThan(100);
        List<CacheMinuteStats> updated = other.admin().stats("user", now.minus(Duration.ofHours(1)), Instant.now()).stream()
                .filter(m -> m.counters().hits() + m.counters().misses() > 0).toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> perMinute.getDataCount() == updated.size()
                && perMinute.get(DataSet.DIM_Y, updated.size() - 1) == 100 * updated.get(updated.size() - 1).counters().hitRate());
        assertThat(series(chart, "user per second").getDataCount()).as("live points").isPositive();

        ChartPanel panel = lookup("#hitRatePanel").queryAs(ChartPanel.class);
        Path png = files.resolve("hit-rate.png");
        Path csv = files.resolve("hit-rate.csv");
        CompletableFuture<?>[] written = new CompletableFuture<?>[2];
        interact(() -> {
            written[0] = panel.exportPng(png);
            written[1] = panel.exportCsv(csv);
        });
        CompletableFuture.allOf(written).get(10, TimeUnit.SECONDS);

        Image image = new Image(png.toUri().toString());
        assertThat(image.isError()).isFalse();
        assertThat(image.getWidth()).isCloseTo(chart.getWidth(), org.assertj.core.data.Offset.offset(1.0));
        assertThat(image.getHeight()).isCloseTo(chart.getHeight(), org.assertj.core.data.Offset.offset(1.0));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("series,time,axis,value");
        for (CacheMinuteStats m : updated) {
            assertThat(lines).contains("user," + m.minute() + ",hit rate (%)," + number(100 * m.counters().hitRate()));
        }
        long shown = chart.getAllDatasets().stream().mapToLong(DataSet::getDataCount).sum();
        assertThat(lines).hasSize(1 + (int) shown);  // every point is inside the last hour
    }

    @Test
    void aTtlChangedInTheUiReachesAnotherHelperWithinASecondAndPutsAMarkerOnTheChart() {
        openCacheScreen();
        Node userCell = lookup("#namespaceTable .table-cell").match(LabeledMatchers.hasText("user")).query();
        clickOn(userCell);
        await().atMost(Duration.ofSeconds(5)).until(() -> row("user").keysProperty().get() == 5);
        @SuppressWarnings("unchecked")
        Spinner<Integer> ttl = lookup("#ttlSeconds").queryAs(Spinner.class);
        assertThat(ttl.getValue()).isEqualTo(900);
        watchdog.reset();

        interact(() -> ttl.getEditor().setText("42"));
        clickOn("#applyTtl");

        await().atMost(Duration.ofSeconds(1)).until(() -> other.settings("user").ttl().equals(Duration.ofSeconds(42)));
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(hitRateChart().getPlugins())
                .filteredOn(XValueIndicator.class::isInstance).map(p -> ((XValueIndicator) p).getText())
                .containsExactly("user: TTL 42 s"));
        XValueIndicator marker = (XValueIndicator) hitRateChart().getPlugins().stream().filter(XValueIndicator.class::isInstance).findFirst().orElseThrow();
        assertThat(marker.getValue()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5.0));
        await().atMost(Duration.ofSeconds(3)).until(() -> row("user").ttlSecondsProperty().get() == 42);
        assertThat(watchdog.longestBlockedMillis()).as("FX thread blocked, ms; at %s", watchdog.blockedAt()).isLessThan(100);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
