package io.redrive.console.shell;

import io.redrive.console.ConnectionSettings;
import io.redrive.console.DialogService;
import io.redrive.console.Environment;
import io.redrive.console.Session;
import io.redrive.console.SessionContext;
import io.redrive.console.Styles;
import io.redrive.console.connect.ConnectDialog;
import io.redrive.redis.RedisConnection;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The console window: a tab per connection, the menu, and the status bar of the selected connection. */
public final class MainView {
    private final MainViewModel model;
    private final DialogService dialogs;
    private final Consumer<String> themeSwitch;
    private final Map<Session, Tab> tabs = new HashMap<>();

    @FXML private TabPane connections;
    @FXML private Label connectionState;
    @FXML private Label latency;
    @FXML private Label environment;
    @FXML private Label status;
    @FXML private HBox statusBar;

    public MainView(MainViewModel model, DialogService dialogs, Consumer<String> themeSwitch) {
        this.model = model;
        this.dialogs = dialogs;
        this.themeSwitch = themeSwitch;
    }

    @FXML
    private void initialize() {
        statusBar.getStyleClass().add(Styles.STATUS_BAR);
        status.textProperty().bind(model.statusProperty());
        model.sessions().addListener((ListChangeListener<Session>) change -> {
            while (change.next()) {
                change.getAddedSubList().forEach(this::addTab);
                for (Session removed : change.getRemoved()) {
                    Tab tab = tabs.remove(removed);
                    if (tab != null && tab.getUserData() instanceof SessionView view) {
                        view.stop();
                    }
                    connections.getTabs().remove(tab);
                }
            }
        });
        connections.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> bindStatus(now));
        connections.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                installShortcuts(scene);
            }
        });
    }

    private void addTab(Session session) {
        SessionContext context = new SessionContext(session, model.tasks(), dialogs);
        SessionView view = new SessionView(context);
        Tab tab = new Tab(session.settings().name(), view);
        tab.setId("connection-" + session.settings().name());
        Label colour = new Label(session.settings().environment().label());
        colour.getStyleClass().add(Styles.ENV_LABEL);
        colour.setStyle("-fx-background-color: " + session.settings().environment().colour() + ";");
        tab.setGraphic(colour);
        tab.setUserData(view);
        tab.setOnClosed(e -> {
            view.stop();
            model.close(session);
        });
        tabs.put(session, tab);
        connections.getTabs().add(tab);
        connections.getSelectionModel().select(tab);
    }

    private void bindStatus(Tab tab) {
        connectionState.textProperty().unbind();
        latency.textProperty().unbind();
        environment.setText("");
        if (tab == null || !(tab.getUserData() instanceof SessionView view)) {
            connectionState.setText("Not connected");
            latency.setText("");
            return;
        }
        SessionViewModel s = view.model();
        connectionState.textProperty().bind(Bindings.when(s.connectedProperty())
                .then("Connected to " + s.context().session().engine().redisUrl()).otherwise("Reconnecting…"));
        latency.textProperty().bind(Bindings.concat("round trip ", s.latencyProperty()));
        environment.setText(s.context().session().settings().environment().label()
                + (s.context().readOnly() ? " · read-only" : ""));
    }

    private void installShortcuts(Scene scene) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), this::newConnection);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), this::closeConnection);
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5, KeyCode.DIGIT6,
                KeyCode.DIGIT7};
        for (int i = 0; i < digits.length; i++) {
            int screen = i;
            scene.getAccelerators().put(new KeyCodeCombination(digits[i], KeyCombination.SHORTCUT_DOWN), () -> {
                Tab tab = connections.getSelectionModel().getSelectedItem();
                if (tab != null && tab.getUserData() instanceof SessionView view) {
                    view.select(screen);
                }
            });
        }
    }

    /** Opens a connection from the connection manager. */
    @FXML
    public void newConnection() {
        ConnectDialog.show(connections.getScene().getWindow(), model.tasks()).ifPresent(this::open);
    }

    /** Opens a connection; a failure shows its reason in plain words. */
    public void open(ConnectionSettings settings) {
        model.open(settings, e -> dialogs.showError("Cannot connect", RedisConnection.describe(e), e));
    }

    @FXML
    private void closeConnection() {
        Tab tab = connections.getSelectionModel().getSelectedItem();
        if (tab != null) {
            connections.getTabs().remove(tab);
            if (tab.getOnClosed() != null) {
                tab.getOnClosed().handle(null);
            }
        }
    }

    @FXML
    private void lightTheme() {
        themeSwitch.accept("light");
    }

    @FXML
    private void darkTheme() {
        themeSwitch.accept("dark");
    }

    @FXML
    private void quit() {
        connections.getScene().getWindow().hide();
    }

    /** The environment of the selected connection; null when none is open. */
    public Environment selectedEnvironment() {
        Tab tab = connections.getSelectionModel().getSelectedItem();
        return tab != null && tab.getUserData() instanceof SessionView view
                ? view.model().context().session().settings().environment() : null;
    }

    public MainViewModel model() {
        return model;
    }
}
