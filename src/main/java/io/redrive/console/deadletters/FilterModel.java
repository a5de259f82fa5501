package io.redrive.console.deadletters;

import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.FailureGroup;
import io.redrive.engine.FilterText;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The filters bar as typed: every field is text (or a choice) until {@link #toQuery} turns them into a
 * {@link DeadLetterQuery}, saying in plain words what it cannot read.
 */
final class FilterModel {
    /** The queue to list; null for every queue. */
    final ObjectProperty<String> queue = new SimpleObjectProperty<>();
    final StringProperty errorClass = new SimpleStringProperty("");
    final StringProperty errorText = new SimpleStringProperty("");
    final StringProperty payloadText = new SimpleStringProperty("");
    /** {@code name=value}, or {@code name} for "has the header". */
    final StringProperty header = new SimpleStringProperty("");
    /** A local time ({@code 2024-05-01 14:00}), a date, an ISO instant, or an age ({@code 2h}, {@code 3d ago}). */
    final StringProperty since = new SimpleStringProperty("");
    final StringProperty until = new SimpleStringProperty("");
    final StringProperty minAttempts = new SimpleStringProperty("");
    final StringProperty maxAttempts = new SimpleStringProperty("");
    final ObjectProperty<DeadLetterQuery.Sort> sort = new SimpleObjectProperty<>(DeadLetterQuery.Sort.NEWEST);

    /** How many of the filters behind "More filters" narrow the list (the order counts when it is not the default). */
    final IntegerBinding moreActive = Bindings.createIntegerBinding(
            () -> (sort.get() != DeadLetterQuery.Sort.NEWEST ? 1 : 0) + filled(payloadText) + filled(header)
                    + filled(minAttempts) + filled(maxAttempts),
            sort, payloadText, header, minAttempts, maxAttempts);

    private static int filled(StringProperty field) {
        return field.get() == null || field.get().isBlank() ? 0 : 1;
    }

    /** Empties every field but the queue and the order. */
    void clear() {
        errorClass.set("");
        errorText.set("");
        payloadText.set("");
        header.set("");
        since.set("");
        until.set("");
        minAttempts.set("");
        maxAttempts.set("");
    }

    /**
     * The query the fields describe; with a failure group, that group's queue and fingerprint instead of the queue.
     *
     * @throws IllegalArgumentException with a message fit to show when a field cannot be read
     */
    DeadLetterQuery toQuery(Clock clock, FailureGroup group) {
        DeadLetterQuery.Builder b = DeadLetterQuery.builder().limit(DeadLetterPager.PAGE_SIZE).sort(sort.get());
        if (group != null) {
            b.queue(group.queue()).group(group.fingerprint());
        } else {
            b.queue(queue.get());
        }
        b.errorClass(trim(errorClass.get())).errorText(trim(errorText.get())).payloadText(trim(payloadText.get()));
        FilterText.Header h = FilterText.header("Header", header.get());
        if (h != null) {
            b.header(h.name(), h.value());
        }
        Instant from = time("Since", since.get(), clock);
        Instant to = time("Until", until.get(), clock);
        FilterText.checkRange("Since", from, "Until", to);
        b.between(from, to);
        Integer min = FilterText.attempts("Min attempts", minAttempts.get());
        Integer max = FilterText.attempts("Max attempts", maxAttempts.get());
        FilterText.checkAttemptsRange("Min attempts", min, "Max attempts", max);
        b.attempts(min, max);
        return b.build();
    }

    /** The engine's time grammar, read in the operator's local time (what the table shows). */
    static Instant time(String field, String text, Clock clock) {
        return FilterText.time(field, text, clock, ZoneId.systemDefault());
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
