package io.redrive.cli;

import io.redrive.ops.AuditAction;
import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditQuery;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.FilterText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** Lists, filters and exports the audit log of operator actions. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Show the audit log of operator actions (replay, edit, purge, restore, import, retry-now, "
                + "kill, policy changes, cache settings and invalidation, the worker switch), newest first.")
final class AuditCommand implements Callable<Integer> {
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int MAX_ACTOR = 32;
    private static final int MAX_TARGET = 60;

    @Spec
    CommandSpec spec;

    @Mixin
    RedisOptions redis;

    @Option(names = "--action", paramLabel = "ACTION", split = ",",
            description = "Only these actions, such as replay, purge or cache-invalidate; repeat it or separate "
                    + "several with commas (--action replay,purge)")
    List<String> actions = List.of();

    @Option(names = "--actor", paramLabel = "TEXT", description = "Only actors whose name contains this")
    String actor;

    @Option(names = "--text", paramLabel = "TEXT",
            description = "Only entries whose target, outcome or details contain this (a queue, a group, an id)")
    String text;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only entries at or after WHEN: an ISO-8601 instant (2026-11-25T12:00:00Z) or a time ago "
                    + "(30m, 2h, 7d)")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Only entries at or before WHEN, as for --since")
    String until;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "Show at most N entries (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--before", paramLabel = "ID", description = "Only entries older than the one with this id (the next page)")
    String before;

    @Option(names = "--json", description = "Print one JSON object per line instead of a table")
    boolean json;

    @Option(names = "--export", paramLabel = "FILE",
            description = "Write every matching entry (not just --limit) to FILE as JSON Lines")
    Path export;

    @Override
    public Integer call() {
        EngineOptions options = redis.engineOptions().upkeep(false).build();
        // parse before connecting, so a mistyped time fails without waiting on Redis
        AuditQuery query = AuditQuery.builder()
                .actions(actions.stream().map(name -> knownAction(name).stored()).toList())
                .actor(actor).text(text)
                .from(time("--since", since, options.clock())).to(time("--until", until, options.clock()))
                .limit(limit).before(before).build();
        PrintWriter out = spec.commandLine().getOut();
        try (Engine engine = Engine.connect(options)) {
            if (export != null) {
                long written = exportTo(engine, query);
                out.printf("Exported %d audit entries to %s%n", written, Display.oneLine(String.valueOf(export)));
            } else if (json) {
                engine.audit().list(query).forEach(entry -> out.println(entry.toJson()));
            } else {
                printTable(out, engine.audit().list(query), query);
            }
        }
        out.flush();
        return 0;
    }

    /** The action typed after --action; a name nothing records fails with the list of those that are. */
    private static AuditAction knownAction(String name) {
        return AuditAction.fromStored(name).orElseThrow(() -> new IllegalArgumentException("--action: nothing records '"
                + Display.oneLine(name) + "'. " + AuditAction.sentenceListingAll()));
    }

    private long exportTo(Engine engine, AuditQuery query) {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(export))) {
            return engine.audit().export(query, file);
        } catch (IOException e) {
            throw new IllegalStateException("Could not write the export to " + export + ": " + reason(e), e);
        }
    }

    private static void printTable(PrintWriter out, List<AuditEntry> entries, AuditQuery query) {
        if (entries.isEmpty()) {
            out.println("No audit entries match.");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TIME", "ACTOR", "ACTION", "TARGET", "COUNT", "OUTCOME"});
        ZoneId zone = ZoneId.systemDefault();
        for (AuditEntry e : entries) {
            rows.add(new String[] {LOCAL_TIME.format(e.at().atZone(zone)), Display.cut(e.actor(), MAX_ACTOR), Display.oneLine(e.action()),
                    Display.cut(e.target(), MAX_TARGET), Long.toString(e.count()), Display.oneLine(e.outcome())});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean last = i == row.length - 1;
                boolean number = i == 4;
                String cell = row[i];
                if (last) {
                    line.append(cell);
                } else if (number) {
                    line.append(" ".repeat(widths[i] - cell.length())).append(cell).append("  ");
                } else {
                    line.append(cell).append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        if (entries.size() == query.limit()) {
            out.printf("Showing the newest %d; for older entries add --before %s, or use --export FILE for all.%n",
                    entries.size(), entries.get(entries.size() - 1).id());
        }
    }

    /**
     * An ISO-8601 instant ({@code 2026-11-25T12:00:00Z}, or with an offset), an ISO duration ({@code PT2H}), or
     * a number with s, m, h, d or w meaning that long before now.
     */
    /** The engine's time grammar, shared with dlq and the console; see {@link FilterText#time}. */
    static Instant time(String option, String value, Clock clock) {
        return FilterText.time(option, value, clock, ZoneId.systemDefault());
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "its directory does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
