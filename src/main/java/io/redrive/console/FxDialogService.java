package io.redrive.console;

import io.redrive.engine.Plan;
import java.util.Locale;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link DialogService} with JavaFX dialogs, owned by the console's window. Call it on the UI thread. Every dialog
 * on a production or staging connection carries the environment's name and colour in its header.
 */
public final class FxDialogService implements DialogService {
    private final Supplier<Window> owner;
    private Supplier<Environment> environment = () -> null;

    public FxDialogService(Supplier<Window> owner) {
        this.owner = owner;
    }

    /** Where the console asks which connection's environment its dialogs speak for (the selected one). */
    public void environment(Supplier<Environment> environment) {
        this.environment = environment;
    }

    /**
     * The designed confirmation: the question, what happens, whether it can be undone set apart, the details in a
     * scrollable monospace area, and a button named for the action. A destructive action's button is in the danger
     * style and never the default: Enter and Escape choose Cancel. With a typed count, the button is enabled only
     * while the field holds the count.
     */
    @Override
    public boolean confirm(Confirmation c) {
        Dialog<Boolean> dialog = new Dialog<>();
        DialogPane pane = dialog.getDialogPane();
        prepare(dialog, c.title());
        pane.getStyleClass().add(Styles.CONFIRMATION);
        pane.setHeader(header(c.title()));

        ButtonType act = new ButtonType(c.action(), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        pane.getButtonTypes().setAll(cancel, act);
        Button actButton = (Button) pane.lookupButton(act);
        Button cancelButton = (Button) pane.lookupButton(cancel);
        actButton.setId("confirmAction");
        cancelButton.setId("confirmCancel");
        if (c.destructive()) {
            actButton.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
            actButton.setDefaultButton(false);
            cancelButton.setDefaultButton(true);
        }

        VBox body = new VBox(10);
        body.getStyleClass().add(Styles.CONFIRMATION_BODY);
        body.getChildren().add(wrapped(c.whatHappens()));
        if (!c.reversibility().isBlank()) {
            Label undo = wrapped(c.reversibility());
            undo.setId("confirmReversibility");
            undo.getStyleClass().add(c.destructive() ? Styles.CONFIRMATION_IRREVERSIBLE : Styles.CONFIRMATION_REVERSIBLE);
            undo.setMaxWidth(Double.MAX_VALUE);
            body.getChildren().add(undo);
        }
        if (!c.details().isBlank()) {
            TextArea details = new TextArea(c.details());
            details.setId("confirmDetails");
            details.setEditable(false);
            details.setWrapText(false);
            details.setFocusTraversable(false);
            details.getStyleClass().add(Styles.MONO);
            details.setPrefRowCount(Math.min(10, (int) c.details().lines().count() + 1));
            VBox.setVgrow(details, Priority.ALWAYS);
            body.getChildren().add(details);
        }
        TextField typed = new TextField();
        if (c.typeCount()) {
            typed.setId("confirmCount");
            typed.setPromptText(String.valueOf(c.count()));
            typed.setMaxWidth(160);
            typed.addEventHandler(ActionEvent.ACTION, ActionEvent::consume);  // Enter in the field confirms nothing
            String count = String.valueOf(c.count());
            actButton.disableProperty().bind(typed.textProperty().map(t -> !Plan.typedCountConfirms(t, c.count())));
            Label ask = new Label("Type " + count + " to confirm:");
            ask.setLabelFor(typed);
            body.getChildren().add(new VBox(4, ask, typed));
        }
        pane.setContent(body);
        pane.setPrefWidth(560);
        dialog.setResultConverter(button -> button == act
                && (!c.typeCount() || Plan.typedCountConfirms(typed.getText(), c.count())));
        // the first key press lands on the count field or on Cancel, never on the action
        dialog.setOnShown(e -> (c.typeCount() ? typed : c.destructive() ? cancelButton : actButton).requestFocus());
        return dialog.showAndWait().orElse(false);
    }

    /** @deprecated use {@link #confirm(Confirmation)}, which says what, how many, where and whether it can be undone. */
    @Deprecated
    @Override
    public boolean confirm(String title, String question) {
        Alert alert = alert(Alert.AlertType.CONFIRMATION, title, question);
        return alert.showAndWait().filter(ButtonType.OK::equals).isPresent();
    }

    /** @deprecated use {@link #confirm(Confirmation)} with {@code typeCount}. */
    @Deprecated
    @Override
    public boolean confirmByTyping(String title, String question, long count) {
        TextInputDialog dialog = new TextInputDialog();
        prepare(dialog, title);
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
        prepare(dialog, title);
        dialog.setHeaderText(question);
        return dialog.showAndWait().map(String::trim).filter(s -> !s.isEmpty());
    }

    private Alert alert(Alert.AlertType type, String title, String text) {
        Alert alert = new Alert(type);
        prepare(alert, title);
        alert.setHeaderText(title);
        alert.setContentText(text);
        return alert;
    }

    /**
     * Owner, title, the console's stylesheet and theme, and on production or staging the environment's badge (as
     * the header's graphic, so stock dialogs carry it too).
     */
    private void prepare(Dialog<?> dialog, String title) {
        Window window = owner.get();
        dialog.initOwner(window);
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        DialogPane pane = dialog.getDialogPane();
        pane.getStylesheets().add(FxDialogService.class.getResource("redrive.css").toExternalForm());
        Scene scene = window == null ? null : window.getScene();
        if (scene != null && scene.getRoot().getStyleClass().contains("rd-dark")) {
            pane.getStyleClass().add("rd-dark");
        }
        environmentBadge().ifPresent(dialog::setGraphic);
    }

    private Node header(String title) {
        Label text = new Label(title);
        text.setId("confirmTitle");
        text.setWrapText(true);
        text.getStyleClass().add(Styles.DIALOG_TITLE);
        HBox header = new HBox(10);
        header.getStyleClass().add(Styles.DIALOG_HEADER);
        environmentBadge().ifPresent(header.getChildren()::add);
        header.getChildren().add(text);
        return header;
    }

    /** "PRODUCTION" in its colour, for the environments where a slip costs most. */
    private Optional<Label> environmentBadge() {
        Environment env = environment.get();
        if (env != Environment.PRODUCTION && env != Environment.STAGING) {
            return Optional.empty();
        }
        Label badge = new Label(env.label().toUpperCase(Locale.ROOT));
        badge.setId("dialogEnvironment");
        badge.getStyleClass().add(Styles.ENV_BADGE);
        badge.setStyle("-fx-background-color: " + env.colour() + ";");
        badge.setMinWidth(Label.USE_PREF_SIZE);
        return Optional.of(badge);
    }

    private static Label wrapped(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMinHeight(Label.USE_PREF_SIZE);
        return label;
    }
}
