package io.redrive.console.deadletters;

import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterTarget;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rows selected in the table, and the message last edited here: an edit can make a message stop matching the
 * filters, so it stays selected and shown (and the status says where it went) until the operator moves on.
 */
final class RowSelection {
    final ObservableList<DeadLetter> rows = FXCollections.observableArrayList();
    private final StringProperty status;

    // Touched on the UI thread only.
    /** The message last edited here: kept selected and shown when a page read again no longer holds it. */
    private DeadLetter edited;
    /** Set by a successful edit until the page read after it says where the edited message is. */
    private String savedSentence;

    RowSelection(StringProperty status) {
        this.status = status;
    }

    /** A new version of this message was saved, as the sentence says. */
    void saved(DeadLetter letter, String sentence) {
        savedSentence = sentence;
        status.set(sentence);
        edited = letter;
    }

    /** The operator moved on (another page, other filters): the edited message need not stay. */
    void forgetEdited() {
        edited = null;
    }

    void set(List<DeadLetter> selected) {
        rows.setAll(selected.stream().filter(Objects::nonNull).toList());
        if (edited != null && rows.stream().noneMatch(d -> same(d, edited))) {
            edited = null;  // the operator moved on
        }
    }

    /** After a page was read again: true when the edited message stays selected though the page lost it. */
    boolean keepEdited(List<DeadLetter> onPage) {
        if (onPage.isEmpty() && edited != null) {
            rows.setAll(edited);
            return true;
        }
        return false;
    }

    /** After a page is shown: where the message saved by an edit went, said once. */
    void pageShown(List<DeadLetter> onPage) {
        if (savedSentence != null && edited != null) {
            boolean here = onPage.stream().anyMatch(l -> same(l, edited));
            status.set(savedSentence + (here ? "" : " It is not on this page any more (it no longer matches the filters, "
                    + "or moved to another page); it stays shown below until you select another."));
        }
        savedSentence = null;
    }

    /** The selected rows as one target per queue. */
    List<DeadLetterTarget> targets() {
        List<DeadLetterTarget> targets = new ArrayList<>();
        idsByQueue().forEach((queue, ids) -> targets.add(DeadLetterTarget.ids(queue, ids)));
        return targets;
    }

    Map<String, List<String>> idsByQueue() {
        Map<String, List<String>> byQueue = new LinkedHashMap<>();
        for (DeadLetter d : rows) {
            byQueue.computeIfAbsent(d.queue(), q -> new ArrayList<>()).add(d.id());
        }
        return byQueue;
    }

    private static boolean same(DeadLetter a, DeadLetter b) {
        return a.queue().equals(b.queue()) && a.id().equals(b.id());
    }
}
