package io.redrive.console.deadletters;

import io.redrive.console.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.List;
import java.util.Optional;

/** Asks where to replay (their own queue or another one), how fast, and whether attempts start again. */
final class ReplayDialog {
    private ReplayDialog() {
    }

    static Optional<ReplayRequest> show(Window owner, String what, List<String> queues) {
        Dialog<ReplayRequest> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Replay");
        dialog.setHeaderText("Replay " + what);
        DeadLettersView.styleLike(dialog.getDialogPane(), owner);

        ToggleGroup destination = new ToggleGroup();
        RadioButton own = new RadioButton("To their own queue");
        own.setId("replayToOwn");
        own.setToggleGroup(destination);
        own.setSelected(true);
        RadioButton other = new RadioButton("To another queue");
        other.setId("replayToOther");
        other.setToggleGroup(destination);
        ComboBox<String> queue = new ComboBox<>();
        queue.setId("replayQueue");
        queue.setEditable(true);
        queue.getItems().setAll(queues);
        queue.setPromptText("queue name");
        queue.disableProperty().bind(other.selectedProperty().not());
        TextField rate = new TextField();
        rate.setId("replayRate");
        rate.setPromptText("no limit");
        rate.setPrefColumnCount(8);
        CheckBox reset = new CheckBox("Start again from attempt 1");
        reset.setId("replayResetAttempts");
        reset.setSelected(true);
        Label problem = new Label();
        problem.getStyleClass().add(Styles.ERROR_TEXT);

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        grid.addRow(0, own);
        grid.addRow(1, other, queue);
        grid.addRow(2, new Label("At most (messages a second)"), rate);
        grid.add(reset, 0, 3, 2, 1);
        grid.add(problem, 0, 4, 2, 1);
        dialog.getDialogPane().setContent(grid);

        StringBinding why = Bindings.createStringBinding(() -> {
            if (other.isSelected() && (queue.getEditor().getText() == null || queue.getEditor().getText().isBlank())) {
                return "Name the queue to replay into.";
            }
            return rate(rate.getText()) == null ? "The rate is a number of messages a second (empty: no limit)." : "";
        }, other.selectedProperty(), queue.getEditor().textProperty(), rate.textProperty());
        problem.textProperty().bind(why);

        ButtonType next = new ButtonType("Dry run…", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(next, ButtonType.CANCEL);
        Node nextButton = dialog.getDialogPane().lookupButton(next);
        nextButton.setId("replayNext");
        nextButton.disableProperty().bind(why.isNotEmpty());
        dialog.setResultConverter(button -> button == next
                ? new ReplayRequest(other.isSelected() ? queue.getEditor().getText() : null, rate(rate.getText()), reset.isSelected())
                : null);
        return dialog.showAndWait();
    }

    /** The rate typed, 0 for none, null when it is not a number. */
    private static Double rate(String text) {
        if (text == null || text.isBlank()) {
            return 0.0;
        }
        try {
            double value = Double.parseDouble(text.trim());
            return value >= 0 && !Double.isNaN(value) && !Double.isInfinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
