package io.redrive.console.deadletters;

import io.redrive.console.Styles;
import javafx.animation.PauseTransition;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Duration;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.StyleClassedTextArea;

import java.util.Map;
import java.util.Optional;

/**
 * The edit dialog: the payload in an editor that checks it as JSON while typing (the parse error with its line
 * and column; Save stays disabled while it is invalid), its diff against the original beside it, the headers
 * (one {@code name=value} a line, checked the same way), and the required reason. A view over {@link EditorModel}; saving itself is the view model's {@code edit} command.
 */
final class EditDialog {
    /** What the operator saved; the payload is null when only the headers changed, so its bytes stay as stored. */
    record Result(String payload, Map<String, String> headers, String reason) { }

    private EditDialog() {
    }

    static Optional<Result> show(Window owner, EditorModel model, String header) {
        Dialog<Result> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Edit dead letter");
        dialog.setHeaderText(header);
        dialog.setResizable(true);
        DeadLettersView.styleLike(dialog.getDialogPane(), owner);

        CodeArea editor = CodeViews.codeArea("payloadEditor", true);
        editor.replaceText(model.original());
        CodeViews.highlight(editor);
        StyleClassedTextArea diff = new StyleClassedTextArea();
        diff.setId("editDiff");
        diff.setEditable(false);
        diff.getStyleClass().add(Styles.MONO);

        Label check = new Label();
        check.setId("editError");
        check.setWrapText(true);
        check.textProperty().bind(model.errorProperty());
        check.getStyleClass().add(Styles.ERROR_TEXT);
        check.visibleProperty().bind(model.errorProperty().isNotEmpty());
        check.managedProperty().bind(check.visibleProperty());

        TextArea headers = new TextArea();
        headers.setId("editHeaders");
        headers.setPrefRowCount(3);
        headers.getStyleClass().add(Styles.MONO);
        headers.setPromptText("No headers. Add one as name=value, one a line.");
        headers.textProperty().bindBidirectional(model.headersTextProperty());

        TextField reason = new TextField();
        reason.setId("editReason");
        reason.setPromptText("Why? (required: kept in the message's timeline with who and when)");
        reason.textProperty().bindBidirectional(model.reasonProperty());

        // the check is immediate (Save must never see stale text); colouring and the diff follow a moment later
        PauseTransition settle = new PauseTransition(Duration.millis(150));
        settle.setOnFinished(e -> {
            CodeViews.highlight(editor);
            CodeViews.showDiff(diff, model.diff());
        });
        editor.textProperty().addListener((o, was, now) -> {
            model.textProperty().set(now);
            settle.playFromStart();
        });
        CodeViews.showDiff(diff, model.diff());

        SplitPane panes = new SplitPane(titled("Payload" + (model.mustBeJson() ? " (must stay valid JSON)" : ""), CodeViews.scrolled(editor)),
                titled("Changes against the original", CodeViews.scrolled(diff)));
        panes.setDividerPositions(0.55);
        VBox.setVgrow(panes, Priority.ALWAYS);
        VBox content = new VBox(8, panes, new Label("Headers (one name=value a line)"), headers, check,
                new Label("Reason"), reason);
        content.setPadding(new Insets(10));
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().setPrefSize(1040, 680);

        ButtonType save = new ButtonType("Save new version", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);
        Node saveButton = dialog.getDialogPane().lookupButton(save);
        saveButton.setId("saveEdit");
        saveButton.disableProperty().bind(model.canSaveBinding().not());
        dialog.setResultConverter(button -> button == save
                ? new Result(model.textProperty().get().equals(model.original()) ? null : model.textProperty().get(),
                        model.headers(), model.reasonProperty().get().trim()) : null);
        dialog.setOnShown(e -> editor.requestFocus());
        return dialog.showAndWait();
    }

    private static VBox titled(String title, Node content) {
        Label label = new Label(title);
        label.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_BOLD);
        VBox box = new VBox(4, label, content);
        VBox.setVgrow(content, Priority.ALWAYS);
        return box;
    }
}
