package io.redrive.console.deadletters;

import io.redrive.engine.Payloads;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.List;

/**
 * The edit dialog's state: the text being edited, checked as JSON on every change when the message must stay
 * JSON, its diff against the original, and the reason the history will show. Save is possible only with valid
 * content, an actual change and a reason.
 */
final class EditorModel {
    private final String original;
    private final boolean mustBeJson;
    private final StringProperty text = new SimpleStringProperty();
    private final StringProperty reason = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper changed = new ReadOnlyBooleanWrapper();
    private final BooleanBinding canSave;

    EditorModel(String original, boolean mustBeJson) {
        this.original = original;
        this.mustBeJson = mustBeJson;
        text.addListener((o, was, now) -> check(now));
        text.set(original);
        canSave = Bindings.createBooleanBinding(() -> error.get().isEmpty() && changed.get() && !reason.get().isBlank(),
                error, changed, reason);
    }

    /** The text in the editor. */
    StringProperty textProperty() { return text; }
    /** Why the history has this version; required. */
    StringProperty reasonProperty() { return reason; }
    /** Why the text cannot be saved ("The payload is not valid JSON at line 2, column 7: ..."); empty when it can. */
    ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    ReadOnlyBooleanProperty changedProperty() { return changed.getReadOnlyProperty(); }
    BooleanBinding canSaveBinding() { return canSave; }
    boolean mustBeJson() { return mustBeJson; }
    String original() { return original; }

    /** The edited text against the original, line by line. */
    List<LineDiff.Line> diff() {
        return LineDiff.diff(original, text.get() == null ? "" : text.get());
    }

    /** Why {@code candidate} cannot be saved, or empty when it can. */
    static String problem(String candidate, boolean mustBeJson) {
        if (!mustBeJson) {
            return "";
        }
        return Payloads.jsonError(candidate == null ? "" : candidate)
                .map(why -> "The payload is not valid JSON at " + why)
                .orElse("");
    }

    private void check(String now) {
        String current = now == null ? "" : now;
        error.set(problem(current, mustBeJson));
        changed.set(!current.equals(original));
    }
}
