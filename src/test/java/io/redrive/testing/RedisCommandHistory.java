package io.redrive.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * When each Redis command, and each option word a command gained after 5.0, appeared: the table
 * {@code redis-command-history.tsv}, generated from Redis 7's {@code COMMAND DOCS} by {@link #fromCommandDocs}.
 * A line is {@code COMMAND<TAB>since<TAB>TOKEN=version TOKEN=version...}; sub-commands are written
 * {@code CLIENT SETNAME}.
 */
public final class RedisCommandHistory {
    public static final String OLDEST_SUPPORTED = "5.0.0";
    private static final String RESOURCE = "redis-command-history.tsv";

    private final Map<String, Entry> commands;

    private record Entry(String since, Map<String, String> newerOptions) {
    }

    private RedisCommandHistory(Map<String, Entry> commands) {
        this.commands = commands;
    }

    /** The committed table. */
    public static String committedTable() {
        try (InputStream in = RedisCommandHistory.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RedisCommandHistory parse(String table) {
        Map<String, Entry> commands = new TreeMap<>();
        for (String line : table.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            Map<String, String> options = new TreeMap<>();
            if (columns.length > 2 && !columns[2].isBlank()) {
                for (String option : columns[2].trim().split(" ")) {
                    String[] tokenAndVersion = option.split("=");
                    options.put(tokenAndVersion[0], tokenAndVersion[1]);
                }
            }
            commands.put(columns[0], new Entry(columns[1], options));
        }
        return new RedisCommandHistory(commands);
    }

    /**
     * Why this command, as sent with these arguments, needs a server newer than 5.0 ("ZADD GT (6.2.0)"), or null
     * when 5.0 has it. {@code words} are the arguments after the command name; for a container command the first
     * one names the sub-command. Only option words the command gained after 5.0 are looked for.
     */
    public String newerThan50(String command, List<String> words) {
        String name = command.toUpperCase(Locale.ROOT);
        List<String> rest = words;
        if (!words.isEmpty() && commands.containsKey(name + " " + words.get(0).toUpperCase(Locale.ROOT))) {
            name = name + " " + words.get(0).toUpperCase(Locale.ROOT);
            rest = words.subList(1, words.size());
        }
        Entry entry = commands.get(name);
        if (entry == null) {
            return name + " (not a Redis 7.0 command)";
        }
        if (newer(entry.since())) {
            return name + " (" + entry.since() + ")";
        }
        List<String> found = new ArrayList<>();
        for (String word : rest) {
            String since = entry.newerOptions().get(word.toUpperCase(Locale.ROOT));
            if (since != null) {
                found.add(name + " " + word.toUpperCase(Locale.ROOT) + " (" + since + ")");
            }
        }
        return found.isEmpty() ? null : String.join(", ", found);
    }

    static boolean newer(String version) {
        return compare(version, OLDEST_SUPPORTED) > 0;
    }

    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    /** The table, as this server's {@code COMMAND DOCS} (Redis 7 or later) gives it. */
    public static String fromCommandDocs(RawRedis redis) {
        Map<String, String> lines = new TreeMap<>();
        addCommands(lines, "", (List<?>) redis.call("COMMAND", "DOCS"));
        StringBuilder table = new StringBuilder("# command\tsince\toption words added after " + OLDEST_SUPPORTED
                + " (generated from COMMAND DOCS of Redis " + version(redis) + ")\n");
        lines.values().forEach(line -> table.append(line).append('\n'));
        return table.toString();
    }

    public static String version(RawRedis redis) {
        for (String line : ((String) redis.call("INFO", "server")).split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length()).trim();
            }
        }
        return "0";
    }

    private static void addCommands(Map<String, String> lines, String parent, List<?> docs) {
        for (int i = 0; i + 1 < docs.size(); i += 2) {
            String name = ((String) docs.get(i)).toUpperCase(Locale.ROOT).replace('|', ' ');
            Map<String, Object> doc = map(docs.get(i + 1));
            String since = (String) doc.getOrDefault("since", "0.0.0");
            Map<String, String> options = new TreeMap<>();
            addOptions(options, since, (List<?>) doc.get("arguments"));
            StringBuilder line = new StringBuilder(name).append('\t').append(since).append('\t');
            options.forEach((token, version) -> {
                if (newer(version)) {
                    line.append(token).append('=').append(version).append(' ');
                }
            });
            lines.put(name, line.toString().strip());
            if (doc.get("subcommands") instanceof List<?> subcommands) {
                addCommands(lines, name, subcommands);
            }
        }
    }

    /** Each argument token with the version it appeared in (an argument without its own "since" is as old as its parent). */
    private static void addOptions(Map<String, String> options, String parentSince, List<?> arguments) {
        if (arguments == null) {
            return;
        }
        for (Object item : arguments) {
            Map<String, Object> argument = map(item);
            String since = argument.get("since") instanceof String s && compare(s, parentSince) > 0 ? s : parentSince;
            if (argument.get("token") instanceof String token) {
                options.merge(token.toUpperCase(Locale.ROOT), since, (a, b) -> compare(a, b) <= 0 ? a : b);
            }
            addOptions(options, since, (List<?>) argument.get("arguments"));
        }
    }

    private static Map<String, Object> map(Object flat) {
        Map<String, Object> map = new TreeMap<>();
        List<?> list = (List<?>) flat;
        for (int i = 0; i + 1 < list.size(); i += 2) {
            map.put((String) list.get(i), list.get(i + 1));
        }
        return map;
    }
}
