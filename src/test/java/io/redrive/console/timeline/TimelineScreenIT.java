package io.redrive.console.timeline;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.dataset.DataSet;
import io.redrive.console.ConsoleTestSupport;
import io.redrive.console.charts.ChartPanel;
import io.redrive.engine.Backoff;
import io.redrive.engine.Engine;
import io.redrive.engine.MinuteMetrics;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.matcher.control.LabeledMatchers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.testfx.api.FxAssert.verifyThat;

/** The retry timelines screen in the real window: the engine's metrics on the charts, a message's attempts, policy tuning. */
class TimelineScreenIT extends ConsoleTestSupport {
    private static final RetryPolicy SLOW_RETRIES = RetryPolicy.builder().maxAttempts(4)
            .backoff(Backoff.exponential(Duration.ofMinutes(5))).build();
    private final List<String> ids = new ArrayList<>();
    private Engine engine;

    @TempDir
    Path files;

    @Override
    protected void beforeWindow() {
        // a minute ago: the per-minute charts leave out the minute under way
        engine = producer(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-1)));
        Queue orders = engine.queue("orders");
        orders.updatePolicy(SLOW_RETRIES);
        for (int i = 0; i < 3; i++) {
            ids.add(orders.enqueue(OutgoingMessage.json("{\"order\":" + i + "}")));
        }
        try (Worker worker = engine.worker("orders", d -> {
            throw new IllegalStateException("out of stock");
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).build())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> orders.counts().scheduled() == 3);
        }
    }

    private void openTimelines() {
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> lookup("#screens").tryQuery().isPresent());
        TabPane screens = lookup("#screens").queryAs(TabPane.class);
        Tab timelines = screens.getTabs().stream().filter(t -> "timelineTab".equals(t.getId())).findFirst().orElseThrow();
        interact(() -> screens.getSelectionModel().select(timelines));
        await().ignoreExceptions().atMost(Duration.ofSeconds(10))
                .until(() -> "orders".equals(lookup("#timelineQueue").queryAs(ComboBox.class).getValue()));
    }

    private DataSet series(String panel, String name) {
        XYChart chart = lookup("#" + panel).queryAs(ChartPanel.class).getChart();
        return chart.getAllDatasets().stream().filter(d -> d.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theChartsShowTheEnginesMetricsAndUpcomingRetriesAndExportTheShownValues() throws Exception {
        openTimelines();
        DataSet enqueued = series("outcomesPanel", "enqueued");
        await().atMost(Duration.ofSeconds(10)).until(() -> sum(enqueued) == 3);
        Instant from = Instant.ofEpochSecond((long) enqueued.get(DataSet.DIM_X, 0));
        Instant to = Instant.ofEpochSecond((long) enqueued.get(DataSet.DIM_X, enqueued.getDataCount() - 1));
        List<MinuteMetrics> metrics = engine.queue("orders").metrics(from, to);
        DataSet failed = series("outcomesPanel", "failed");
        DataSet retried = series("outcomesPanel", "retried");
        for (int i = 0; i < metrics.size(); i++) {
            assertThat(enqueued.get(DataSet.DIM_Y, i)).isEqualTo(metrics.get(i).enqueued());
            assertThat(failed.get(DataSet.DIM_Y, i)).isEqualTo(metrics.get(i).failed());
            assertThat(retried.get(DataSet.DIM_Y, i)).isEqualTo(metrics.get(i).retried());
        }
        DataSet upcoming = series("upcomingPanel", "orders");
        assertThat(sum(upcoming)).isEqualTo(3);
        long[] expected = engine.retries().upcoming("orders", Instant.now(), Duration.ofMinutes(1), 60);
        int due = 0;
        while (expected[due] == 0) due++;
        assertThat(upcoming.get(DataSet.DIM_Y, due) + upcoming.get(DataSet.DIM_Y, Math.max(0, due - 1))).isEqualTo(3);

        ChartPanel outcomes = lookup("#outcomesPanel").queryAs(ChartPanel.class);
        Path csv = files.resolve("outcomes.csv");
        CompletableFuture<?>[] written = new CompletableFuture<?>[1];
        interact(() -> written[0] = outcomes.exportCsv(csv));
        written[0].get(10, TimeUnit.SECONDS);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("series,time,axis,value");
        for (MinuteMetrics m : metrics) {
            assertThat(lines).contains("enqueued," + m.minute() + ",per minute," + m.enqueued());
        }
    }

    @Test
    void theUpcomingAxisHoldsEveryBarAndAnEmptyChartSaysWhy() {
        openTimelines();
        ChartPanel panel = lookup("#upcomingPanel").queryAs(ChartPanel.class);
        DataSet upcoming = series("upcomingPanel", "orders");
        await().atMost(Duration.ofSeconds(10)).until(() -> sum(upcoming) == 3);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (int i = 0; i < upcoming.getDataCount(); i++) {
                assertThat(panel.getChart().getYAxis().getMax()).isGreaterThan(upcoming.get(DataSet.DIM_Y, i));
            }
            assertThat(panel.getChart().getYAxis().getMin()).isZero();
        });
        assertThat(panel.emptyProperty().get()).isEmpty();
        assertThat(panel.getChart().isVisible()).isTrue();

        engine.retries().retryNow("orders", ids, io.redrive.ops.Actor.named("tester"));

        await().atMost(Duration.ofSeconds(15)).until(() -> "No retries are due.".equals(panel.emptyProperty().get()));
        verifyThat(".rd-chart-empty", n -> n.isVisible() && n instanceof javafx.scene.control.Label l && "No retries are due.".equals(l.getText()));
        assertThat(panel.getChart().isVisible()).isFalse();
    }

    @Test
    void aMessagesAttemptsShowWithTheOnesStillToCome() {
        openTimelines();
        clickOn("#messageId").write(ids.get(0));
        clickOn("#showMessage");
        TableView<?> attempts = lookup("#attemptTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.getItems().size() == 4);
        assertThat(attempts.getItems()).extracting("attempt").containsExactly("1", "2 (projected)", "3 (projected)", "4 (projected)");
        assertThat(series("attemptPanel", "projected attempts").getDataCount()).isPositive();
    }

    @Test
    void theWhatIfFollowsTheFormAndApplyChangesThePolicyForEveryEngine() {
        openTimelines();
        clickOn(lookup(".tab-pane .tab-label").match(LabeledMatchers.hasText("Retry policy")).<Node>query());
        await().atMost(Duration.ofSeconds(5)).until(() -> lookup("#currentPolicy").queryLabeled().getText().contains("4 attempts"));
        setSpinner("#policyMaxAttempts", "7");
        setSpinner("#policyBase", "15");
        setSpinner("#policyCap", "300");

        RetryPolicy expected = RetryPolicy.builder().maxAttempts(7)
                .backoff(Backoff.exponential(Duration.ofSeconds(15)).withCap(Duration.ofSeconds(300)))
                .deadLetterRetention(SLOW_RETRIES.deadLetterRetention()).build();
        TableView<?> whatIf = lookup("#whatIfTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(whatIf.getItems())
                .extracting("delay").isEqualTo(expected.retryDelays()));
        assertThat(lookup("#timeUntilDeadLetter").queryLabeled().getText()).contains("7 attempts");

        clickOn("#applyPolicy");
        clickOn("#confirmAction");

        await().atMost(Duration.ofSeconds(3)).until(() -> engine.existingQueue("orders").policy().equals(expected));
        await().atMost(Duration.ofSeconds(3)).until(() -> lookup("#currentPolicy").queryLabeled().getText().contains("7 attempts"));
    }

    private void setSpinner(String id, String text) {
        Spinner<?> spinner = lookup(id).queryAs(Spinner.class);
        interact(() -> spinner.getEditor().setText(text));
    }

    private static double sum(DataSet data) {
        double total = 0;
        for (int i = 0; i < data.getDataCount(); i++) {
            double v = data.get(DataSet.DIM_Y, i);
            total += Double.isNaN(v) ? 0 : v;  // NaN points are gaps
        }
        return total;
    }
}
