package io.redrive.console;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.redrive.console.shell.MainView;
import io.redrive.console.shell.MainViewModel;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.util.List;
import java.util.prefs.Preferences;

/**
 * Builds the console's window on a stage: the shell, its theme and stylesheet, and its remembered size. The
 * application and the UI tests both go through here, so the tests drive the real window.
 */
public final class ConsoleWindow {
    private static final double DEFAULT_WIDTH = 1280;
    private static final double DEFAULT_HEIGHT = 800;

    private final Preferences prefs = UserStorage.preferences();
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
    public static ConsoleWindow show(Stage stage, TaskExecutor tasks, ConnectionSettings first) {
        MainViewModel model = new MainViewModel(tasks);
        FxDialogService dialogs = new FxDialogService(() -> stage);
        ConsoleWindow[] self = new ConsoleWindow[1];
        Views.Loaded<MainView> loaded = Views.load(MainView.class, type -> new MainView(model, dialogs, theme -> self[0].applyTheme(theme)));
        self[0] = new ConsoleWindow(stage, loaded.controller(), model, dialogs);
        dialogs.environment(loaded.controller()::selectedEnvironment);
        Preferences prefs = self[0].prefs;
        Rectangle2D bounds = fit(prefs.getDouble("x", Double.NaN), prefs.getDouble("y", Double.NaN),
                prefs.getDouble("width", DEFAULT_WIDTH), prefs.getDouble("height", DEFAULT_HEIGHT),
                Screen.getScreens().stream().map(Screen::getVisualBounds).toList());
        Scene scene = new Scene(loaded.root(), bounds.getWidth(), bounds.getHeight());
        scene.getStylesheets().add(ConsoleWindow.class.getResource("redrive.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Redrive");
        stage.getIcons().setAll(new Image(ConsoleWindow.class.getResource("icon-256.png").toExternalForm()));
        stage.setX(bounds.getMinX());
        stage.setY(bounds.getMinY());
        self[0].applyTheme(prefs.get("theme", "light"));
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
        prefs.put("theme", dark ? "dark" : "light");
    }

    private void remember() {
        prefs.putDouble("width", stage.getScene().getWidth());
        prefs.putDouble("height", stage.getScene().getHeight());
        prefs.putDouble("x", stage.getX());
        prefs.putDouble("y", stage.getY());
    }

    /**
     * Where a window remembered at x, y (NaN: never placed) with this size opens: on the screen it overlaps most
     * (the first one when it overlaps none, say a monitor since unplugged), no larger than that screen, and inside it.
     */
    static Rectangle2D fit(double x, double y, double width, double height, List<Rectangle2D> screens) {
        if (screens.isEmpty()) {
            return new Rectangle2D(Double.isNaN(x) ? 0 : x, Double.isNaN(y) ? 0 : y, width, height);
        }
        Rectangle2D screen = screens.get(0);
        double best = 0;
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            for (Rectangle2D s : screens) {
                double overlap = Math.max(0, Math.min(x + width, s.getMaxX()) - Math.max(x, s.getMinX()))
                        * Math.max(0, Math.min(y + height, s.getMaxY()) - Math.max(y, s.getMinY()));
                if (overlap > best) {
                    best = overlap;
                    screen = s;
                }
            }
        }
        double w = Math.min(Math.max(width, 200), screen.getWidth());
        double h = Math.min(Math.max(height, 150), screen.getHeight());
        // never placed, or placed where no screen is any more: centred on the chosen screen
        double left = best > 0 ? x : screen.getMinX() + (screen.getWidth() - w) / 2;
        double top = best > 0 ? y : screen.getMinY() + (screen.getHeight() - h) / 2;
        left = Math.min(Math.max(left, screen.getMinX()), screen.getMaxX() - w);
        top = Math.min(Math.max(top, screen.getMinY()), screen.getMaxY() - h);
        return new Rectangle2D(left, top, w, h);
    }

    /** The preferences node this window remembers itself in. */
    Preferences preferences() {
        return prefs;
    }

    /** The window's stage, for tools that look at it (screenshots). */
    public Stage stage() {
        return stage;
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
