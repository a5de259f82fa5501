package io.redrive.engine;

import io.redrive.testing.RawRedis;
import io.redrive.testing.RedisCommandHistory;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redrive runs on Redis 5.0 and later: neither its Lua scripts nor its Java side use a command, or an option word of
 * a command, that appeared after 5.0. The reference is {@code redis-command-history.tsv}, generated from Redis 7's
 * {@code COMMAND DOCS}. When a Redis 7 is at hand (REDIS_URL, or /usr/bin/redis-server started here) the table is
 * first checked against it; without one the committed table alone is the reference, so this test never skips.
 */
class RedisVersionCompatibilityIT extends Redis50WorkloadSupport {
    private static final Path SCRIPTS = Path.of("src/main/resources/io/redrive/redis");
    private static final Path SYSTEM_REDIS = Path.of("/usr/bin/redis-server");
    /**
     * What Lettuce sends while connecting; it goes on without them on a server that does not know them, which
     * {@link Redis50CommandSetIT} proves on a server where HELLO is unknown.
     */
    private static final Set<String> HANDSHAKE = Set.of("HELLO", "CLIENT SETINFO", "CLIENT MAINT_NOTIFICATIONS");
    private static final Pattern CALL = Pattern.compile("(redis\\.p?call|bulk)\\(\\s*'([A-Za-z]+)'([^\\n]*)");
    private static final Pattern DYNAMIC_CALL = Pattern.compile("redis\\.p?call\\(\\s*[^'\\s]");
    private static final Pattern WORD = Pattern.compile("'([A-Z]{2,})'");

    private final RedisCommandHistory history = RedisCommandHistory.parse(RedisCommandHistory.committedTable());

    @Test
    void theCommittedTableIsWhatRedis7Says() throws Exception {
        String committed = RedisCommandHistory.committedTable();
        String live = liveRedis7Table();
        Path generated = Path.of("target", "redis-command-history.tsv");
        if (live != null) {
            Files.createDirectories(generated.getParent());
            Files.writeString(generated, live);
        }
        assertThat(history.newerThan50("ZADD", List.of("k", "GT", "1", "m"))).isEqualTo("ZADD GT (6.2.0)");
        assertThat(history.newerThan50("ZMSCORE", List.of("k", "m"))).isEqualTo("ZMSCORE (6.2.0)");
        assertThat(history.newerThan50("XINFO", List.of("STREAM", "k"))).isNull();
        assertThat(history.newerThan50("ZADD", List.of("k", "NX", "CH", "1", "m"))).isNull();
        assertThat(history.newerThan50("SET", List.of("k", "v", "KEEPTTL"))).isEqualTo("SET KEEPTTL (6.0.0)");
        if (live == null) {
            return; // no Redis 7 here: the committed table, checked above, is the reference
        }
        List<String> missing = new ArrayList<>(committed.lines().filter(l -> !l.startsWith("#")).toList());
        missing.removeAll(live.lines().toList());
        assertThat(missing).as("table lines this Redis 7 disagrees with (its own table is in %s)", generated).isEmpty();
    }

    @Test
    void luaScriptsCallOnlyCommandsAndOptionsRedis50Knows() throws IOException {
        List<String> newer = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        int calls = 0;
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            for (Path script : files.filter(p -> p.toString().endsWith(".lua")).sorted().toList()) {
                String source = Files.readString(script);
                Matcher call = CALL.matcher(source);
                while (call.find()) {
                    calls++;
                    String command = call.group(2);
                    boolean zmscoreFallback = script.endsWith("_lib.lua") && call.group(1).equals("redis.pcall")
                            && command.equals("ZMSCORE");
                    if (zmscoreFallback) {
                        continue; // _lib.lua scores(): answered "unknown command" by 5.0, which falls back to ZSCORE
                    }
                    List<String> words = new ArrayList<>();
                    Matcher word = WORD.matcher(call.group(3));
                    while (word.find()) {
                        words.add(word.group(1));
                    }
                    String why = history.newerThan50(command, words);
                    if (why != null) {
                        newer.add(why + " from " + script.getFileName() + " line " + line(source, call.start()));
                    }
                }
                Matcher dynamic = DYNAMIC_CALL.matcher(source);
                while (dynamic.find()) {
                    boolean bulkHelper = script.endsWith("_lib.lua") && source.lastIndexOf("local function bulk(", dynamic.start()) >= 0
                            && source.lastIndexOf("local function ", dynamic.start()) == source.lastIndexOf("local function bulk(", dynamic.start());
                    if (!bulkHelper) {
                        unchecked.add(script.getFileName() + " line " + line(source, dynamic.start()));
                    }
                }
            }
        }
        assertThat(calls).as("redis.call sites found").isGreaterThan(50);
        assertThat(newer).as("commands or options newer than Redis 5.0 in the scripts").isEmpty();
        assertThat(unchecked).as("redis.call with a command name this test cannot read").isEmpty();
    }

    @Test
    void theJavaSideSendsOnlyCommandsAndOptionsRedis50KnowsDuringAWorkload() throws Exception {
        String url = TestRedis.url();
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        String end = "redrive-monitor-end-" + prefix;
        try (RawRedis monitor = new RawRedis(url)) {
            assertThat(monitor.call("MONITOR")).isEqualTo("OK");
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        seen.add((String) monitor.read());
                    }
                } catch (RuntimeException closed) {
                    // the test closed the connection
                }
            }, "monitor");
            reader.setDaemon(true);
            reader.start();

            engineWorkload(engine());
            cacheWorkload(url);

            try (RawRedis marker = new RawRedis(url)) {
                marker.call("ECHO", end);
            }
            await().atMost(WAIT).until(() -> seen.stream().anyMatch(l -> l.contains(end)));
        }

        TreeMap<String, Set<String>> newer = new TreeMap<>();
        Set<String> commands = new TreeSet<>();
        for (String line : seen) {
            List<String> words = monitoredWords(line);
            if (words.isEmpty()) {
                continue;
            }
            String source = line.contains(" lua]") ? "a Lua script" : "the Java side";
            String command = words.get(0).toUpperCase();
            String withSub = words.size() > 1 ? command + " " + words.get(1).toUpperCase() : command;
            if (HANDSHAKE.contains(command) || HANDSHAKE.contains(withSub)
                    || (source.equals("a Lua script") && command.equals("ZMSCORE"))) {
                continue;
            }
            commands.add(command + (source.equals("a Lua script") ? " (lua)" : ""));
            String why = history.newerThan50(command, words.subList(1, words.size()));
            if (why != null) {
                newer.computeIfAbsent(why, k -> new TreeSet<>()).add(source);
            }
        }
        System.out.println("Commands seen during the workload: " + commands);
        assertThat(commands).as("commands seen").contains("EVALSHA", "HGETALL", "ZADD (lua)", "PUBLISH");
        List<String> report = newer.entrySet().stream().map(e -> e.getKey() + " from " + String.join(", ", e.getValue())).toList();
        assertThat(report).as("commands or options newer than Redis 5.0 sent during the workload").isEmpty();
    }

    /** The words of one MONITOR line: {@code 1700000000.123456 [0 127.0.0.1:5555] "ZADD" "key" "1" "m"}. */
    static List<String> monitoredWords(String line) {
        List<String> words = new ArrayList<>();
        int at = line.indexOf("] ");
        if (at < 0) {
            return words;
        }
        StringBuilder word = null;
        for (int i = at + 2; i < line.length(); i++) {
            char c = line.charAt(i);
            if (word == null) {
                if (c == '"') {
                    word = new StringBuilder();
                }
            } else if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(++i);
                if (next == 'x' && i + 2 < line.length()) {
                    word.append((char) Integer.parseInt(line.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    word.append(next);
                }
            } else if (c == '"') {
                words.add(word.toString());
                word = null;
            } else {
                word.append(c);
            }
        }
        return words;
    }

    private static int line(String source, int offset) {
        return (int) source.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    /** COMMAND DOCS of a Redis 7 or later: the test Redis when it is one, else /usr/bin/redis-server; null without. */
    private static String liveRedis7Table() throws Exception {
        try (RawRedis redis = new RawRedis(TestRedis.url())) {
            if (major(RedisCommandHistory.version(redis)) >= 7) {
                return RedisCommandHistory.fromCommandDocs(redis);
            }
        }
        if (!Files.isExecutable(SYSTEM_REDIS)) {
            return null;
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process server = new ProcessBuilder(SYSTEM_REDIS.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> listening(port));
            try (RawRedis redis = new RawRedis("redis://127.0.0.1:" + port)) {
                return major(RedisCommandHistory.version(redis)) >= 7 ? RedisCommandHistory.fromCommandDocs(redis) : null;
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean listening(int port) {
        try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int major(String version) {
        try {
            return Integer.parseInt(version.split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
