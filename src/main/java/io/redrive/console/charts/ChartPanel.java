package io.redrive.console.charts;

import io.fair_acc.chartfx.XYChart;
import io.redrive.console.Styles;
import java.time.LocalDateTime;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A chart with its title and three buttons: pause (the chart stops taking new values; the screen keeps
 * collecting them and catches up on resume), and export as PNG or CSV. The buttons get ids made from the panel's:
 * {@code <id>Pause}, {@code <id>Png} and {@code <id>Csv}.
 */
public class ChartPanel extends BorderPane {
    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");
    private static final String STYLESHEET = ChartPanel.class.getResource("charts.css").toExternalForm();

    private final Label title = new Label();
    private final Label status = new Label();
    private final Label stale = new Label();
    private final ToggleButton pause = new ToggleButton("Pause");
    private final Button png = new Button("PNG…");
    private final Button csv = new Button("CSV…");
    private final Label empty = new Label();
    private final StackPane body = new StackPane();
    private XYChart chart;
    private Executor files = Runnable::run;

    public ChartPanel() {
        getStyleClass().add(Styles.CHART_PANEL);
        getStylesheets().add(STYLESHEET);
        title.getStyleClass().add(Styles.CHART_TITLE);
        status.getStyleClass().add(Styles.CHART_STATUS);
        status.setMinWidth(0);
        stale.getStyleClass().add(Styles.CHART_STALE);
        stale.setMinWidth(Region.USE_PREF_SIZE);  // the title gives way first: the note must stay readable
        stale.visibleProperty().bind(stale.textProperty().isNotEmpty());
        stale.managedProperty().bind(stale.visibleProperty());
        // a stale chart is dimmed as well as labelled, so nobody reads old figures as live ones
        stale.textProperty().addListener((o, was, now) -> pseudoClassStateChanged(STALE, !now.isEmpty()));
        title.setMinWidth(0);
        for (ButtonBase b : new ButtonBase[] {pause, png, csv}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        pause.setTooltip(new Tooltip("Stop drawing new values; they are kept and drawn on resume"));
        pause.textProperty().bind(pause.selectedProperty().map(paused -> paused ? "Resume" : "Pause"));
        png.setTooltip(new Tooltip("Save the chart as it is shown as a PNG picture"));
        csv.setTooltip(new Tooltip("Save the values the chart shows (its visible range) as CSV"));
        png.setOnAction(e -> choose("png", "PNG picture").ifPresent(this::exportPng));
        csv.setOnAction(e -> choose("csv", "CSV values").ifPresent(this::exportCsv));
        HBox toolbar = new HBox(6, title, stale, spacer, status, pause, png, csv);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setPadding(new Insets(2, 4, 2, 4));
        toolbar.getStyleClass().add(Styles.CHART_TOOLBAR);
        setTop(toolbar);
        // an empty chart is replaced by a sentence saying why, rather than axes around nothing
        empty.getStyleClass().add(Styles.CHART_EMPTY);
        empty.setWrapText(true);
        empty.visibleProperty().bind(empty.textProperty().isNotEmpty());
        body.getChildren().add(empty);
        setCenter(body);
        idProperty().addListener((o, was, id) -> {
            pause.setId(id == null ? null : id + "Pause");
            png.setId(id == null ? null : id + "Png");
            csv.setId(id == null ? null : id + "Csv");
        });
    }

    public ChartPanel(String title, XYChart chart) {
        this();
        setTitle(title);
        setChart(chart);
    }

    public final void setChart(XYChart chart) {
        this.chart = chart;
        chart.visibleProperty().bind(empty.textProperty().isEmpty());
        body.getChildren().setAll(chart, empty);
    }

    public final XYChart getChart() {
        return chart;
    }

    public final StringProperty titleProperty() {
        return title.textProperty();
    }

    public final String getTitle() {
        return title.getText();
    }

    public final void setTitle(String text) {
        title.setText(text);
    }

    /** Why the chart shows no new figures, beside its title (and the chart dimmed); empty while it is live. */
    public final StringProperty staleProperty() {
        return stale.textProperty();
    }

    /** Why the chart has nothing to draw, shown in its place ("No retries are due."); empty while it has data. */
    public final StringProperty emptyProperty() {
        return empty.textProperty();
    }

    /** Whether the chart is paused; bind the view model's pause to it. */
    public final BooleanProperty pausedProperty() {
        return pause.selectedProperty();
    }

    /** Where export files are written (a background executor); inline until set. */
    public final void setFileExecutor(Executor executor) {
        this.files = executor;
    }

    /** Writes a PNG of the chart as shown. Call on the UI thread; the file is written on the file executor. */
    public CompletableFuture<Path> exportPng(Path file) {
        return write(file, ChartExport.png(chart));
    }

    /** Writes the values the chart shows as CSV. Call on the UI thread; the file is written on the file executor. */
    public CompletableFuture<Path> exportCsv(Path file) {
        return write(file, ChartExport.csv(chart).getBytes(StandardCharsets.UTF_8));
    }

    private CompletableFuture<Path> write(Path file, byte[] bytes) {
        status.setText("Saving…");
        CompletableFuture<Path> written = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.write(file, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, files);
        written.whenComplete((path, error) -> Platform.runLater(() -> {
            status.getStyleClass().remove(Styles.ERROR_TEXT);
            if (error == null) {
                status.setText("Saved " + path.getFileName());
            } else {
                status.getStyleClass().add(Styles.ERROR_TEXT);
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                status.setText("Could not save: " + cause.getMessage());
            }
        }));
        return written;
    }

    private Optional<Path> choose(String extension, String description) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export " + (getTitle() == null ? "chart" : getTitle()));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, "*." + extension));
        chooser.setInitialFileName((getId() == null ? "chart" : getId()) + "-"
                + LocalDateTime.now().withNano(0).toString().replace(':', '-') + "." + extension);
        File chosen = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        return Optional.ofNullable(chosen).map(File::toPath);
    }
}
