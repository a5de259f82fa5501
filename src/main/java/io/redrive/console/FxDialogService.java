package io.redrive.console;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputDialog;
import javafx.stage.Window;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link DialogService} with JavaFX dialogs, owned by the console's window. Call it on the UI thread. */
public final class FxDialogService implements DialogService {
    private final Supplier<Window> owner;

    public FxDialogService(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public boolean confirm(Confirmation c) {
        String text = c.whatHappens() + "\n" + c.reversibility() + (c.details().isEmpty() ? "" : "\n\n" + c.details());
        return c.typeCount() ? confirmByTyping(c.title(), text, c.count()) : confirm(c.title(), text);
    }

    @Override
    public boolean confirm(String title, String question) {
        Alert alert = alert(Alert.AlertType.CONFIRMATION, title, question);
        return alert.showAndWait().filter(ButtonType.OK::equals).isPresent();
    }

    @Override
    public boolean confirmByTyping(String title, String question, long count) {
        TextInputDialog dialog = new TextInputDialog();
        dialog.initOwner(owner.get());
        dialog.setTitle(title);
        dialog.setHeaderText(question);
        dialog.setContentText("This is a production connection. Type " + count + " to confirm:");
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty()
                .bind(dialog.getEditor().textProperty().isNotEqualTo(String.valueOf(count)));
        return dialog.showAndWait().map(String::trim).filter(String.valueOf(count)::equals).isPresent();
    }

    @Override
    public void showError(String title, String message, Throwable details) {
        Alert alert = alert(Alert.AlertType.ERROR, title, message);
        if (details != null) {
            StringWriter trace = new StringWriter();
            details.printStackTrace(new PrintWriter(trace));
            TextArea area = new TextArea(trace.toString());
            area.setEditable(false);
            area.getStyleClass().add(Styles.MONO);
            alert.getDialogPane().setExpandableContent(area);  // the details stay folded unless asked for
        }
        alert.showAndWait();
    }

    @Override
    public void showInfo(String title, String message) {
        alert(Alert.AlertType.INFORMATION, title, message).showAndWait();
    }

    @Override
    public Optional<String> ask(String title, String question, String initial) {
        TextInputDialog dialog = new TextInputDialog(initial == null ? "" : initial);
        dialog.initOwner(owner.get());
        dialog.setTitle(title);
        dialog.setHeaderText(question);
        return dialog.showAndWait().map(String::trim).filter(s -> !s.isEmpty());
    }

    private Alert alert(Alert.AlertType type, String title, String text) {
        Alert alert = new Alert(type);
        alert.initOwner(owner.get());
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.setContentText(text);
        return alert;
    }
}
