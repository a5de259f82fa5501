package io.redrive.console.operations;

import io.redrive.console.SessionContext;
import io.redrive.console.Words;
import io.redrive.engine.OperationRecord;
import io.redrive.engine.Operations;
import io.redrive.engine.ReplayOutcome;
import io.redrive.redis.RedisConnection;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Recent bulk operations on this installation, newest first, from any console or command line, with each
 * replay's outcome read again at every refresh until it settles. Reads run in the background; a refresh while
 * one is in flight is skipped.
 */
public final class OperationsViewModel {
    static final int LIMIT = 50;

    private final SessionContext context;
    private final ZoneId zone;
    private final ObservableList<OperationRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<OperationRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("");
    private boolean reading;

    public OperationsViewModel(SessionContext context) {
        this(context, ZoneId.systemDefault());
    }

    OperationsViewModel(SessionContext context, ZoneId zone) {
        this.context = context;
        this.zone = zone;
        selected.addListener((o, was, now) -> details.set(describe(now)));
    }

    public ObservableList<OperationRow> rows() { return rows; }
    /** The operation whose details show below the table. */
    public ObjectProperty<OperationRow> selectedProperty() { return selected; }
    /** What the last read found, or why it failed, in a sentence. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    /** The selected operation in full: the died-again groups of a replay. */
    public ReadOnlyStringProperty detailsProperty() { return details.getReadOnlyProperty(); }

    // Commands

    /** Reads the recent operations and the outcomes of unsettled replays again. */
    public void refresh() {
        if (reading) return;
        reading = true;
        Operations operations = context.session().engine().operations();
        context.tasks().run(() -> {
            List<OperationRow> read = new ArrayList<>();
            for (OperationRecord op : operations.recent(LIMIT)) {
                ReplayOutcome outcome = op.isReplay() ? operations.outcome(op.id()) : null;
                read.add(new OperationRow(op, outcome));
            }
            return read;
        }, read -> {
            reading = false;
            String keep = selected.get() == null ? null : selected.get().operation().id();
            rows.setAll(read);
            selected.set(read.stream().filter(r -> r.operation().id().equals(keep)).findFirst().orElse(null));
            status.set(read.isEmpty() ? "" : String.format("%,d operation%s in the last %d days, newest first.",
                    read.size(), read.size() == 1 ? "" : "s", Operations.KEPT_DAYS));
        }, e -> {
            reading = false;
            status.set("Could not read the operations: " + RedisConnection.describe(e));
        });
    }

    /** "14:05:32" today, with the date before. */
    public String time(Instant at) {
        return Words.time(at, Instant.now(), zone);
    }

    /** The operation in full, in sentences: who, when, what, where to, what arrived meanwhile, what became of it. */
    public String describe(OperationRow row) {
        if (row == null) {
            return "";
        }
        OperationRecord op = row.operation();
        StringBuilder text = new StringBuilder(String.format("%s by %s at %s: %s, to %s.", capitalised(op.action()), op.actor(),
                time(op.startedAt()), op.target(), op.destination().isEmpty() ? "—" : op.destination()));
        if (op.arrivedAfterPreview() > 0) {
            text.append(String.format("%n%,d dead letter%s arrived after the preview and %s not touched.", op.arrivedAfterPreview(),
                    op.arrivedAfterPreview() == 1 ? "" : "s", op.arrivedAfterPreview() == 1 ? "was" : "were"));
        }
        ReplayOutcome o = row.outcome();
        if (o != null) {
            text.append(String.format("%nOf the %,d replayed: %s.", o.replayed(), o.summary()));
            if (!o.settled()) {
                text.append(" Still followed: this updates as the consumers work.");
            }
            for (ReplayOutcome.GroupCount g : o.groups()) {
                String error = g.error().isEmpty() ? "an error no longer on record" : g.error();
                text.append(String.format("%n  %,d died again in queue %s, failure group %s: %s", g.count(), g.queue(),
                        g.fingerprint(), error));
            }
        }
        return text.toString();
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
