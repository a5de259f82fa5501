package io.redrive.console.deadletters;

import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterPage;
import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.DeadLetters;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Pages of {@value #PAGE_SIZE} through one query's dead letters, by number. A one-queue query jumps straight to
 * any page ({@link DeadLetters#pageAt}); across queues it pages with the engine's cursors, remembering the cursor
 * of every page boundary it has passed, and reaches the last page from the other end (the reverse order's first
 * page). Conditions checked row by row (a search) stream in short pages, reported to a listener, until a page
 * is full or the caller cancels. Blocking: call it off the UI thread.
 */
final class DeadLetterPager {
    static final int PAGE_SIZE = 100;
    /** Dead letters read per call while walking to a far page: the engine's largest page. */
    private static final int WALK_STEP = 10_000;

    /** One page and what is known about the whole list. */
    record Result(int index, List<DeadLetter> items, long total, boolean exact, boolean hasNext, long scanned) {
        /** Pages in the list: known only when the total is exact. */
        int pageCount() {
            return exact ? lastIndex(total) + 1 : -1;
        }
    }

    /** Told how far a page read got: index entries scanned, of how many. */
    @FunctionalInterface
    interface ScanListener {
        void scanned(long scanned, long total);
    }

    private final DeadLetters letters;
    private final DeadLetterQuery query;
    private final boolean singleQueue;
    private final boolean scans;
    /** The cursor that starts page N, for every page boundary passed; page 0 starts with no cursor. */
    private final Map<Integer, String> forward = new HashMap<>();
    /** The reverse order's cursor that yields page N (backwards), for pages reached from the end. */
    private final Map<Integer, String> backward = new HashMap<>();
    private long backwardTotal = -1;

    DeadLetterPager(DeadLetters letters, DeadLetterQuery query) {
        this.letters = letters;
        this.query = query.mutate().limit(PAGE_SIZE).build();
        this.singleQueue = query.queues().size() == 1;
        this.scans = scans(query);
        forward.put(0, null);
    }

    DeadLetterQuery query() {
        return query;
    }

    /** Whether the query checks rows one by one: its total is then an upper bound and it has no known last page. */
    boolean scans() {
        return scans;
    }

    /**
     * The rule of the engine's (package-private) {@code DeadLetterQuery.scans()}: error text, payload text, a
     * header or an attempts range are checked row by row, and so is any condition under the attempts order.
     */
    static boolean scans(DeadLetterQuery q) {
        return q.errorText() != null || q.payloadText() != null || q.headerName() != null || q.minAttempts() != null
                || q.maxAttempts() != null || (q.sort() == DeadLetterQuery.Sort.MOST_ATTEMPTS
                && (q.from() != null || q.to() != null || q.errorClass() != null || q.group() != null));
    }

    static int lastIndex(long total) {
        return total <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (total - 1) / PAGE_SIZE);
    }

    /** Page {@code index} (from 0); past the end of an exact list, its last page. */
    synchronized Result fetch(int index, ScanListener listener, BooleanSupplier cancelled) {
        return fetch(Math.max(0, index), listener, cancelled, true);
    }

    /** The last page; only for lists with an exact total (not a search). */
    synchronized Result fetchLast(ScanListener listener, BooleanSupplier cancelled) {
        if (scans) {
            throw new IllegalStateException("A search has no known last page: page on, or narrow the search");
        }
        long total = letters.count(query);
        int last = lastIndex(total);
        if (singleQueue || query.sort() == DeadLetterQuery.Sort.MOST_ATTEMPTS || last == 0) {
            return fetch(last, listener, cancelled, true);  // a jump, or (no reverse order to read) a walk
        }
        int size = (int) (total - (long) last * PAGE_SIZE);
        DeadLetterPage page = letters.page(reverse(size), null);
        backward.clear();
        backwardTotal = page.total();
        if (page.cursor() != null) {
            backward.put(last - 1, page.cursor());
        }
        return new Result(last, reversed(page.items()), page.total(), true, false, page.scanned());
    }

    private Result fetch(int index, ScanListener listener, BooleanSupplier cancelled, boolean mayRetreat) {
        if (singleQueue && !scans) {
            DeadLetterPage page = letters.pageAt(query, (long) index * PAGE_SIZE);
            int last = lastIndex(page.total());
            if (index > last) {
                index = last;
                page = letters.pageAt(query, (long) last * PAGE_SIZE);
            }
            return new Result(index, page.items(), page.total(), true, (long) (index + 1) * PAGE_SIZE < page.total(), page.scanned());
        }
        if (backwardTotal >= 0 && index == lastIndex(backwardTotal) && index > 0 && !forward.containsKey(index)) {
            return fetchLast(listener, cancelled);  // back to the last page after stepping back from it
        }
        if (backward.containsKey(index) && !forward.containsKey(index)) {
            Result fromEnd = fetchBackward(index);
            if (fromEnd != null) {
                return fromEnd;
            }
        }
        int from = 0;
        for (int known : forward.keySet()) {
            if (known <= index && known > from) {
                from = known;
            }
        }
        if (!scans && query.sort() != DeadLetterQuery.Sort.MOST_ATTEMPTS && index - from > 1) {
            long total = letters.count(query);
            int last = lastIndex(total);
            if (index <= last && last - index < index - from) {
                return walkBackward(index, total, listener, cancelled);  // nearer the end: come from there
            }
        }
        String cursor = forward.get(from);
        long skip = (long) (index - from) * PAGE_SIZE;
        long scanned = 0;
        long total = -1;
        while (skip > 0) {
            checkCancelled(cancelled);
            DeadLetterPage page = letters.page(query.mutate().limit((int) Math.min(WALK_STEP, skip)).build(), cursor);
            skip -= page.items().size();
            scanned += page.scanned();
            total = page.total();
            listener.scanned(scanned, total);
            if (page.cursor() == null) {
                if (skip == 0) {
                    return new Result(index, List.of(), total, !scans, false, scanned);  // the list ends on a page boundary
                }
                long before = (long) index * PAGE_SIZE - skip;
                int last = lastIndex(before);
                if (mayRetreat && last < index) {
                    return fetch(last, listener, cancelled, false);
                }
                return new Result(index, List.of(), total, !scans, false, scanned);
            }
            cursor = page.cursor();
            if (skip % PAGE_SIZE == 0) {
                forward.put(index - (int) (skip / PAGE_SIZE), cursor);
            }
        }
        List<DeadLetter> items = new ArrayList<>(PAGE_SIZE);
        boolean more;
        do {
            checkCancelled(cancelled);
            DeadLetterPage page = letters.page(query.mutate().limit(PAGE_SIZE - items.size()).build(), cursor);
            items.addAll(page.items());
            scanned += page.scanned();
            total = page.total();
            cursor = page.cursor();
            more = cursor != null;
            listener.scanned(scanned, total);
        } while (items.size() < PAGE_SIZE && more);
        if (more) {
            forward.put(index + 1, cursor);
        }
        if (items.isEmpty() && index > 0 && mayRetreat && !scans) {
            return fetch(lastIndex(total), listener, cancelled, false);
        }
        return new Result(index, List.copyOf(items), total, !scans, more, scanned);
    }

    /**
     * Page {@code index} read from the end: the reverse order walked in long steps to the page, which comes
     * back turned round. Leaves the reverse cursor of the page before it, for stepping back.
     */
    private Result walkBackward(int index, long total, ScanListener listener, BooleanSupplier cancelled) {
        long end = Math.min(total, (long) (index + 1) * PAGE_SIZE);
        long skip = total - end;
        int size = (int) (end - (long) index * PAGE_SIZE);
        String cursor = null;
        long scanned = 0;
        while (skip > 0) {
            checkCancelled(cancelled);
            DeadLetterPage page = letters.page(reverse((int) Math.min(WALK_STEP, skip)), cursor);
            skip -= page.items().size();
            scanned += page.scanned();
            listener.scanned(scanned, total);
            cursor = page.cursor();
            if (cursor == null) {
                return fetch(index, listener, cancelled, false);  // the list shrank meanwhile: read it forwards
            }
        }
        checkCancelled(cancelled);
        DeadLetterPage page = letters.page(reverse(size), cursor);
        backward.clear();
        backwardTotal = page.total();
        if (index > 0 && page.cursor() != null) {
            backward.put(index - 1, page.cursor());
        }
        return new Result(index, reversed(page.items()), page.total(), true, index < lastIndex(page.total()), scanned + page.scanned());
    }

    /** A page reached from the end; null when the list has changed size since (its pages have moved). */
    private Result fetchBackward(int index) {
        DeadLetterPage page = letters.page(reverse(PAGE_SIZE), backward.get(index));
        if (page.total() != backwardTotal) {
            backward.clear();
            return null;
        }
        if (index > 0 && page.cursor() != null) {
            backward.put(index - 1, page.cursor());
        }
        return new Result(index, reversed(page.items()), page.total(), true, index < lastIndex(page.total()), page.scanned());
    }

    private DeadLetterQuery reverse(int limit) {
        DeadLetterQuery.Sort other = query.sort() == DeadLetterQuery.Sort.NEWEST ? DeadLetterQuery.Sort.OLDEST : DeadLetterQuery.Sort.NEWEST;
        return query.mutate().sort(other).limit(limit).build();
    }

    private static List<DeadLetter> reversed(List<DeadLetter> items) {
        List<DeadLetter> copy = new ArrayList<>(items);
        Collections.reverse(copy);
        return List.copyOf(copy);
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("Cancelled");
        }
    }
}
