package io.redrive.console.deadletters;

import io.redrive.engine.DeadLetterQuery;
import javafx.collections.ListChangeListener;
import javafx.scene.control.ChoiceBox;
import javafx.util.StringConverter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The dead-letter screen's filter bar: the queue, error class, since/until and search fields, the "More filters"
 * row, the filter's error sentence and the progress of a long search, bound to the view model's
 * {@link FilterModel}. Binds the nodes {@link DeadLettersView} was given by its FXML.
 */
final class FilterBar {
    private final DeadLettersView view;
    private final DeadLettersViewModel model;
    /** True while the queue choice is refilled: its value changes meanwhile are not the operator's. */
    private boolean fillingQueues;

    FilterBar(DeadLettersView view, DeadLettersViewModel model) {
        this.view = view;
        this.model = model;
    }

    void bind() {
        FilterModel f = model.filter();
        ChoiceBox<String> queue = view.filterQueue;
        queue.setConverter(converter(q -> q == null || q.isEmpty() ? "All queues" : q));
        queue.getItems().setAll("");
        queue.setValue("");
        model.queueNames().addListener((ListChangeListener<String>) c -> fillQueues());
        queue.valueProperty().addListener((o, was, now) -> {
            if (!fillingQueues) {
                f.queue.set(now == null || now.isEmpty() ? null : now);
            }
        });
        view.sortChoice.getItems().setAll(DeadLetterQuery.Sort.values());
        view.sortChoice.setConverter(converter(s -> switch (s) {
            case NEWEST -> "Newest first";
            case OLDEST -> "Oldest first";
            case MOST_ATTEMPTS -> "Most attempts";
        }));
        view.sortChoice.valueProperty().bindBidirectional(f.sort);
        var errorClass = view.filterErrorClass;
        errorClass.setItems(model.errorClasses());
        errorClass.getEditor().textProperty().bindBidirectional(f.errorClass);
        errorClass.setOnAction(e -> {
            if (errorClass.getValue() != null) {
                f.errorClass.set(errorClass.getValue());
            }
        });
        view.moreFilters.textProperty().bind(f.moreActive.map(n -> n.intValue() == 0 ? "More filters" : "More filters (" + n + ")"));
        DeadLettersView.shownWhen(view.moreFiltersBox, view.moreFilters.selectedProperty());
        view.searchBox.textProperty().bindBidirectional(f.errorText);
        view.filterPayloadText.textProperty().bindBidirectional(f.payloadText);
        view.filterHeader.textProperty().bindBidirectional(f.header);
        view.filterSince.textProperty().bindBidirectional(f.since);
        view.filterUntil.textProperty().bindBidirectional(f.until);
        view.filterMinAttempts.textProperty().bindBidirectional(f.minAttempts);
        view.filterMaxAttempts.textProperty().bindBidirectional(f.maxAttempts);
        view.filterError.textProperty().bind(model.filterErrorProperty());
        DeadLettersView.shownWhen(view.filterError, model.filterErrorProperty().isNotEmpty());
        DeadLettersView.shownWhen(view.scanBox, model.scanningProperty());
        view.scanProgress.progressProperty().bind(model.scanProgressProperty());
        view.scanLabel.textProperty().bind(model.scanLabelProperty());
    }

    /** The queue choice: "All queues" then every queue, keeping the choice made. */
    private void fillQueues() {
        ChoiceBox<String> queue = view.filterQueue;
        String chosen = queue.getValue();
        fillingQueues = true;
        try {
            List<String> choices = new ArrayList<>();
            choices.add("");
            choices.addAll(model.queueNames());
            queue.getItems().setAll(choices);
            queue.setValue(choices.contains(chosen) ? chosen : "");
        } finally {
            fillingQueues = false;
        }
    }

    private static <T> StringConverter<T> converter(Function<T, String> show) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : show.apply(value);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException("choices are not typed");
            }
        };
    }
}
