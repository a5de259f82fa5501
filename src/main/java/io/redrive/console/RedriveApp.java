package io.redrive.console;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.redrive.console.shell.MainView;
import io.redrive.console.shell.MainViewModel;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.util.List;
import java.util.prefs.Preferences;

/**
 * The console application. Started by {@link ConsoleLauncher} with the connection to open first; remembers its
 * window size and theme between runs.
 */
public final class RedriveApp extends Application {
    private static final Preferences PREFS = Preferences.userRoot().node("io/redrive/console");

    private BackgroundTasks tasks;
    private MainViewModel model;
    private Stage stage;

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        this.tasks = new BackgroundTasks();
        this.model = new MainViewModel(tasks);
        DialogService dialogs = new FxDialogService(() -> this.stage);
        Views.Loaded<MainView> main = Views.load(MainView.class, type -> new MainView(model, dialogs, this::applyTheme));
        Scene scene = new Scene(main.root(), PREFS.getDouble("width", 1280), PREFS.getDouble("height", 800));
        scene.getStylesheets().add(RedriveApp.class.getResource("redrive.css").toExternalForm());
        applyTheme(PREFS.get("theme", "light"));
        stage.setScene(scene);
        stage.setTitle("Redrive");
        if (PREFS.getDouble("x", Double.NaN) == PREFS.getDouble("x", Double.NaN)) {  // not NaN: a position was saved
            stage.setX(PREFS.getDouble("x", 0));
            stage.setY(PREFS.getDouble("y", 0));
        }
        stage.setOnHidden(e -> saveWindow(scene));
        stage.show();
        ConnectionTarget first = ConsoleArguments.parse(List.copyOf(getParameters().getRaw())).target();
        if (first != null) {
            main.controller().open(first);
        }
    }

    private void applyTheme(String theme) {
        Application.setUserAgentStylesheet("dark".equals(theme) ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        if (stage != null && stage.getScene() != null) {
            stage.getScene().getRoot().getStyleClass().removeAll("rd-dark", "rd-light");
            stage.getScene().getRoot().getStyleClass().add("dark".equals(theme) ? "rd-dark" : "rd-light");
        }
        PREFS.put("theme", theme);
    }

    private void saveWindow(Scene scene) {
        PREFS.putDouble("width", scene.getWidth());
        PREFS.putDouble("height", scene.getHeight());
        PREFS.putDouble("x", stage.getX());
        PREFS.putDouble("y", stage.getY());
    }

    @Override
    public void stop() {
        if (model != null) {
            model.closeAll();
        }
        if (tasks != null) {
            tasks.close();
        }
        ConsoleLauncher.stopDemo();
    }
}
