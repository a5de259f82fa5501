package io.redrive.console.connect;

import io.redrive.console.ConnectionTarget;
import io.redrive.console.Environment;
import io.redrive.console.TaskExecutor;
import io.redrive.redis.RedisConnection;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.time.Duration;
import java.util.Optional;

/** Asks where to connect: a Redis URL, a name, a key prefix, the environment's colour and read-only. */
public final class ConnectDialog {
    private ConnectDialog() {
    }

    public static Optional<ConnectionTarget> show(Window owner, TaskExecutor tasks) {
        Dialog<ConnectionTarget> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("New connection");
        dialog.setHeaderText("Connect to a Redis");
        TextField name = new TextField("local");
        TextField url = new TextField("redis://localhost:6379");
        TextField prefix = new TextField("redrive");
        ChoiceBox<Environment> environment = new ChoiceBox<>();
        environment.getItems().addAll(Environment.DEVELOPMENT, Environment.STAGING, Environment.PRODUCTION, Environment.OTHER);
        environment.setValue(Environment.DEVELOPMENT);
        CheckBox readOnly = new CheckBox("Read-only (send no write command)");
        Label result = new Label();
        result.setWrapText(true);
        Button test = new Button("Test");
        test.setOnAction(e -> {
            result.setText("Testing…");
            tasks.run(() -> {
                try (RedisConnection c = RedisConnection.open(url.getText().trim(), Duration.ofSeconds(5))) {
                    long start = System.nanoTime();
                    c.await(c.commands().ping());
                    return String.format("Connected: PING answered in %.1f ms", (System.nanoTime() - start) / 1e6);
                }
            }, result::setText, error -> result.setText(error.getMessage()));
        });
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        grid.addRow(0, new Label("Name"), name);
        grid.addRow(1, new Label("Redis URL"), url);
        grid.addRow(2, new Label("Key prefix"), prefix);
        grid.addRow(3, new Label("Environment"), environment);
        grid.add(readOnly, 1, 4);
        grid.addRow(5, test, result);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(button -> button == ButtonType.OK
                ? new ConnectionTarget(name.getText().trim(), url.getText().trim(), prefix.getText().trim(), environment.getValue(), readOnly.isSelected())
                : null);
        return dialog.showAndWait();
    }
}
