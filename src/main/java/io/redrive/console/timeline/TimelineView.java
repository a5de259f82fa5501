package io.redrive.console.timeline;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.geometry.Side;
import io.redrive.console.DisabledTooltips;
import io.redrive.console.SessionContext;
import io.redrive.console.Words;
import io.redrive.console.charts.ChartPanel;
import io.redrive.console.charts.TimeSeries;
import io.redrive.console.charts.Charts;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.util.Callback;
import javafx.util.Duration;

import java.util.concurrent.Executor;
import java.util.function.Function;

/** The retry timelines screen's controller: charts over the view model's data sets, bindings, one-line handlers. */
public final class TimelineView {
    private static final PseudoClass PROJECTED = PseudoClass.getPseudoClass("projected");
    private final SessionContext context;
    private final TimelineViewModel model;
    private final Timeline ticker;

    @FXML private ComboBox<String> queueChoice;
    @FXML private ToggleGroup ranges;
    @FXML private ToggleButton range1h;
    @FXML private ToggleButton range6h;
    @FXML private ToggleButton range24h;
    @FXML private Label error;
    @FXML private ChartPanel upcomingPanel;
    @FXML private ChartPanel outcomesPanel;
    @FXML private ChartPanel correlationPanel;
    @FXML private TextField messageQueue;
    @FXML private TextField messageId;
    @FXML private Button showMessage;
    @FXML private Label messageSummary;
    @FXML private ChartPanel attemptPanel;
    @FXML private TableView<TimelineViewModel.AttemptRow> attemptTable;
    @FXML private TableColumn<TimelineViewModel.AttemptRow, String> attemptColumn;
    @FXML private TableColumn<TimelineViewModel.AttemptRow, String> startedColumn;
    @FXML private TableColumn<TimelineViewModel.AttemptRow, String> durationColumn;
    @FXML private TableColumn<TimelineViewModel.AttemptRow, String> resultColumn;
    @FXML private TableColumn<TimelineViewModel.AttemptRow, String> waitColumn;
    @FXML private Label currentPolicy;
    @FXML private Spinner<Integer> maxAttempts;
    @FXML private Spinner<Integer> base;
    @FXML private Spinner<Integer> cap;
    @FXML private Spinner<Double> jitter;
    @FXML private Spinner<Integer> retention;
    @FXML private Button applyPolicy;
    @FXML private Button revertPolicy;
    @FXML private Label policyError;
    @FXML private Label untilDeadLetter;
    @FXML private TableView<PolicyWhatIf.Delay> whatIfTable;
    @FXML private TableColumn<PolicyWhatIf.Delay, String> retryColumn;
    @FXML private TableColumn<PolicyWhatIf.Delay, String> delayColumn;
    @FXML private TableColumn<PolicyWhatIf.Delay, String> shortestColumn;
    @FXML private TableColumn<PolicyWhatIf.Delay, String> cumulativeColumn;
    @FXML private ChartPanel whatIfPanel;

    public TimelineView(SessionContext context) {
        this.context = context;
        this.model = new TimelineViewModel(context);
        this.ticker = new Timeline(new KeyFrame(Duration.seconds(5), e -> model.refresh()));
        ticker.setCycleCount(Timeline.INDEFINITE);
    }

    @FXML
    private void initialize() {
        bindHeader();
        bindActivityCharts();
        bindMessage();
        bindPolicy();
        queueChoice.sceneProperty().addListener((o, was, now) -> {
            if (now == null) ticker.stop(); else ticker.play();
        });
        model.reload();
    }

    private void bindHeader() {
        queueChoice.setItems(model.queues());
        queueChoice.valueProperty().bindBidirectional(model.queueProperty());
        ToggleButton[] buttons = {range1h, range6h, range24h};
        for (int i = 0; i < buttons.length; i++) {
            buttons[i].setUserData(TimelineViewModel.RANGES.get(i));
        }
        range1h.setSelected(true);
        ranges.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true);
            } else {
                model.rangeProperty().set((java.time.Duration) now.getUserData());
            }
        });
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
    }

    private void bindActivityCharts() {
        Executor files = r -> context.tasks().submit(() -> {
            r.run();
            return null;
        });

        ErrorDataSetRenderer bars = Charts.bars();
        Bindings.bindContent(bars.getDatasets(), model.upcoming());
        DefaultNumericAxis due = Charts.valueAxis("due in", "min");
        due.setAutoRanging(false);
        due.set(-1, TimelineViewModel.UPCOMING_MINUTES);
        model.upcomingScaleProperty().addListener((o, was, scale) -> {
            due.setUnit(scale.unit());
            due.set(-1, scale.buckets());
            upcomingPanel.setTitle("Retries due per " + switch (scale) {
                case SECONDS -> "second, next minute";
                case MINUTES -> "minute, next hour";
                case HOURS -> "hour, next 24 hours";
            });
        });
        DefaultNumericAxis retriesDue = Charts.valueAxis("retries due", null);
        upcomingPanel.setChart(Charts.chart(due, retriesDue, bars));
        Charts.fitValues(upcomingPanel.getChart(), retriesDue);
        Charts.fitBars(upcomingPanel.getChart(), bars);
        upcomingPanel.emptyProperty().bind(model.noUpcomingProperty().map(none -> none ? "No retries are due." : ""));

        ErrorDataSetRenderer lines = Charts.lines(true);
        lines.getDatasets().addAll(model.outcomes());
        DefaultNumericAxis perMinute = Charts.valueAxis("per minute", null);
        outcomesPanel.setChart(Charts.chart(Charts.timeAxis(), perMinute, lines));
        Charts.fitValues(outcomesPanel.getChart(), perMinute);
        outcomesPanel.emptyProperty().bind(Bindings.createStringBinding(() -> !model.noOutcomesProperty().get() ? ""
                : "Nothing happened in queue " + model.queueProperty().get() + " in the last " + TimeSeries.span(model.rangeProperty().get()) + ".",
                model.noOutcomesProperty(), model.queueProperty(), model.rangeProperty()));
        outcomesPanel.titleProperty().bind(model.queueProperty().map(q -> "Per minute in queue " + q).orElse("Per minute"));

        ErrorDataSetRenderer dead = Charts.lines(true);
        dead.setUseGlobalColorIndex(true);
        dead.getDatasets().add(model.deadLetterRate());
        ErrorDataSetRenderer hitRate = Charts.lines(true);
        hitRate.setUseGlobalColorIndex(true);
        DefaultNumericAxis percent = Charts.percentAxis("cache hit rate");
        percent.setSide(Side.RIGHT);
        hitRate.getAxes().add(percent);  // before the renderer joins the chart: it then draws against this axis
        hitRate.getDatasets().add(model.cacheHitRate());
        DefaultNumericAxis deadPerMinute = Charts.valueAxis("dead / min", null);
        correlationPanel.setChart(Charts.chart(Charts.timeAxis(), deadPerMinute, dead, hitRate));
        Charts.fitValues(correlationPanel.getChart(), deadPerMinute);
        correlationPanel.emptyProperty().bind(Bindings.createStringBinding(() -> !model.noCorrelationProperty().get() ? ""
                : "No dead letters and no cache reads in the last " + TimeSeries.span(model.rangeProperty().get()) + ".",
                model.noCorrelationProperty(), model.rangeProperty()));

        for (ChartPanel panel : new ChartPanel[] {upcomingPanel, outcomesPanel, correlationPanel}) {
            panel.setFileExecutor(files);
            panel.pausedProperty().bindBidirectional(model.pausedProperty());
        }
        attemptPanel.setFileExecutor(files);
        whatIfPanel.setFileExecutor(files);
    }

    private void bindMessage() {
        messageQueue.textProperty().bindBidirectional(model.messageQueueProperty());
        messageId.textProperty().bindBidirectional(model.messageIdProperty());
        showMessage.setOnAction(e -> model.showMessage());
        messageSummary.textProperty().bind(model.messageSummaryProperty());
        ErrorDataSetRenderer renderer = Charts.lines(true);
        renderer.setUseGlobalColorIndex(true);
        renderer.setAllowNaNs(true);
        renderer.setPointReduction(false);
        renderer.getDatasets().addAll(model.attemptSpans(), model.backoffGaps(), model.projectedAttempts());
        DefaultNumericAxis attempt = Charts.valueAxis("attempt", null);
        attempt.setAutoRanging(false);
        attempt.set(0.5, 1.5);
        model.attempts().addListener((ListChangeListener<TimelineViewModel.AttemptRow>) c ->
                attempt.set(0.5, Math.max(1, model.attempts().size()) + 0.5));  // one row per attempt, made or projected
        XYChart chart = Charts.chart(Charts.timeAxis(), attempt, renderer);
        attemptPanel.setChart(chart);
        attemptPanel.emptyProperty().bind(Bindings.createStringBinding(() -> model.attempts().isEmpty()
                ? "Show a message to see its attempts and backoff waits." : "", model.attempts()));
        attemptTable.setItems(model.attempts());
        attemptColumn.setCellValueFactory(text(TimelineViewModel.AttemptRow::attempt));
        startedColumn.setCellValueFactory(text(TimelineViewModel.AttemptRow::started));
        durationColumn.setCellValueFactory(text(TimelineViewModel.AttemptRow::duration));
        resultColumn.setCellValueFactory(text(TimelineViewModel.AttemptRow::result));
        waitColumn.setCellValueFactory(text(TimelineViewModel.AttemptRow::waitAfter));
        attemptTable.setRowFactory(table -> new TableRow<>() {
            @Override
            protected void updateItem(TimelineViewModel.AttemptRow row, boolean empty) {
                super.updateItem(row, empty);
                pseudoClassStateChanged(PROJECTED, !empty && row != null && row.projected());
            }
        });
    }

    private void bindPolicy() {
        currentPolicy.textProperty().bind(model.currentPolicyProperty());
        live(maxAttempts, new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 100, 3));
        maxAttempts.getValueFactory().valueProperty().bindBidirectional(model.maxAttemptsProperty());
        live(base, new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 86_400, 60, 5));
        base.getValueFactory().valueProperty().bindBidirectional(model.baseSecondsProperty());
        live(cap, new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 7 * 86_400, 3600, 60));
        cap.getValueFactory().valueProperty().bindBidirectional(model.capSecondsProperty());
        live(jitter, new SpinnerValueFactory.DoubleSpinnerValueFactory(0, 1, 0.1, 0.05));
        jitter.getValueFactory().valueProperty().bindBidirectional(model.jitterProperty());
        live(retention, new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 3650, 7));
        retention.getValueFactory().valueProperty().bindBidirectional(model.retentionDaysProperty());
        policyError.textProperty().bind(model.policyErrorProperty());
        policyError.visibleProperty().bind(model.policyErrorProperty().isNotEmpty());
        policyError.managedProperty().bind(policyError.visibleProperty());
        untilDeadLetter.textProperty().bind(model.untilDeadLetterProperty());
        revertPolicy.setOnAction(e -> model.revertPolicy());
        applyPolicy.setOnAction(e -> model.applyPolicy());
        applyPolicy.disableProperty().bind(model.canApplyPolicyBinding().not());
        applyPolicy.setTooltip(new Tooltip("Stores the policy for this queue; every engine on this Redis applies it within a second"));
        DisabledTooltips.writeControls(model.context(), applyPolicy);
        whatIfTable.setItems(model.whatIf());
        retryColumn.setCellValueFactory(text(d -> String.valueOf(d.retry())));
        delayColumn.setCellValueFactory(text(d -> Words.duration(d.delay())));
        shortestColumn.setCellValueFactory(text(d -> Words.duration(d.shortest())));
        cumulativeColumn.setCellValueFactory(text(d -> Words.duration(d.cumulative())));
        ErrorDataSetRenderer bars = Charts.bars();
        bars.getDatasets().add(model.whatIfDelays());
        DefaultNumericAxis retries = Charts.valueAxis("retry", null);
        retries.setAutoRanging(false);
        retries.set(0.5, 1.5);
        model.whatIf().addListener((ListChangeListener<PolicyWhatIf.Delay>) c ->
                retries.set(0.5, Math.max(1, model.whatIf().size()) + 0.5));
        DefaultNumericAxis delay = Charts.valueAxis("delay", "s");
        XYChart chart = Charts.chart(retries, delay, bars);
        Charts.fitValues(chart, delay);
        chart.setLegendVisible(false);
        whatIfPanel.setChart(chart);
        Charts.fitBars(chart, bars);
    }

    /** An editable spinner whose typed value counts as soon as it is a valid one, so the what-if follows the typing. */
    private static <T> void live(Spinner<T> spinner, SpinnerValueFactory<T> factory) {
        spinner.setValueFactory(factory);
        spinner.getEditor().textProperty().addListener((o, was, now) -> {
            try {
                T value = factory.getConverter().fromString(now.trim());
                if (value != null && !value.equals(factory.getValue()) && inRange(factory, value)) {
                    factory.setValue(value);
                }
            } catch (RuntimeException e) {
                // not a number yet: wait for more typing
            }
        });
        spinner.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                spinner.getEditor().setText(factory.getConverter().toString(factory.getValue()));
            }
        });
    }

    private static boolean inRange(SpinnerValueFactory<?> factory, Object value) {
        if (factory instanceof SpinnerValueFactory.IntegerSpinnerValueFactory f && value instanceof Integer v) {
            return v >= f.getMin() && v <= f.getMax();
        }
        if (factory instanceof SpinnerValueFactory.DoubleSpinnerValueFactory f && value instanceof Double v) {
            return v >= f.getMin() && v <= f.getMax();
        }
        return true;
    }

    private static <S> Callback<TableColumn.CellDataFeatures<S, String>, ObservableValue<String>> text(Function<S, String> f) {
        return c -> new ReadOnlyStringWrapper(f.apply(c.getValue()));
    }

    public TimelineViewModel model() {
        return model;
    }

    /** Shows one message's attempts, for screens that hand a message over (the dead letters). */
    public void showMessage(String queue, String id) {
        model.showMessage(queue, id);
    }
}
