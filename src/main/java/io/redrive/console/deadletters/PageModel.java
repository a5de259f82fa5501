package io.redrive.console.deadletters;

import io.redrive.console.Coalescer;
import io.redrive.console.SessionContext;
import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.DeadLetters;
import io.redrive.redis.RedisConnection;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The dead-letter table's list: the page shown, where it is in the whole list, and the progress of a read that
 * scans rows. Reads run off the UI thread; a newer read cancels an older one. The view model exposes this state
 * read-only and says when to read.
 */
final class PageModel {
    private final SessionContext context;
    private final ReadOnlyStringWrapper status;
    private final ReadOnlyBooleanProperty trashMode;
    /** Told the rows of each page read (not the trash), after they are shown. */
    private final Consumer<List<DeadLetter>> onShown;
    final ObservableList<DeadLetter> items = FXCollections.observableArrayList();
    final ReadOnlyIntegerWrapper pageIndex = new ReadOnlyIntegerWrapper();
    final ReadOnlyIntegerWrapper pageCount = new ReadOnlyIntegerWrapper(1);
    final ReadOnlyStringWrapper pageLabel = new ReadOnlyStringWrapper("");
    final ReadOnlyStringWrapper totalLabel = new ReadOnlyStringWrapper("");
    final ReadOnlyLongWrapper total = new ReadOnlyLongWrapper();
    final ReadOnlyBooleanWrapper canPrevious = new ReadOnlyBooleanWrapper();
    final ReadOnlyBooleanWrapper canNext = new ReadOnlyBooleanWrapper();
    final ReadOnlyBooleanWrapper canLast = new ReadOnlyBooleanWrapper();
    final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    final ReadOnlyBooleanWrapper scanning = new ReadOnlyBooleanWrapper();
    final ReadOnlyStringWrapper scanLabel = new ReadOnlyStringWrapper("");
    final ReadOnlyDoubleWrapper scanProgress = new ReadOnlyDoubleWrapper(-1);

    // Touched on the UI thread only.
    private DeadLetterPager pager;
    private Load currentLoad;
    /** When the list shown was read; null until the first read. */
    private Instant readAt;

    /** One page read; a newer read or the cancel button sets its flag, and the pager stops between engine calls. */
    private static final class Load {
        final AtomicBoolean cancelled = new AtomicBoolean();
        volatile long scanned;
        volatile long of;
    }

    PageModel(SessionContext context, ReadOnlyStringWrapper status, ReadOnlyBooleanProperty trashMode,
              Consumer<List<DeadLetter>> onShown) {
        this.context = context;
        this.status = status;
        this.trashMode = trashMode;
        this.onShown = onShown;
    }

    /** The query listed; null before the first. */
    DeadLetterQuery query() {
        return pager == null ? null : pager.query();
    }

    /** Lists {@code query} from now on (read nothing yet). */
    void list(DeadLetterQuery query) {
        pager = new DeadLetterPager(letters(), query);
    }

    boolean listing() {
        return pager != null;
    }

    Instant readAt() {
        return readAt;
    }

    /** Stops a search (or a long jump) where it is; the page shown stays. */
    void cancelScan() {
        if (currentLoad != null) {
            currentLoad.cancelled.set(true);
        }
    }

    /** Reads page {@code index} (or the last page) of the list, cancelling a read still running. */
    void load(int index, boolean last) {
        if (pager == null || trashMode.get()) {
            return;
        }
        if (currentLoad != null) {
            currentLoad.cancelled.set(true);
        }
        Load load = new Load();
        currentLoad = load;
        DeadLetterPager from = pager;
        loading.set(true);
        Coalescer<Load> progress = Coalescer.latest(context.tasks().ui(), l -> {
            if (l == currentLoad && l.scanned > DeadLetterPager.PAGE_SIZE) {
                scanning.set(true);
                scanLabel.set(String.format("Scanned %,d of %,d%s", l.scanned, l.of, from.scans() ? " (searching row by row)" : ""));
                scanProgress.set(l.of > 0 ? Math.min(1, (double) l.scanned / l.of) : -1);
            }
        });
        DeadLetterPager.ScanListener listener = (scanned, of) -> {
            load.scanned = scanned;
            load.of = of;
            progress.post(load);
        };
        context.tasks().run(() -> last ? from.fetchLast(listener, load.cancelled::get)
                        : from.fetch(index, listener, load.cancelled::get),
                result -> {
                    if (load != currentLoad) return;
                    endLoad();
                    show(result);
                }, e -> {
                    if (load != currentLoad) return;
                    endLoad();
                    if (e instanceof CancellationException) {
                        status.set(String.format("Search cancelled after scanning %,d of %,d; the page shown is unchanged.", load.scanned, load.of));
                    } else {
                        status.set("Could not read the dead letters: " + RedisConnection.describe(e));
                    }
                });
    }

    private void endLoad() {
        loading.set(false);
        scanning.set(false);
        scanLabel.set("");
        scanProgress.set(-1);
    }

    private void show(DeadLetterPager.Result r) {
        readAt = context.session().engine().options().clock().instant();
        items.setAll(r.items());
        onShown.accept(r.items());
        pageIndex.set(r.index());
        pageCount.set(r.pageCount());
        total.set(r.total());
        if (r.exact()) {
            pageLabel.set(String.format("Page %,d of %,d", r.index() + 1, r.pageCount()));
            totalLabel.set(String.format("%,d dead letter%s", r.total(), r.total() == 1 ? "" : "s"));
        } else {
            pageLabel.set(String.format("Page %,d%s", r.index() + 1, r.hasNext() ? "" : " (last)"));
            totalLabel.set(String.format("searching up to %,d dead letters", r.total()));
        }
        canPrevious.set(r.index() > 0);
        canNext.set(r.hasNext());
        canLast.set(r.exact() && r.index() < r.pageCount() - 1);
    }

    /** Reads the trash of {@code queue} (null: of every queue) as one page. */
    void loadTrash(String queue) {
        if (currentLoad != null) {
            currentLoad.cancelled.set(true);
            currentLoad = null;
        }
        loading.set(true);
        record Trash(List<DeadLetter> items, long count) { }
        context.tasks().run(() -> {
            List<DeadLetter> found = new ArrayList<>();
            long count = 0;
            for (String q : queue == null ? context.session().engine().queueNames() : List.of(queue)) {
                count += letters().trashCount(q);
                found.addAll(letters().trash(q, DeadLetterPager.PAGE_SIZE));
            }
            return new Trash(found, count);
        }, trash -> {
            loading.set(false);
            if (!trashMode.get()) return;
            readAt = context.session().engine().options().clock().instant();
            items.setAll(trash.items());
            pageIndex.set(0);
            pageCount.set(1);
            total.set(trash.count());
            pageLabel.set("Trash");
            totalLabel.set(String.format("%,d purged dead letter%s%s", trash.count(), trash.count() == 1 ? "" : "s",
                    trash.count() > trash.items().size() ? String.format(" (the %,d most recently purged shown)", trash.items().size()) : ""));
            canPrevious.set(false);
            canNext.set(false);
            canLast.set(false);
        }, e -> {
            loading.set(false);
            status.set("Could not read the trash: " + RedisConnection.describe(e));
        });
    }

    private DeadLetters letters() {
        return context.session().engine().deadLetters();
    }
}
