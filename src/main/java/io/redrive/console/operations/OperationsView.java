package io.redrive.console.operations;

import io.redrive.console.SessionContext;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TextArea;
import javafx.util.Duration;

/** The Operations screen's controller: the table, the selected operation's details, and a refresh every few seconds. */
public final class OperationsView {
    /** Often enough to watch a replay's outcome fill in, seldom enough to cost Redis nothing to speak of. */
    private static final Duration REFRESH = Duration.seconds(3);

    private final OperationsViewModel model;
    private final Timeline refresher;

    @FXML private TableView<OperationRow> table;
    @FXML private TableColumn<OperationRow, String> startedColumn;
    @FXML private TableColumn<OperationRow, String> actionColumn;
    @FXML private TableColumn<OperationRow, String> targetColumn;
    @FXML private TableColumn<OperationRow, String> actorColumn;
    @FXML private TableColumn<OperationRow, String> resultColumn;
    @FXML private TableColumn<OperationRow, String> outcomeColumn;
    @FXML private TextArea details;
    @FXML private Label status;

    public OperationsView(SessionContext context) {
        this.model = new OperationsViewModel(context);
        this.refresher = new Timeline(new KeyFrame(REFRESH, e -> {
            if (showing()) model.refresh();  // no reads while another screen is in front
        }));
        refresher.setCycleCount(Timeline.INDEFINITE);
    }

    @FXML
    private void initialize() {
        table.setItems(model.rows());
        startedColumn.setCellValueFactory(c -> text(model.time(c.getValue().operation().startedAt())));
        actionColumn.setCellValueFactory(c -> text(c.getValue().operation().action()));
        targetColumn.setCellValueFactory(c -> text(c.getValue().operation().target()));
        actorColumn.setCellValueFactory(c -> text(c.getValue().operation().actor()));
        resultColumn.setCellValueFactory(c -> text(c.getValue().result()));
        outcomeColumn.setCellValueFactory(c -> text(c.getValue().outcomeText()));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(OperationRow row, boolean empty) {
                super.updateItem(row, empty);
                setTooltip(empty || row == null ? null : new Tooltip(model.describe(row)));  // the whole story on hover
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) model.selectedProperty().set(now);
        });
        model.selectedProperty().addListener((o, was, now) -> {
            if (now != null && table.getSelectionModel().getSelectedItem() != now) table.getSelectionModel().select(now);
        });
        details.textProperty().bind(model.detailsProperty());
        status.textProperty().bind(model.statusProperty());
        model.refresh();
        refresher.play();
    }

    /** Whether the screen is on show: in a scene, and neither it nor a parent (its tab, say) hidden. */
    private boolean showing() {
        for (Node n = table; n != null; n = n.getParent()) {
            if (!n.isVisible()) return false;
        }
        return table.getScene() != null;
    }

    @FXML
    private void refresh() {
        model.refresh();
    }

    private static ReadOnlyStringWrapper text(String s) {
        return new ReadOnlyStringWrapper(s);
    }
}
