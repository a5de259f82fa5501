package io.redrive.console.deadletters;

import io.redrive.console.SessionContext;
import io.redrive.console.Confirmation;
import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterDetail;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.EditConflictException;
import io.redrive.engine.InvalidPayloadException;
import io.redrive.engine.Message;
import io.redrive.engine.MessageVersion;
import io.redrive.engine.Payloads;
import io.redrive.engine.Revert;
import io.redrive.ops.Actor;
import javafx.beans.property.StringProperty;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * Changing the dead letter in the detail pane: a new version from the editor (payload and headers), or an earlier
 * version made current again. Both save through the engine's optimistic edit, so an edit made elsewhere meanwhile
 * is reported and the message read again rather than overwritten. The read-only and trash refusals stay with the
 * screen's view model, which calls these only when writing is possible.
 */
final class MessageEditing {
    /** Told the saved message and the sentence saying so, once the new version is stored. */
    interface Saved {
        void saved(DeadLetter letter, String sentence);
    }

    private final SessionContext context;
    private final DetailModel detail;
    private final StringProperty status;
    private final Saved saved;
    private final BiConsumer<String, Throwable> failed;

    MessageEditing(SessionContext context, DetailModel detail, StringProperty status, Saved saved,
                   BiConsumer<String, Throwable> failed) {
        this.context = context;
        this.detail = detail;
        this.status = status;
        this.saved = saved;
        this.failed = failed;
    }

    /** The editor for the dead letter in the detail pane: its payload as shown, its headers, whether it must stay JSON. */
    EditorModel newEditor() {
        DeadLetterDetail d = detail.detailProperty().get();
        if (d == null) {
            return null;
        }
        Message m = d.message();
        boolean json = Payloads.mustBeJson(m.payload(), m.headers());
        String text = detail.payloadKindProperty().get() == Payloads.Kind.JSON
                ? detail.payloadProperty().get() : new String(m.payload(), StandardCharsets.UTF_8);
        return new EditorModel(text, json, m.headers());
    }

    /** Saves a new version with this payload and these headers (either null: it stays as it is, byte for byte). */
    void edit(String payload, Map<String, String> headers, String reason) {
        DeadLetterDetail d = detail.detailProperty().get();
        if (d == null) {
            status.set("Select a dead letter to edit first.");
            return;
        }
        if (reason == null || reason.isBlank()) {
            refuse("Edit refused", "An edit needs a reason, for the message's history.");
            return;
        }
        Message m = d.message();
        Map<String, String> newHeaders = headers == null ? m.headers() : headers;
        String problem = payload == null ? "" : EditorModel.problem(payload, Payloads.mustBeJson(m.payload(), m.headers()));
        if (problem.isEmpty()) {
            problem = EditorModel.headerProblem(EditorModel.headerLines(newHeaders));
        }
        if (!problem.isEmpty()) {
            refuse("Edit refused", problem);
            return;
        }
        Actor actor = context.session().actor();
        byte[] bytes = payload == null ? m.payload() : payload.getBytes(StandardCharsets.UTF_8);
        status.set("Saving a new version of " + m.id() + "…");
        save("Edit", () -> letters().edit(m.queue(), m.id(), d.version(), bytes, newHeaders, reason.trim(), actor),
                version -> "Saved version " + version + " of message " + m.id() + ".");
    }

    /** The earlier version's payload against the current one, line by line, as the editor shows changes. */
    List<LineDiff.Line> diffAgainstCurrent(MessageVersion earlier) {
        DeadLetterDetail d = detail.detailProperty().get();
        if (d == null || earlier == null) {
            return List.of();
        }
        return LineDiff.diff(PayloadFormat.render(d.message().payload()).text(), PayloadFormat.render(earlier.payload()).text());
    }

    /**
     * Makes an earlier version current again after the operator confirms it, naming the version, who made it and
     * when. The revert is itself a new version, so the content it replaces stays in the history.
     */
    void revert(MessageVersion earlier) {
        DeadLetterDetail d = detail.detailProperty().get();
        if (d == null || earlier == null) {
            status.set("Select a dead letter and one of its earlier versions first.");
            return;
        }
        if (detail.isCurrent(earlier)) {
            status.set("Version " + earlier.version() + " is the current one already.");
            return;
        }
        Message m = d.message();
        Revert revert = new Revert(m.queue(), m.id(), earlier, d.version());
        if (!context.dialogs().confirm(new Confirmation(revert.question(), revert.action(), revert.whatHappens(ZoneId.systemDefault()),
                revert.reversibility(), "", 1, false, context.session().settings().environment().isProduction()))) {
            status.set("Not confirmed, so nothing was reverted.");
            return;
        }
        Actor actor = context.session().actor();
        status.set("Reverting message " + m.id() + " to version " + earlier.version() + "…");
        save("Revert", () -> letters().revert(m.queue(), m.id(), earlier.version(), d.version(), revert.reason(), actor),
                revert::summary);
    }

    private void save(String what, Callable<Integer> write, IntFunction<String> sentence) {
        DeadLetter letter = detail.shown();
        context.tasks().run(write, version -> {
            saved.saved(letter, sentence.apply(version));
            detail.reload();
        }, e -> {
            if (e instanceof EditConflictException conflict) {
                status.set(what + " conflict: nothing was saved; the message was read again.");
                context.dialogs().showError(what + " conflict", conflict.getMessage()
                        + ".\n\nNothing was saved. The message has been read again with the other edit: open the editor to edit version "
                        + conflict.currentVersion() + ".", null);
                detail.reload();
            } else if (e instanceof InvalidPayloadException || e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException) {
                refuse(what + " refused", e.getMessage());
                detail.reload();
            } else {
                failed.accept(what, e);
            }
        });
    }

    private void refuse(String title, String why) {
        status.set(title + ": " + why);
        context.dialogs().showError(title, why, null);
    }

    private DeadLetters letters() {
        return context.session().engine().deadLetters();
    }
}
