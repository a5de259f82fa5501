package io.redrive.console.deadletters;

import io.redrive.console.EventWords;
import io.redrive.console.TaskExecutor;
import io.redrive.console.Words;
import io.redrive.engine.Payloads;
import io.redrive.engine.AttemptError;
import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterDetail;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.Message;
import io.redrive.engine.MessageVersion;
import io.redrive.engine.TimelineEvent;
import io.redrive.redis.RedisConnection;
import java.time.Instant;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The detail pane's state: the selected dead letter in full. Selecting rows quickly (holding an arrow key) reads
 * only what is still wanted: one read at a time, and when it ends, the latest selection if it changed meanwhile.
 */
final class DetailModel {
    static final String NO_HEADERS = "No headers.";
    /** Damaged headers are shown as stored up to here. */
    private static final int MAX_STORED_HEADERS = 2000;

    private final TaskExecutor tasks;
    private final Supplier<DeadLetters> letters;
    private final ReadOnlyObjectWrapper<DeadLetterDetail> detail = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Select a dead letter to see it in full.");
    private final ReadOnlyObjectWrapper<Payloads.Kind> payloadKind = new ReadOnlyObjectWrapper<>(Payloads.Kind.TEXT);
    private final ReadOnlyStringWrapper payload = new ReadOnlyStringWrapper("");
    private final ObservableList<Map.Entry<String, String>> headers = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper headersNote = new ReadOnlyStringWrapper(NO_HEADERS);
    private final ObservableList<AttemptError> errors = FXCollections.observableArrayList();
    private final ObservableList<MessageVersion> versions = FXCollections.observableArrayList();
    private final ObservableList<TimelineEvent> timeline = FXCollections.observableArrayList();

    // Touched on the UI thread only.
    private DeadLetter wanted;
    private boolean reading;
    private DeadLetter shown;

    DetailModel(TaskExecutor tasks, Supplier<DeadLetters> letters) {
        this.tasks = tasks;
        this.letters = letters;
    }

    /** The dead letter in full; null while none is selected (or it has gone). */
    ReadOnlyObjectProperty<DeadLetterDetail> detailProperty() { return detail.getReadOnlyProperty(); }
    ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
    ReadOnlyObjectProperty<Payloads.Kind> payloadKindProperty() { return payloadKind.getReadOnlyProperty(); }
    /** The payload ready to show: pretty JSON, the text, or a hex dump. */
    ReadOnlyStringProperty payloadProperty() { return payload.getReadOnlyProperty(); }
    ObservableList<Map.Entry<String, String>> headers() { return headers; }
    /** What the headers tab says when there are no headers to list: none, or what is stored when it is not valid. */
    ReadOnlyStringProperty headersNoteProperty() { return headersNote.getReadOnlyProperty(); }
    ObservableList<AttemptError> errors() { return errors; }
    /** Every version of the content, newest first, the current one at the top. */
    ObservableList<MessageVersion> versions() { return versions; }
    ObservableList<TimelineEvent> timeline() { return timeline; }

    /** Shows this dead letter (null clears the pane). */
    void select(DeadLetter letter) {
        wanted = letter;
        if (letter == null) {
            shown = null;
            apply(null, null);
            return;
        }
        readWanted();
    }

    /** Reads the shown dead letter again (after an edit, a conflict). */
    void reload() {
        if (wanted != null) {
            readWanted();
        }
    }

    private void readWanted() {
        if (reading) {
            return;  // the read in flight looks at `wanted` again when it ends
        }
        reading = true;
        DeadLetter target = wanted;
        tasks.run(() -> letters.get().show(target.queue(), target.id()), found -> {
            reading = false;
            if (target == wanted) {
                shown = target;
                apply(target, found);
            } else if (wanted != null) {
                readWanted();
            }
        }, e -> {
            reading = false;
            if (target == wanted) {
                title.set("Could not read " + target.id() + ": " + RedisConnection.describe(e));
            } else if (wanted != null) {
                readWanted();
            }
        });
    }

    private void apply(DeadLetter letter, Optional<DeadLetterDetail> found) {
        DeadLetterDetail d = found == null ? null : found.orElse(null);
        detail.set(d);
        if (d == null) {
            title.set(letter == null ? "Select a dead letter to see it in full."
                    : "Message " + letter.id() + " is no longer in queue " + letter.queue() + " (replayed or purged meanwhile).");
            payloadKind.set(Payloads.Kind.TEXT);
            payload.set("");
            headers.clear();
            headersNote.set(NO_HEADERS);
            errors.clear();
            versions.clear();
            timeline.clear();
            return;
        }
        Message m = d.message();
        title.set(m.queue() + " · " + m.id() + " · " + EventWords.state(m.state())
                + (m.deadAt() == null ? "" : " since " + Words.time(m.deadAt()))
                + (m.deadReason() == null ? "" : " (" + EventWords.deadReason(m.deadReason()) + ")")
                + " · " + m.attempts() + (m.attempts() == 1 ? " attempt" : " attempts")
                + " · " + m.replays() + (m.replays() == 1 ? " replay" : " replays")
                + " · version " + d.version() + " · " + String.format("%,d", m.payload().length) + " bytes");
        Payloads.Shown rendered = PayloadFormat.render(m.payload());
        payloadKind.set(rendered.kind());
        payload.set(rendered.text());
        headers.setAll(m.headers().entrySet().stream()
                .map(e -> (Map.Entry<String, String>) new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()))
                .sorted(Map.Entry.comparingByKey()).toList());
        headersNote.set(d.hasMalformedHeaders() ? DeadLetterDetail.MALFORMED_HEADERS + "\nStored: "
                + cut(d.storedHeaders()) : NO_HEADERS);
        errors.setAll(d.errors());
        versions.setAll(history(d));
        timeline.setAll(d.timeline());
    }

    private static String cut(String text) {
        return text.length() <= MAX_STORED_HEADERS ? text : text.substring(0, MAX_STORED_HEADERS) + "…";
    }

    /** Every version, newest first: the current one (who made it, when, why) above the earlier ones. */
    static List<MessageVersion> history(DeadLetterDetail d) {
        List<MessageVersion> all = new ArrayList<>(d.versions());
        Collections.reverse(all);
        all.add(0, d.current());
        return all;
    }

    /** Whether this entry of {@link #versions()} is the message's current content. */
    boolean isCurrent(MessageVersion v) {
        DeadLetterDetail d = detail.get();
        return d != null && v.version() == d.version();
    }

    /** The message the pane shows, if any. */
    DeadLetter shown() {
        return shown;
    }

    /** Kept for the bulk code the lead is rewriting; new code calls {@link Words} directly. */
    static String time(Instant at) {
        return Words.dateTime(at);
    }
}
