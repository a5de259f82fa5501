package io.redrive.cli;

import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterPage;
import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Lists dead letters, newest first by default, a page at a time. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List dead letters: when they died, where, how often they were tried and replayed, and the last "
                + "error. The next page's cursor and the count are printed at the end (on stderr for the table).")
final class DlqListCommand extends DlqSubcommand {
    /** A page of the engine holds at most this many; longer lists are fetched as several pages. */
    private static final int MAX_PAGE = 10_000;
    private static final int MAX_ERROR = 80;

    @Mixin
    DeadLetterFilters filters;

    @Option(names = "--sort", paramLabel = "ORDER", defaultValue = "newest", converter = SortConverter.class,
            description = "newest (default), oldest or attempts (most attempts first)")
    DeadLetterQuery.Sort sort;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Show at most N (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Go on from where a previous list stopped")
    String cursor;

    @Override
    int run() {
        if (limit < 1) {
            throw usage("--limit must be at least 1, got " + limit);
        }
        DeadLetterQuery.Builder query = filters.query(spec, options().clock()).sort(sort);
        try (Engine engine = connect()) {
            requireQueues(engine, filters.queues);
            Listing listing = fetch(engine.deadLetters(), query);
            if (json) {
                Map<String, Object> page = new LinkedHashMap<>();
                page.put("items", DlqJson.deadLetters(listing.items()));
                page.put("count", listing.items().size());
                page.put("total", listing.total());
                page.put("scanned", listing.scanned());
                page.put("cursor", listing.cursor());
                printJson(page);
            } else {
                print(listing);
            }
        }
        return 0;
    }

    private record Listing(List<DeadLetter> items, String cursor, long scanned, long total) { }

    /**
     * Pages until the limit is filled or the list ends. A page comes back short, with a cursor, when the engine
     * stopped a row-by-row scan at its budget: that is when progress shows.
     */
    private Listing fetch(DeadLetters letters, DeadLetterQuery.Builder query) {
        List<DeadLetter> items = new ArrayList<>();
        String next = cursor;
        long scanned = 0;
        long total = 0;
        boolean progressShown = false;
        while (true) {
            int want = Math.min(MAX_PAGE, limit - items.size());
            DeadLetterPage page = letters.page(query.limit(want).build(), next);
            items.addAll(page.items());
            next = page.cursor();
            scanned += page.scanned();
            total = page.total();
            if (next == null || items.size() >= limit) {
                break;
            }
            err().printf("\rscanned %s of %s", Display.count(scanned), Display.count(total));
            err().flush();
            progressShown = true;
        }
        if (progressShown) {
            err().println();
        }
        return new Listing(items, next, scanned, total);
    }

    private void print(Listing listing) {
        PrintWriter out = out();
        if (listing.items().isEmpty()) {
            out.println("No dead letters match.");
        } else {
            TextTable table = new TextTable("DIED", "QUEUE", "ID", "ATTEMPTS", "REPLAYS", "ERROR").alignRight(3, 4);
            for (DeadLetter d : listing.items()) {
                table.add(Display.localTime(d.deadAt()), d.queue(), d.id(), d.attempts(), d.replays(),
                        Display.cut(d.lastError(), MAX_ERROR));
            }
            table.print(out);
        }
        out.flush();
        String shown = Display.count(listing.items().size()) + " of about "
                + Display.count(listing.total(), "dead letter", "dead letters");
        err().println(listing.cursor() == null ? shown + "; no more pages."
                : shown + "; next page: --cursor '" + listing.cursor() + "'");
    }

    /** The orders as people type them. */
    static final class SortConverter implements ITypeConverter<DeadLetterQuery.Sort> {
        @Override
        public DeadLetterQuery.Sort convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "newest" -> DeadLetterQuery.Sort.NEWEST;
                case "oldest" -> DeadLetterQuery.Sort.OLDEST;
                case "attempts", "most-attempts" -> DeadLetterQuery.Sort.MOST_ATTEMPTS;
                default -> throw new TypeConversionException("expected newest, oldest or attempts, got '" + value + "'");
            };
        }
    }
}
