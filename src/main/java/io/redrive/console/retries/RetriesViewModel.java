package io.redrive.console.retries;

import io.redrive.console.Confirmation;
import io.redrive.console.ConnectionState;
import io.redrive.console.SessionContext;
import io.redrive.console.Words;
import io.redrive.engine.Engine;
import io.redrive.engine.Retries;
import io.redrive.engine.RetryChange;
import io.redrive.engine.Retries.ScheduledMessage;
import io.redrive.redis.RedisConnection;
import java.time.temporal.ChronoUnit;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The messages of one queue that wait for a retry, a page at a time, soonest due first; and the two things an
 * operator does to them: retry now (due at once) and kill (dead-letter at once). {@link #refresh()} reads in the
 * background and changes rows in place. Every change asks first, with the count typed on production.
 */
public final class RetriesViewModel {
    static final int DEFAULT_PAGE_SIZE = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final SessionContext context;
    private final int pageSize;
    private final ZoneId zone;
    private final ObservableList<String> queues = FXCollections.observableArrayList();
    private final StringProperty queue = new SimpleStringProperty();
    private final ObservableList<ScheduledRow> rows = FXCollections.observableArrayList();
    private final Map<String, ScheduledRow> byId = new HashMap<>();
    private final ObservableList<ScheduledRow> selected = FXCollections.observableArrayList();
    private final ReadOnlyLongWrapper total = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper offset = new ReadOnlyLongWrapper();
    private final ReadOnlyStringWrapper page = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper hasPrevious = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper hasNext = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canAct = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper updated = new ReadOnlyStringWrapper("");
    private boolean refreshing;
    /** The error shown is a failed read, which the next good read clears (a failed action's error stays). */
    private boolean readFailed;
    /** True while a refresh writes the queue it chose, so that the write is not taken for the operator's choice. */
    private boolean choosing;

    public RetriesViewModel(SessionContext context) {
        this(context, DEFAULT_PAGE_SIZE, ZoneId.systemDefault());
    }

    RetriesViewModel(SessionContext context, int pageSize, ZoneId zone) {
        this.context = context;
        this.pageSize = pageSize;
        this.zone = zone;
        var connected = context.connection().connectedProperty();  // nothing to act on while Redis is away
        canAct.bind(Bindings.createBooleanBinding(() -> connected.get() && !busy.get() && !selected.isEmpty(),
                connected, busy, selected));
        queue.addListener((o, was, now) -> {
            if (!choosing && !Objects.equals(was, now)) {
                offset.set(0);
                selected.clear();
                refresh();
            }
        });
    }

    public ObservableList<String> queues() { return queues; }
    /** The queue shown; the operator picks it, or the first refresh picks one with messages waiting. */
    public StringProperty queueProperty() { return queue; }
    public ObservableList<ScheduledRow> rows() { return rows; }
    /**
     * The rows the operator selected. The view reports the table's selection through {@link #select}, and makes
     * the table follow when a refresh drops selected rows that are gone, so an action never falls on a row
     * nobody picked.
     */
    public ObservableList<ScheduledRow> selected() { return selected; }
    /** How many messages of the queue wait for a retry. */
    public ReadOnlyLongProperty totalProperty() { return total.getReadOnlyProperty(); }
    public ReadOnlyLongProperty offsetProperty() { return offset.getReadOnlyProperty(); }
    /** "1–50 of 120". */
    public ReadOnlyStringProperty pageProperty() { return page.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty hasPreviousProperty() { return hasPrevious.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty hasNextProperty() { return hasNext.getReadOnlyProperty(); }
    /** Whether Retry now and Kill can run: a writable connection that answers, rows selected, nothing else running. */
    public ReadOnlyBooleanProperty canActProperty() { return canAct.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    /** How the last action ended. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    /** The last failure in plain words; empty when the last read worked. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    /** When the table was last read. */
    public ReadOnlyStringProperty updatedProperty() { return updated.getReadOnlyProperty(); }
    /** This connection's context: whether it may write, for the write controls. */
    public SessionContext context() { return context; }
    /** Whether Redis answers: the actions wait for it. */
    public ConnectionState connection() { return context.connection(); }

    // Commands

    /** Keeps the selection in step with the table's. */
    public void select(List<ScheduledRow> rowsSelected) {
        selected.setAll(rowsSelected);
    }

    /** Reads the queues and the current page in the background; a read still running makes this one a no-op. */
    public void refresh() {
        if (refreshing) {
            return;
        }
        refreshing = true;
        String wanted = queue.get();
        long from = offset.get();
        context.tasks().run(() -> read(wanted, from), snapshot -> {
            refreshing = false;
            if (!Objects.equals(wanted, queue.get()) || from != offset.get()) {
                refresh();  // the operator moved on while this read ran
                return;
            }
            apply(snapshot);
        }, e -> {
            refreshing = false;
            readFailed = true;
            error.set(RedisConnection.describe(e));
        });
    }

    public void nextPage() {
        if (hasNext.get()) {
            offset.set(offset.get() + pageSize);
            refresh();
        }
    }

    public void previousPage() {
        if (hasPrevious.get()) {
            offset.set(Math.max(0, offset.get() - pageSize));
            refresh();
        }
    }

    /** Makes the selected messages due now, once the operator confirms. */
    public void retryNow() {
        act("Retry now", RetryChange.RETRY_NOW, (retries, ids) -> retries.retryNow(queue.get(), ids, context.session().actor()));
    }

    /** Dead-letters the selected messages now, without their remaining attempts, once the operator confirms. */
    public void kill() {
        act("Kill", RetryChange.KILL, (retries, ids) -> retries.kill(queue.get(), ids, context.session().actor()));
    }

    private void act(String title, RetryChange change, BiFunction<Retries, List<String>, Long> action) {
        if (busy.get() || selected.isEmpty()) {
            return;
        }
        List<String> ids = selected.stream().map(ScheduledRow::id).toList();
        long n = ids.size();
        boolean yes = context.dialogs().confirm(new Confirmation(change.question(n), change.action(n),
                change.whatHappens(n, queue.get()), change.reversibility(), "", n, change.destructive(),
                context.session().settings().environment().isProduction()));
        if (!yes) {
            return;
        }
        busy.set(true);
        Retries retries = context.session().engine().retries();
        context.tasks().run(() -> action.apply(retries, ids), done -> {
            busy.set(false);
            error.set("");
            status.set(change.summary(done, n));
            refresh();
        }, e -> {
            busy.set(false);
            status.set("");
            error.set(title + " failed: " + RedisConnection.describe(e));
            refresh();
        });
    }

    private record Snapshot(List<String> queues, String queue, long total, long offset, List<ScheduledMessage> page, Instant now) { }

    private Snapshot read(String wanted, long from) {
        Engine engine = context.session().engine();
        Retries retries = engine.retries();
        List<String> names = engine.queueNames();
        String shown = wanted != null && names.contains(wanted) ? wanted : null;
        if (shown == null && !names.isEmpty()) {
            // a first look goes to a queue with messages waiting, if there is one
            shown = names.stream().filter(n -> retries.count(n) > 0).findFirst().orElse(names.get(0));
        }
        if (shown == null) {
            return new Snapshot(names, null, 0, 0, List.of(), engine.options().clock().instant());
        }
        long count = retries.count(shown);
        long start = from < count || count == 0 ? from : (count - 1) / pageSize * pageSize;
        return new Snapshot(names, shown, count, start, retries.list(shown, start, pageSize), engine.options().clock().instant());
    }

    private void apply(Snapshot s) {
        if (readFailed) {
            readFailed = false;
            error.set("");
        }
        if (!queues.equals(s.queues())) {
            queues.setAll(s.queues());
        }
        if (!Objects.equals(queue.get(), s.queue())) {
            choosing = true;
            queue.set(s.queue());
            choosing = false;
        }
        offset.set(s.offset());
        total.set(s.total());
        List<ScheduledRow> wanted = new ArrayList<>(s.page().size());
        for (ScheduledMessage m : s.page()) {
            ScheduledRow row = byId.computeIfAbsent(m.id(), ScheduledRow::new);
            row.nextAttemptAt.set(m.nextAttemptAt());
            row.nextAttempt.set(countdown(m.nextAttemptAt(), s.now()));
            row.attempts.set(m.attempts());
            row.lastError.set(m.lastError() == null ? "" : m.lastError());
            row.enqueued.set(m.enqueuedAt() == null ? "" : DAY_AND_TIME.format(m.enqueuedAt().atZone(zone)));
            wanted.add(row);
        }
        reconcile(wanted);
        long shownTo = s.offset() + wanted.size();
        page.set(s.total() == 0 ? "" : (s.offset() + 1) + "–" + shownTo + " of " + s.total());
        hasPrevious.set(s.offset() > 0);
        hasNext.set(s.offset() + pageSize < s.total());
        updated.set("Updated " + TIME.format(LocalDateTime.now(zone)));
    }

    /** Changes the table to these rows with as few list changes as it takes, so that nothing flickers. */
    private void reconcile(List<ScheduledRow> wanted) {
        Set<ScheduledRow> keep = new HashSet<>(wanted);
        // taken first: a table moves its selection to a neighbour when selected rows go, and reports that back
        List<ScheduledRow> stillSelected = selected.stream().filter(keep::contains).toList();
        rows.removeIf(r -> !keep.contains(r));
        byId.values().removeIf(r -> !keep.contains(r));
        for (int i = 0; i < wanted.size(); i++) {
            ScheduledRow row = wanted.get(i);
            if (i < rows.size() && rows.get(i) == row) {
                continue;
            }
            rows.remove(row);
            rows.add(i, row);
        }
        selected.setAll(stillSelected);
    }

    /** "in 59 min · 13:04:31", "due now", or the date too when it is not today. */
    String countdown(Instant at, Instant now) {
        if (at == null) {
            return "";
        }
        Duration left = Duration.between(now, at);
        LocalDateTime local = LocalDateTime.ofInstant(at, zone);
        String clock = local.toLocalDate().equals(LocalDate.ofInstant(now, zone)) ? TIME.format(local) : DAY_AND_TIME.format(local);
        if (left.isNegative() || left.isZero()) {
            return "due now · " + clock;
        }
        // a countdown reads in whole minutes once it is a minute or more
        return "in " + Words.duration(left.toSeconds() < 60 ? left : left.truncatedTo(ChronoUnit.MINUTES)) + " · " + clock;
    }
}
