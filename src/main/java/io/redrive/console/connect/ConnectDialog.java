package io.redrive.console.connect;

import io.redrive.console.ConnectionSettings;
import io.redrive.console.FxDialogService;
import io.redrive.console.TaskExecutor;
import io.redrive.console.Views;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.stage.Window;

import java.util.Optional;

/**
 * The connection manager as a dialog: pick, add, edit, duplicate, delete and test saved connections, then
 * connect. Profiles live in {@code ~/.redrive/profiles.json}, passwords in the system keyring (or nowhere).
 */
public final class ConnectDialog {
    private ConnectDialog() {
    }

    /** Shows the dialog over {@code owner}; the connection settings to open, or empty when the operator cancels. */
    public static Optional<ConnectionSettings> show(Window owner, TaskExecutor tasks) {
        return show(owner, tasks, new ProfileStore(ProfileStore.defaultFile()), SecretStore.system());
    }

    /** The same, with the profiles and passwords kept where the caller says (UI tests use a temporary folder). */
    public static Optional<ConnectionSettings> show(Window owner, TaskExecutor tasks, ProfileStore store, SecretStore secrets) {
        Dialog<ConnectionSettings> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Connections");
        dialog.setResizable(true);
        DialogPane pane = dialog.getDialogPane();
        ConnectViewModel model = new ConnectViewModel(store, secrets, tasks, new FxDialogService(() -> pane.getScene().getWindow()));
        Views.Loaded<ConnectView> loaded = Views.load(ConnectView.class, type -> new ConnectView(model));
        pane.setContent(loaded.root());
        // tall enough for the longest form (Sentinel with TLS) without scrolling
        pane.setPrefHeight(700);
        pane.setId("connectDialog");
        pane.getStylesheets().add(ConnectDialog.class.getResource("/io/redrive/console/redrive.css").toExternalForm());
        if (owner != null && owner.getScene() != null && owner.getScene().getRoot().getStyleClass().contains("rd-dark")) {
            pane.getStyleClass().add("rd-dark");
        }

        ButtonType connect = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);
        pane.getButtonTypes().addAll(connect, ButtonType.CANCEL);
        Button connectButton = (Button) pane.lookupButton(connect);
        connectButton.setId("connectButton");
        connectButton.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        connectButton.disableProperty().bind(model.problemProperty().isNotEmpty());
        ConnectionSettings[] chosen = new ConnectionSettings[1];
        connectButton.addEventFilter(ActionEvent.ACTION, e -> {
            chosen[0] = model.connect().orElse(null);
            if (chosen[0] == null) {
                e.consume();  // the form says what is missing; keep the dialog open
            }
        });
        loaded.controller().onOpen(connectButton::fire);
        dialog.setResultConverter(button -> button == connect ? chosen[0] : null);
        return dialog.showAndWait();
    }
}
