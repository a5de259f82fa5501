package io.redrive.engine;

import java.util.List;

/**
 * One page of a dead-letter list.
 *
 * @param cursor  pass to {@link DeadLetters#page(DeadLetterQuery, String)} for the next page; null at the end
 * @param scanned index entries read for this page (more than the page holds when a condition scans)
 * @param total   how many dead letters the query's indexes hold; with scanning conditions, an upper bound
 */
public record DeadLetterPage(List<DeadLetter> items, String cursor, long scanned, long total) {
    public boolean hasMore() {
        return cursor != null;
    }
}
