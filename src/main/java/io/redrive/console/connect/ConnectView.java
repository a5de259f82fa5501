package io.redrive.console.connect;

import io.redrive.console.Environment;
import io.redrive.console.Styles;
import io.redrive.console.WorkerStart;
import io.redrive.console.connect.ConnectionTestModel.TestState;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableBooleanValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import java.io.File;
import java.util.function.Function;

/** The connection manager's controller: bindings to {@link ConnectViewModel} and one-line handlers. */
public final class ConnectView {
    private final ConnectViewModel model;
    private Runnable onOpen = () -> { };

    @FXML private Label storeError;
    @FXML private Label listTitle;
    @FXML private ListView<ConnectionProfile> profileList;
    @FXML private Button deleteProfile;
    @FXML private TextField nameField;
    @FXML private ChoiceBox<ConnectionProfile.Mode> modeChoice;
    @FXML private HBox urlRow;
    @FXML private TextField urlField;
    @FXML private HBox hostRow;
    @FXML private TextField hostField;
    @FXML private TextField portField;
    @FXML private HBox sentinelMasterRow;
    @FXML private TextField sentinelMasterField;
    @FXML private HBox sentinelNodesRow;
    @FXML private TextField sentinelNodesField;
    @FXML private HBox clusterNodesRow;
    @FXML private TextField clusterNodesField;
    @FXML private HBox databaseRow;
    @FXML private TextField databaseField;
    @FXML private TextField usernameField;
    @FXML private PasswordField passwordField;
    @FXML private Label passwordNote;
    @FXML private HBox tlsRow;
    @FXML private CheckBox tlsCheck;
    @FXML private HBox caFileRow;
    @FXML private TextField caFileField;
    @FXML private HBox verificationRow;
    @FXML private ChoiceBox<ConnectionProfile.Verification> verificationChoice;
    @FXML private TextField keyPrefixField;
    @FXML private ComboBox<Environment> environmentChoice;
    @FXML private CheckBox readOnlyCheck;
    @FXML private ChoiceBox<WorkerStart> workerChoice;
    @FXML private Label preview;
    @FXML private Label problem;
    @FXML private Button testButton;
    @FXML private Label testResult;
    @FXML private Button saveButton;

    public ConnectView(ConnectViewModel model) {
        this.model = model;
    }

    /** What a double click on a saved connection does (the dialog connects). */
    void onOpen(Runnable action) {
        this.onOpen = action;
    }

    @FXML
    private void initialize() {
        listTitle.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_BOLD);
        showWhen(storeError, model.storeErrorProperty().isNotEmpty());
        storeError.textProperty().bind(model.storeErrorProperty());

        profileList.setItems(model.profiles());
        profileList.setCellFactory(list -> new ProfileCell());
        profileList.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> model.select(now));
        model.selectedProperty().addListener((o, was, now) -> profileList.getSelectionModel().select(now));
        profileList.getSelectionModel().select(model.selectedProperty().get());
        profileList.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && model.selectedProperty().get() != null) {
                onOpen.run();
            }
        });
        deleteProfile.disableProperty().bind(model.selectedProperty().isNull());

        nameField.textProperty().bindBidirectional(model.nameProperty());
        modeChoice.getItems().setAll(ConnectionProfile.Mode.values());
        modeChoice.setConverter(labels(ConnectionProfile.Mode::label));
        modeChoice.valueProperty().bindBidirectional(model.modeProperty());
        urlField.textProperty().bindBidirectional(model.urlProperty());
        hostField.textProperty().bindBidirectional(model.hostProperty());
        portField.textProperty().bindBidirectional(model.portProperty());
        sentinelMasterField.textProperty().bindBidirectional(model.sentinelMasterProperty());
        sentinelNodesField.textProperty().bindBidirectional(model.sentinelNodesProperty());
        clusterNodesField.textProperty().bindBidirectional(model.clusterNodesProperty());
        databaseField.textProperty().bindBidirectional(model.databaseProperty());
        usernameField.textProperty().bindBidirectional(model.usernameProperty());
        passwordField.textProperty().bindBidirectional(model.passwordProperty());
        passwordNote.textProperty().bind(model.passwordNoteProperty());
        passwordNote.getStyleClass().addAll(atlantafx.base.theme.Styles.TEXT_MUTED, atlantafx.base.theme.Styles.TEXT_SMALL);
        tlsCheck.selectedProperty().bindBidirectional(model.tlsProperty());
        caFileField.textProperty().bindBidirectional(model.caFileProperty());
        verificationChoice.getItems().setAll(ConnectionProfile.Verification.values());
        verificationChoice.setConverter(labels(ConnectionProfile.Verification::label));
        verificationChoice.valueProperty().bindBidirectional(model.verificationProperty());
        keyPrefixField.textProperty().bindBidirectional(model.keyPrefixProperty());
        environmentChoice.getItems().setAll(Environment.values());
        environmentChoice.setCellFactory(list -> new EnvironmentCell());
        environmentChoice.setButtonCell(new EnvironmentCell());
        environmentChoice.valueProperty().bindBidirectional(model.environmentProperty());
        readOnlyCheck.selectedProperty().bindBidirectional(model.readOnlyProperty());
        workerChoice.getItems().setAll(WorkerStart.values());
        workerChoice.setConverter(labels(WorkerStart::label));
        workerChoice.valueProperty().bindBidirectional(model.workerProperty());
        workerChoice.disableProperty().bind(model.readOnlyProperty());  // a read-only connection never runs it

        showOnlyFor(urlRow, ConnectionProfile.Mode.URL);
        showOnlyFor(hostRow, ConnectionProfile.Mode.STANDALONE);
        showOnlyFor(sentinelMasterRow, ConnectionProfile.Mode.SENTINEL);
        showOnlyFor(sentinelNodesRow, ConnectionProfile.Mode.SENTINEL);
        showOnlyFor(clusterNodesRow, ConnectionProfile.Mode.CLUSTER);
        showOnlyFor(databaseRow, ConnectionProfile.Mode.STANDALONE, ConnectionProfile.Mode.SENTINEL);
        // a typed URL says itself whether it is TLS (rediss://)
        showWhen(tlsRow, model.modeProperty().isNotEqualTo(ConnectionProfile.Mode.URL));
        BooleanBinding tlsDetails = model.modeProperty().isNotEqualTo(ConnectionProfile.Mode.URL).and(model.tlsProperty());
        showWhen(caFileRow, tlsDetails);
        showWhen(verificationRow, tlsDetails);

        preview.textProperty().bind(model.previewProperty());
        problem.textProperty().bind(model.problemProperty());
        showWhen(problem, model.problemProperty().isNotEmpty());
        testResult.textProperty().bind(model.testResultProperty());
        model.testStateProperty().addListener((o, was, now) -> styleTestResult(now));
        testButton.disableProperty().bind(model.testStateProperty().isEqualTo(TestState.RUNNING));
        saveButton.disableProperty().bind(model.savableProperty().not());
    }

    @FXML
    private void add() {
        model.add();
        nameField.requestFocus();
        nameField.selectAll();
    }

    @FXML
    private void duplicate() {
        model.duplicate();
        nameField.requestFocus();
    }

    @FXML
    private void delete() {
        model.delete();
    }

    @FXML
    private void save() {
        model.save();
    }

    @FXML
    private void test() {
        model.test();
    }

    @FXML
    private void browseCaFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Certificate authorities (PEM)");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("PEM certificates", "*.pem", "*.crt", "*.cer"),
                new FileChooser.ExtensionFilter("Any file", "*"));
        File chosen = chooser.showOpenDialog(caFileField.getScene().getWindow());
        if (chosen != null) {
            model.caFileProperty().set(chosen.getAbsolutePath());
        }
    }

    private void styleTestResult(TestState state) {
        testResult.getStyleClass().removeAll(Styles.ERROR_TEXT, atlantafx.base.theme.Styles.SUCCESS, atlantafx.base.theme.Styles.TEXT_MUTED);
        switch (state) {
            case SUCCEEDED -> testResult.getStyleClass().add(atlantafx.base.theme.Styles.SUCCESS);
            case FAILED -> testResult.getStyleClass().add(Styles.ERROR_TEXT);
            case RUNNING -> testResult.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
            case IDLE -> { }
        }
    }

    private void showOnlyFor(Node row, ConnectionProfile.Mode... modes) {
        showWhen(row, Bindings.createBooleanBinding(() -> List.of(modes).contains(model.modeProperty().get()),
                model.modeProperty()));
    }

    private static void showWhen(Node node, ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(node.visibleProperty());
    }

    private static <T> StringConverter<T> labels(Function<T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : label.apply(value);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException("chosen from a list, never typed");
            }
        };
    }

    private static Label environmentTag(Environment environment) {
        Label tag = new Label(environment.label());
        tag.getStyleClass().add(Styles.ENV_LABEL);
        tag.setStyle("-fx-background-color: " + environment.colour() + ";");
        return tag;
    }

    /** A saved connection: its environment's colour, its name and where it goes. */
    private static final class ProfileCell extends ListCell<ConnectionProfile> {
        @Override
        protected void updateItem(ConnectionProfile profile, boolean empty) {
            super.updateItem(profile, empty);
            setText(null);
            if (empty || profile == null) {
                setGraphic(null);
                return;
            }
            Label name = new Label(profile.name().isEmpty() ? "(no name)" : profile.name());
            name.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_BOLD);
            Label where = new Label(profile.displayUrl() + (profile.readOnly() ? " · read-only" : ""));
            where.getStyleClass().addAll(atlantafx.base.theme.Styles.TEXT_MUTED, atlantafx.base.theme.Styles.TEXT_SMALL);
            HBox top = new HBox(6, environmentTag(profile.environment()), name);
            setGraphic(new VBox(2, top, where));
        }
    }

    /** An environment as its coloured label. */
    private static final class EnvironmentCell extends ListCell<Environment> {
        @Override
        protected void updateItem(Environment environment, boolean empty) {
            super.updateItem(environment, empty);
            setText(null);
            setGraphic(empty || environment == null ? null : environmentTag(environment));
        }
    }
}
