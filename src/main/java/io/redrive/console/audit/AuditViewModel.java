package io.redrive.console.audit;

import java.util.Arrays;
import io.redrive.ops.AuditAction;
import io.redrive.console.SessionContext;
import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditLog;
import io.redrive.ops.AuditQuery;
import io.redrive.redis.RedisConnection;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The audit log, newest first, filtered by action, actor, text and a range of days, a page at a time ("load
 * more" reads the next), and exported whole to a JSON Lines file. Reads run in the background; a read that a
 * newer one overtook is dropped.
 */
public final class AuditViewModel {
    static final int DEFAULT_PAGE_SIZE = 100;
    /** Every action the engine, the cache helper and the console record, offered before any entry shows others. */
    static final List<String> KNOWN_ACTIONS = Arrays.stream(AuditAction.values()).map(AuditAction::stored).toList();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final SessionContext context;
    private final int pageSize;
    private final ZoneId zone;

    // Filters: what the operator edits
    private final StringProperty actor = new SimpleStringProperty("");
    private final StringProperty text = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> since = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> until = new SimpleObjectProperty<>();

    private final ObservableList<AuditEntry> entries = FXCollections.observableArrayList();
    private final ObservableList<String> actions = FXCollections.observableArrayList(KNOWN_ACTIONS);
    private final ObservableList<String> chosenActions = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper();
    private final ReadOnlyLongWrapper exported = new ReadOnlyLongWrapper();
    private final ReadOnlyStringWrapper exportStatus = new ReadOnlyStringWrapper("");
    private final AtomicBoolean cancelExport = new AtomicBoolean();
    private int readRun;

    public AuditViewModel(SessionContext context) {
        this(context, DEFAULT_PAGE_SIZE, ZoneId.systemDefault());
    }

    AuditViewModel(SessionContext context, int pageSize, ZoneId zone) {
        this.context = context;
        this.pageSize = pageSize;
        this.zone = zone;
    }

    /** The actions to show ({@code replay}, {@code kill}...), any of them; empty for every action. */
    public ObservableList<String> chosenActions() { return chosenActions; }
    /** Entries whose actor contains this, or empty for all. */
    public StringProperty actorProperty() { return actor; }
    /** Entries whose target, outcome or a detail contains this, or empty for all. */
    public StringProperty textProperty() { return text; }
    /** The first day shown (local time), or null for no limit. */
    public ObjectProperty<LocalDate> sinceProperty() { return since; }
    /** The last day shown (local time), or null for no limit. */
    public ObjectProperty<LocalDate> untilProperty() { return until; }
    public ObservableList<AuditEntry> entries() { return entries; }
    /** The actions to offer in the filter: the known ones and any the log showed. */
    public ObservableList<String> actions() { return actions; }
    /** Whether older matching entries may follow the ones shown. */
    public ReadOnlyBooleanProperty hasMoreProperty() { return hasMore.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }
    /** "100 entries, newest first; more below". */
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty exportingProperty() { return exporting.getReadOnlyProperty(); }
    /** How many entries the running export has written. */
    public ReadOnlyLongProperty exportedProperty() { return exported.getReadOnlyProperty(); }
    public ReadOnlyStringProperty exportStatusProperty() { return exportStatus.getReadOnlyProperty(); }

    // Commands

    /** Reads the first page of entries that match the filters, replacing those shown. */
    public void refresh() {
        AuditQuery query = query();
        if (query == null) {
            return;
        }
        read(query, false);
    }

    /** Reads the next page of older matching entries and adds it below. */
    public void loadMore() {
        if (!hasMore.get() || loading.get() || entries.isEmpty()) {
            return;
        }
        AuditQuery query = query();
        if (query == null) {
            return;
        }
        read(query.mutate().before(entries.get(entries.size() - 1).id()).build(), true);
    }

    /** Clears every filter and reads again. */
    public void clearFilters() {
        chosenActions.clear();
        actor.set("");
        text.set("");
        since.set(null);
        until.set(null);
        refresh();
    }

    /** Writes every entry matching the filters to {@code file} as JSON Lines, newest first, in the background. */
    public void export(Path file) {
        AuditQuery query = query();
        if (query == null || exporting.get()) {
            return;
        }
        cancelExport.set(false);
        exporting.set(true);
        exported.set(0);
        exportStatus.set("Exporting to " + file.getFileName() + "…");
        AuditLog audit = context.session().engine().audit();
        context.tasks().run(() -> {
            try (OutputStream out = new CountingLines(Files.newOutputStream(file), file.getFileName().toString())) {
                return audit.export(query, out);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);  // half a file would pass for the whole log
                throw e;
            }
        }, n -> {
            exporting.set(false);
            exported.set(n);
            exportStatus.set("Exported " + entriesWord(n) + " to " + file + ".");
        }, e -> {
            exporting.set(false);
            exportStatus.set(e instanceof InterruptedIOException ? "Export cancelled; no file was left behind."
                    : "Export failed: " + RedisConnection.describe(e));
        });
    }

    /** Stops a running export; the partial file is deleted. */
    public void cancelExport() {
        cancelExport.set(true);
    }

    /** Shows one entry whole, as the JSON an export writes. */
    public void show(AuditEntry entry) {
        if (entry != null) {
            context.dialogs().showInfo("Audit entry " + entry.id(), entry.toJson());
        }
    }

    // Reading

    private void read(AuditQuery query, boolean append) {
        int run = ++readRun;
        loading.set(true);
        AuditLog audit = context.session().engine().audit();
        context.tasks().run(() -> audit.list(query), page -> {
            if (run != readRun) {
                return;
            }
            loading.set(false);
            error.set("");
            if (append) entries.addAll(page); else entries.setAll(page);
            hasMore.set(page.size() == query.limit());
            TreeSet<String> seen = new TreeSet<>(actions);
            page.forEach(e -> seen.add(e.action()));
            if (seen.size() != actions.size()) {
                actions.setAll(seen);
            }
            summary.set(entries.isEmpty() ? "No entry matches." : entriesWord(entries.size()) + ", newest first"
                    + (hasMore.get() ? "; more below" : ""));
        }, e -> {
            if (run == readRun) {
                loading.set(false);
                error.set(RedisConnection.describe(e));
            }
        });
    }

    /** The filters as a query; null (and the reason in {@link #errorProperty()}) when they contradict. */
    AuditQuery query() {
        Instant from = since.get() == null ? null : since.get().atStartOfDay(zone).toInstant();
        Instant to = until.get() == null ? null : until.get().plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1);
        if (from != null && to != null && from.isAfter(to)) {
            error.set("The first day (" + since.get() + ") is after the last (" + until.get() + ").");
            return null;
        }
        return AuditQuery.builder().actions(chosenActions).actor(actor.get()).text(text.get()).from(from).to(to)
                .limit(pageSize).build();
    }

    // How entries read in the table

    /** The entry's time in local time: "2026-11-25 13:04:31". */
    public String time(AuditEntry entry) {
        return TIME.format(entry.at().atZone(zone));
    }

    /** The details as "key=value, key=value". */
    public static String details(AuditEntry entry) {
        return entry.details().entrySet().stream().map(d -> d.getKey() + "=" + d.getValue()).collect(Collectors.joining(", "));
    }

    /** Whether the entry records a failure (its outcome starts "failed" or "partial"). */
    public static boolean failed(AuditEntry entry) {
        String outcome = entry.outcome().toLowerCase(Locale.ROOT);
        return outcome.startsWith("failed") || outcome.startsWith("partial");
    }

    private static String entriesWord(long n) {
        return n == 1 ? "1 entry" : n + " entries";
    }

    /** Counts the lines an export writes, and stops it when the operator cancels. */
    private final class CountingLines extends FilterOutputStream {
        private final String name;
        private long lines;

        CountingLines(OutputStream out, String name) {
            super(new BufferedOutputStream(out, 1 << 16));
            this.name = name;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            if (b == '\n') {
                counted();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    counted();
                }
            }
        }

        private void counted() throws IOException {
            lines++;
            if (cancelExport.get()) {
                throw new InterruptedIOException("cancelled after " + lines + " entries");
            }
            if (lines % 500 == 0) {
                long n = lines;
                context.tasks().ui().execute(() -> {
                    exported.set(n);
                    exportStatus.set("Exporting to " + name + "… " + entriesWord(n) + " so far");
                });
            }
        }
    }
}
