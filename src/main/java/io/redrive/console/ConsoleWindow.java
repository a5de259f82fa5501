package io.redrive.console;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.redrive.console.shell.MainView;
import io.redrive.console.shell.MainViewModel;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.util.prefs.Preferences;

/**
 * Builds the console's window on a stage: the shell, its theme and stylesheet, and its remembered size. The
 * application and the UI tests both go through here, so the tests drive the real window.
 */
public final class ConsoleWindow {
    private static final Preferences PREFS = Preferences.userRoot().node("io/redrive/console");

    private final Stage stage;
    private final MainView main;
    private final MainViewModel model;

    private final DialogService dialogs;

    private ConsoleWindow(Stage stage, MainView main, MainViewModel model, DialogService dialogs) {
        this.stage = stage;
        this.main = main;
        this.model = model;
        this.dialogs = dialogs;
    }

    /** Puts the console on the stage and shows it; opens {@code first} when it is not null. */
    public static ConsoleWindow show(Stage stage, TaskExecutor tasks, ConnectionTarget first) {
        MainViewModel model = new MainViewModel(tasks);
        FxDialogService dialogs = new FxDialogService(() -> stage);
        ConsoleWindow[] self = new ConsoleWindow[1];
        Views.Loaded<MainView> loaded = Views.load(MainView.class, type -> new MainView(model, dialogs, theme -> self[0].applyTheme(theme)));
        self[0] = new ConsoleWindow(stage, loaded.controller(), model, dialogs);
        dialogs.environment(loaded.controller()::selectedEnvironment);
        Scene scene = new Scene(loaded.root(), PREFS.getDouble("width", 1280), PREFS.getDouble("height", 800));
        scene.getStylesheets().add(ConsoleWindow.class.getResource("redrive.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Redrive");
        stage.getIcons().setAll(new javafx.scene.image.Image(ConsoleWindow.class.getResource("icon-256.png").toExternalForm()));
        double x = PREFS.getDouble("x", Double.NaN);
        if (!Double.isNaN(x)) {
            stage.setX(x);
            stage.setY(PREFS.getDouble("y", 0));
        }
        self[0].applyTheme(PREFS.get("theme", "light"));
        stage.setOnHidden(e -> self[0].remember());
        stage.show();
        if (first != null) {
            loaded.controller().open(first);
        }
        return self[0];
    }

    /** "light" or "dark"; remembered for the next start. */
    public void applyTheme(String theme) {
        boolean dark = "dark".equals(theme);
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
        stage.getScene().getRoot().getStyleClass().removeAll("rd-dark", "rd-light");
        stage.getScene().getRoot().getStyleClass().add(dark ? "rd-dark" : "rd-light");
        PREFS.put("theme", dark ? "dark" : "light");
    }

    private void remember() {
        PREFS.putDouble("width", stage.getScene().getWidth());
        PREFS.putDouble("height", stage.getScene().getHeight());
        PREFS.putDouble("x", stage.getX());
        PREFS.putDouble("y", stage.getY());
    }

    public MainView main() {
        return main;
    }

    public MainViewModel model() {
        return model;
    }

    /** The window's dialogs, which every screen of every connection uses. */
    public DialogService dialogs() {
        return dialogs;
    }

    /** Closes every connection (talks to Redis: call off the UI thread or at the end). */
    public void closeConnections() {
        model.closeAll();
    }
}
