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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The edit dialog's state: the text being edited, checked as JSON on every change when the message must stay
 * JSON, its diff against the original, its headers (one {@code name=value} a line, as {@code redrive dlq edit
 * --header} takes them), and the reason the history will show. Save is possible only with valid content and
 * headers, an actual change and a reason.
 */
final class EditorModel {
    private final String original;
    private final boolean mustBeJson;
    private final String originalHeaders;
    private final Map<String, String> originalHeaderMap;
    private final StringProperty text = new SimpleStringProperty();
    private final StringProperty headersText = new SimpleStringProperty();
    private final StringProperty reason = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper changed = new ReadOnlyBooleanWrapper();
    private final BooleanBinding canSave;

    EditorModel(String original, boolean mustBeJson) {
        this(original, mustBeJson, Map.of());
    }

    EditorModel(String original, boolean mustBeJson, Map<String, String> headers) {
        this.original = original;
        this.mustBeJson = mustBeJson;
        this.originalHeaders = headerLines(headers);
        this.originalHeaderMap = Map.copyOf(headers);
        text.addListener((o, was, now) -> check());
        headersText.addListener((o, was, now) -> check());
        headersText.set(originalHeaders);
        text.set(original);
        canSave = Bindings.createBooleanBinding(() -> error.get().isEmpty() && changed.get() && !reason.get().isBlank(),
                error, changed, reason);
    }

    /** The text in the editor. */
    StringProperty textProperty() { return text; }
    /** The headers being edited, one {@code name=value} a line, sorted by name at the start. */
    StringProperty headersTextProperty() { return headersText; }
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

    /** The headers as edited; only meaningful while {@link #errorProperty()} is empty. */
    Map<String, String> headers() {
        Map<String, String> out = new LinkedHashMap<>();
        readHeaders(headersText.get(), out);
        return out;
    }

    /** The headers as the editor shows them: {@code name=value}, one a line, by name. */
    static String headerLines(Map<String, String> headers) {
        return headers.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    }

    /**
     * Why these header lines cannot be saved, in a sentence naming the line, or empty when they can. Blank lines
     * are skipped; a value may hold '=' (the first one ends the name).
     */
    static String headerProblem(String lines) {
        return readHeaders(lines, new LinkedHashMap<>());
    }

    private static String readHeaders(String lines, Map<String, String> into) {
        List<String> all = (lines == null ? "" : lines).lines().toList();
        for (int i = 0; i < all.size(); i++) {
            String line = all.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                return "Header line " + (i + 1) + " has no '=': write each header as name=value.";
            }
            String name = line.substring(0, eq).strip();
            if (name.isEmpty()) {
                return "Header line " + (i + 1) + " has no name before the '='.";
            }
            if (into.put(name, line.substring(eq + 1).strip()) != null) {
                return "The header " + name + " is given twice (again on line " + (i + 1) + "); keep one.";
            }
        }
        return "";
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

    private void check() {
        String current = text.get() == null ? "" : text.get();
        String problem = problem(current, mustBeJson);
        error.set(problem.isEmpty() ? headerProblem(headersText.get()) : problem);
        changed.set(!current.equals(original) || !headers().equals(originalHeaderMap));
    }
}
