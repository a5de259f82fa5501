package io.redrive.console.cache;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.redrive.console.DisabledTooltips;
import io.redrive.console.SessionContext;
import io.redrive.console.Styles;
import io.redrive.console.charts.ChartPanel;
import io.redrive.console.charts.TimeSeries;
import io.redrive.console.charts.Charts;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.animation.KeyFrame;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.animation.Timeline;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Callback;
import javafx.util.Duration;

import java.util.function.Function;

/** The cache screen's controller: bindings, the once-a-second tick while shown, and one-line handlers. */
public final class CacheView {
    private static final PseudoClass CHANGED = PseudoClass.getPseudoClass("changed");
    private final CacheViewModel model;
    private final SessionContext context;
    private final Timeline ticker;
    private HitRateChart hitRate;

    @FXML private ToggleGroup ranges;
    @FXML private ToggleButton range1h;
    @FXML private ToggleButton range6h;
    @FXML private ToggleButton range24h;
    @FXML private Label keyspace;
    @FXML private Label breaker;
    @FXML private Button measureSizes;
    @FXML private Label error;
    @FXML private Label status;
    @FXML private ChartPanel hitRatePanel;
    @FXML private TableView<NamespaceRow> namespaces;
    @FXML private TableColumn<NamespaceRow, String> nameColumn;
    @FXML private TableColumn<NamespaceRow, Number> hitsColumn;
    @FXML private TableColumn<NamespaceRow, Number> missesColumn;
    @FXML private TableColumn<NamespaceRow, Number> hitRateColumn;
    @FXML private TableColumn<NamespaceRow, Number> loadsColumn;
    @FXML private TableColumn<NamespaceRow, Number> errorsColumn;
    @FXML private TableColumn<NamespaceRow, Number> loadTimeColumn;
    @FXML private TableColumn<NamespaceRow, Number> nearHitsColumn;
    @FXML private TableColumn<NamespaceRow, Number> keysColumn;
    @FXML private TableColumn<NamespaceRow, Number> memoryColumn;
    @FXML private TableColumn<NamespaceRow, NamespaceRow> ttlColumn;
    @FXML private VBox detailsPane;
    @FXML private Label detailTitle;
    @FXML private Label details;
    @FXML private Spinner<Integer> ttlSpinner;
    @FXML private Label ttlDefault;
    @FXML private CheckBox reapply;
    @FXML private Button applyTtl;
    @FXML private Button resetTtl;
    @FXML private CheckBox cachingEnabled;
    @FXML private HBox reapplyBox;
    @FXML private ProgressBar reapplyProgress;
    @FXML private Button cancelReapply;
    @FXML private Label reapplyStatus;
    @FXML private Label size;
    @FXML private Button sampleAgain;
    @FXML private ChartPanel ttlPanel;

    public CacheView(SessionContext context) {
        this.context = context;
        this.model = new CacheViewModel(context);
        this.ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> model.tick()));
        ticker.setCycleCount(Timeline.INDEFINITE);
    }

    @FXML
    private void initialize() {
        bindHeader();
        bindChart();
        bindTable();
        bindDetails();
        // tick while on screen; stop for good when the connection tab closes
        namespaces.sceneProperty().addListener((o, was, now) -> {
            if (now == null) ticker.stop(); else ticker.play();
        });
        model.tick();
    }

    private void bindHeader() {
        ToggleButton[] buttons = {range1h, range6h, range24h};
        for (int i = 0; i < buttons.length; i++) {
            buttons[i].setUserData(CacheViewModel.RANGES.get(i));
        }
        range1h.setSelected(true);
        ranges.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true);  // one range is always chosen
            } else {
                model.rangeProperty().set((java.time.Duration) now.getUserData());
            }
        });
        keyspace.textProperty().bind(model.keyspaceProperty());
        breaker.textProperty().bind(model.breakerProperty());
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        status.textProperty().bind(model.statusProperty());
        status.visibleProperty().bind(model.statusProperty().isNotEmpty());
        status.managedProperty().bind(status.visibleProperty());
        measureSizes.disableProperty().bind(model.measuringProperty());
        measureSizes.setTooltip(new Tooltip("Counts every namespace's keys with SCAN and estimates memory from "
                + NamespaceEditor.SIZE_SAMPLE + " sampled keys"));
        measureSizes.setOnAction(e -> model.measureAll());
    }

    private void bindChart() {
        hitRate = new HitRateChart(model.series());
        hitRatePanel.setChart(hitRate.chart());
        Executor files = r -> context.tasks().submit(() -> {
            r.run();
            return null;
        });
        hitRatePanel.setFileExecutor(files);
        hitRatePanel.pausedProperty().bindBidirectional(model.pausedProperty());
        hitRatePanel.staleProperty().bind(model.staleProperty());
        hitRatePanel.emptyProperty().bind(Bindings.createStringBinding(() -> !model.series().emptyProperty().get() ? ""
                : "No cache reads in the last " + TimeSeries.span(model.rangeProperty().get()) + ".",
                model.series().emptyProperty(), model.rangeProperty()));
        ttlPanel.staleProperty().bind(model.staleProperty());
        model.liveNowProperty().addListener((o, was, now) -> follow());
        model.rangeProperty().addListener((o, was, now) -> follow());
        model.markersProperty().addListener((o, was, now) -> hitRate.showMarkers(now));

        ErrorDataSetRenderer bars = Charts.bars();
        bars.getDatasets().add(model.ttlHistogram());
        DefaultNumericAxis remaining = Charts.valueAxis("remaining TTL", "s");
        remaining.setAutoRangePadding(0.05);
        DefaultNumericAxis keys = Charts.valueAxis("keys", null);
        XYChart histogram = Charts.chart(remaining, keys, bars);
        Charts.fitValues(histogram, keys);
        histogram.setLegendVisible(false);
        ttlPanel.setChart(histogram);
        Charts.fitBars(histogram, bars);
        ttlPanel.setFileExecutor(files);
    }

    private void follow() {
        hitRate.follow(model.liveNowProperty().get(), model.rangeProperty().get().toSeconds(), model.series().earliestSeconds());
    }

    private void bindTable() {
        namespaces.setItems(model.rows());
        nameColumn.setCellValueFactory(c -> c.getValue().nameProperty());
        hitsColumn.setCellValueFactory(c -> c.getValue().hitsProperty());
        missesColumn.setCellValueFactory(c -> c.getValue().missesProperty());
        hitRateColumn.setCellValueFactory(c -> c.getValue().hitRateProperty());
        hitRateColumn.setCellFactory(formatted(v -> CacheWords.percent(100 * v.doubleValue())));
        loadsColumn.setCellValueFactory(c -> c.getValue().loadsProperty());
        errorsColumn.setCellValueFactory(c -> c.getValue().errorsProperty());
        loadTimeColumn.setCellValueFactory(c -> c.getValue().averageLoadMillisProperty());
        loadTimeColumn.setCellFactory(formatted(v -> String.format("%.1f ms", v.doubleValue())));
        nearHitsColumn.setCellValueFactory(c -> c.getValue().nearHitsProperty());
        keysColumn.setCellValueFactory(c -> c.getValue().keysProperty());
        keysColumn.setCellFactory(formatted(v -> v.longValue() < 0 ? "—" : String.format("%,d", v.longValue())));
        memoryColumn.setCellValueFactory(c -> c.getValue().memoryBytesProperty());
        memoryColumn.setCellFactory(formatted(v -> CacheWords.bytes(v.longValue())));
        // the TTL in force beside the configured one, bold when they differ
        ttlColumn.setCellValueFactory(c -> Bindings.createObjectBinding(c::getValue,
                c.getValue().ttlSecondsProperty(), c.getValue().configuredTtlSecondsProperty(), c.getValue().enabledProperty()));
        ttlColumn.setCellFactory(column -> {
            TableCell<NamespaceRow, NamespaceRow> cell = new TableCell<>() {
                @Override
                protected void updateItem(NamespaceRow row, boolean empty) {
                    super.updateItem(row, empty);
                    setText(empty || row == null ? null : CacheWords.ttlText(row));
                    pseudoClassStateChanged(CHANGED, !empty && row != null
                            && row.ttlSecondsProperty().get() != row.configuredTtlSecondsProperty().get());
                }
            };
            cell.getStyleClass().add(Styles.TTL_CELL);
            return cell;
        });
        for (TableColumn<NamespaceRow, Number> c : List.of(hitsColumn, missesColumn, loadsColumn, errorsColumn, nearHitsColumn)) {
            c.setCellFactory(formatted(v -> String.format("%,d", v.longValue())));
        }
        namespaces.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> model.select(now));
    }

    private void bindDetails() {
        detailsPane.disableProperty().bind(model.selectedProperty().isNull());
        detailTitle.textProperty().bind(model.selectedProperty().map(r -> "Namespace " + r.getName()).orElse("Namespace"));
        details.textProperty().bind(model.detailsProperty());
        size.textProperty().bind(model.sizeProperty());
        sampleAgain.setOnAction(e -> model.sampleSelected());
        SpinnerValueFactory.IntegerSpinnerValueFactory seconds =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(1, CacheViewModel.maxTtlSeconds(), 300, 30);
        ttlSpinner.setValueFactory(seconds);
        seconds.valueProperty().bindBidirectional(model.ttlSecondsProperty());
        ttlDefault.textProperty().bind(model.selectedProperty().flatMap(r -> r.configuredTtlSecondsProperty()
                .map(s -> "default " + CacheWords.seconds(s.longValue()))).orElse(""));
        reapply.selectedProperty().bindBidirectional(model.reapplyProperty());
        applyTtl.setOnAction(e -> {
            commit(ttlSpinner);
            model.applyTtl();
        });
        resetTtl.setOnAction(e -> model.resetTtl());
        model.selectedProperty().addListener((o, was, now) -> {
            if (now != null) cachingEnabled.setSelected(now.enabledProperty().get());
        });
        cachingEnabled.setOnAction(e -> model.setCachingEnabled(cachingEnabled.isSelected()));
        reapplyBox.visibleProperty().bind(model.reapplyingProperty().or(model.reapplyStatusProperty().isNotEmpty()));
        reapplyBox.managedProperty().bind(reapplyBox.visibleProperty());
        reapplyProgress.progressProperty().bind(model.reapplyProgressProperty());
        reapplyStatus.textProperty().bind(model.reapplyStatusProperty());
        cancelReapply.disableProperty().bind(model.reapplyingProperty().not());
        cancelReapply.setOnAction(e -> model.cancelReapply());
        // the changes wait for Redis; the inputs stay usable, so a change can be prepared meanwhile
        var lost = model.connection().connectedProperty().not();
        applyTtl.disableProperty().bind(model.reapplyingProperty().or(lost));
        resetTtl.disableProperty().bind(lost);
        cachingEnabled.disableProperty().bind(lost);
        DisabledTooltips.writeControls(model.context(), applyTtl, resetTtl, cachingEnabled);
        DisabledTooltips.writeInputs(model.context(), ttlSpinner, reapply, cancelReapply);
    }

    /** A spinner commits typed text only on Enter or focus loss: Apply takes what is typed too. */
    private static void commit(Spinner<Integer> spinner) {
        String text = spinner.getEditor().getText();
        try {
            Integer value = spinner.getValueFactory().getConverter().fromString(text.trim());
            if (value != null) {
                spinner.getValueFactory().setValue(value);
            }
        } catch (RuntimeException e) {
            spinner.getEditor().setText(String.valueOf(spinner.getValue()));
        }
    }

    private static <T> Callback<TableColumn<NamespaceRow, T>, TableCell<NamespaceRow, T>> formatted(Function<T, String> text) {
        return column -> new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : text.apply(item));
            }
        };
    }

    public CacheViewModel model() {
        return model;
    }

    public HitRateChart hitRateChart() {
        return hitRate;
    }
}
