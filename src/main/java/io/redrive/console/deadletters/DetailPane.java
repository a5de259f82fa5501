package io.redrive.console.deadletters;

import io.redrive.console.DisabledTooltips;
import io.redrive.console.EventWords;
import io.redrive.console.Styles;
import io.redrive.console.Words;
import io.redrive.engine.AttemptError;
import io.redrive.engine.MessageVersion;
import io.redrive.engine.Payloads;
import io.redrive.engine.TimelineEvent;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.fxmisc.richtext.CodeArea;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The detail pane of the dead-letter screen: the selected message's payload, headers, errors, versions (each
 * earlier one with its diff against the current content, and "Revert to this version") and timeline. Binds the
 * nodes {@link DeadLettersView} was given by its FXML to the view model's {@link DetailModel}.
 */
final class DetailPane {
    private final DeadLettersView view;
    private final DeadLettersViewModel model;
    private CodeArea payloadView;

    DetailPane(DeadLettersView view, DeadLettersViewModel model) {
        this.view = view;
        this.model = model;
    }

    void bind() {
        DetailModel d = model.detail();
        view.detailTitle.textProperty().bind(d.titleProperty());
        // one line whatever the width (the pane is short at 1280x800); the whole title on hover
        view.detailTitle.tooltipProperty().bind(Bindings.createObjectBinding(
                () -> d.titleProperty().get().isEmpty() ? null : new Tooltip(d.titleProperty().get()), d.titleProperty()));
        d.payloadProperty().addListener((o, was, now) -> showPayload());
        d.payloadKindProperty().addListener((o, was, now) -> showPayload());
        view.headersTable.setItems(d.headers());
        view.headersNote.textProperty().bind(d.headersNoteProperty());
        view.headerNameColumn.setCellValueFactory(c -> text(c.getValue().getKey()));
        view.headerValueColumn.setCellValueFactory(c -> text(c.getValue().getValue()));
        d.errors().addListener((ListChangeListener<AttemptError>) c -> showErrors());
        showErrors();
        bindVersions(d);
        view.timelineTable.setItems(d.timeline());
        view.eventTimeColumn.setCellValueFactory(c -> text(Words.dateTime(c.getValue().at())));
        view.eventTypeColumn.setCellValueFactory(c -> text(c.getValue().type()));
        view.eventAttributesColumn.setCellValueFactory(c -> text(attributes(c.getValue())));
        deferHiddenTabs();
    }

    /**
     * The detail tabs not in front join the scene when first selected: styling and laying out their tables and
     * panes is a good part of the cost of opening the screen, and most visits never look at them.
     */
    private void deferHiddenTabs() {
        Tab front = view.detailTabs.getSelectionModel().getSelectedItem();
        for (Tab tab : view.detailTabs.getTabs()) {
            if (tab == front) {
                continue;
            }
            Node content = tab.getContent();
            tab.setContent(null);
            tab.selectedProperty().addListener(new ChangeListener<>() {
                @Override
                public void changed(ObservableValue<? extends Boolean> o, Boolean was, Boolean selected) {
                    if (selected) {
                        tab.selectedProperty().removeListener(this);
                        tab.setContent(content);
                    }
                }
            });
        }
    }

    private void bindVersions(DetailModel d) {
        TableView<MessageVersion> table = view.versionsTable;
        table.setItems(d.versions());
        view.versionColumn.setCellValueFactory(c -> text(c.getValue().version() + (d.isCurrent(c.getValue()) ? " (current)" : "")));
        view.versionByColumn.setCellValueFactory(c -> text(c.getValue().by()));
        view.versionAtColumn.setCellValueFactory(c -> text(Words.dateTime(c.getValue().at())));
        view.versionWhyColumn.setCellValueFactory(c -> text(c.getValue().why()));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> showVersion(now));
        // the list is replaced after a revert or an edit: what the pane shows follows the new current content
        d.versions().addListener((ListChangeListener<MessageVersion>) c -> showVersion(table.getSelectionModel().getSelectedItem()));
        view.versionsTab.textProperty().bind(Bindings.size(d.versions()).asString("Versions (%d)"));
        Button revert = view.revertButton;
        var chosen = table.getSelectionModel().selectedItemProperty();
        revert.disableProperty().bind(model.canRevertBinding().not().or(Bindings.createBooleanBinding(
                () -> chosen.get() == null || d.isCurrent(chosen.get()), chosen, d.detailProperty())));
        revert.textProperty().bind(Bindings.createStringBinding(() -> chosen.get() == null || d.isCurrent(chosen.get())
                ? "Revert to this version" : "Revert to version " + chosen.get().version() + "…", chosen, d.detailProperty()));
        revert.setTooltip(new Tooltip("Make the selected earlier version current again (a new version; nothing is lost)"));
        revert.setOnAction(e -> model.revert(chosen.get()));
        DisabledTooltips.writeControls(model.context(), revert);
    }

    /** The current version's payload; an earlier one's as a diff against the current content. */
    private void showVersion(MessageVersion v) {
        if (v == null) {
            view.versionPayload.setText("");
        } else if (model.detail().isCurrent(v)) {
            view.versionPayload.setText(PayloadFormat.render(v.payload()).text());
        } else {
            view.versionPayload.setText("Version " + v.version() + " against the current content (- current, + version "
                    + v.version() + "):\n\n" + model.diffAgainstCurrent(v).stream().map(LineDiff.Line::marked)
                    .collect(Collectors.joining("\n")));
        }
    }

    private void showPayload() {
        DetailModel d = model.detail();
        if (payloadView == null) {
            // made with the first payload to show: a rich text area is costly to build, and the screen opens without one
            payloadView = CodeViews.codeArea("payloadView", false);
            view.payloadHolder.getChildren().add(CodeViews.scrolled(payloadView));
        }
        payloadView.setWrapText(d.payloadKindProperty().get() == Payloads.Kind.TEXT);
        CodeViews.show(payloadView, d.payloadProperty().get(), d.payloadKindProperty().get() == Payloads.Kind.JSON);
    }

    /** Every attempt's error, newest last, each with its stack trace folded away until asked for. */
    private void showErrors() {
        List<AttemptError> errors = model.detail().errors();
        view.errorsTab.setText("Errors (" + errors.size() + ")");
        List<TitledPane> panes = new ArrayList<>(errors.size());
        for (AttemptError error : errors) {
            TextArea trace = new TextArea((error.worker() == null ? "" : "worker " + error.worker()
                    + (error.host() == null ? "" : " on " + error.host()) + "\n\n") + (error.stackTrace() == null ? "" : error.stackTrace()));
            trace.setEditable(false);
            trace.setPrefRowCount(14);
            trace.setPrefColumnCount(20);
            trace.getStyleClass().add(Styles.MONO);
            TitledPane pane = new TitledPane("Attempt " + error.attempt() + " · " + Words.time(error.at()) + " · "
                    + error.type() + (error.message() == null ? "" : ": " + DeadLettersViewModel.abbreviate(error.message(), 160)), trace);
            pane.setExpanded(false);
            pane.setAnimated(false);
            pane.setMinWidth(0);  // a long error line ends in "…" rather than widening the pane
            panes.add(pane);
        }
        view.errorsBox.getChildren().setAll(panes);
    }

    private static ReadOnlyStringWrapper text(String s) {
        return new ReadOnlyStringWrapper(s == null ? "" : s);
    }

    private static String attributes(TimelineEvent event) {
        return DeadLettersViewModel.abbreviate(EventWords.details(event, Instant.now(), ZoneId.systemDefault()), 240);
    }
}
