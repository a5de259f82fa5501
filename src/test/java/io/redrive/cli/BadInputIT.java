package io.redrive.cli;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.redrive.demo.EmbeddedRedis;
import io.redrive.ops.Actor;
import io.redrive.engine.Backoff;
import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.redis.KeySchema;
import io.redrive.redis.RedisConnection;
import io.redrive.testing.KeyDigest;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13's bad-input corpus in one place: for each class of hostile input (numbered as in the issue), the input,
 * the exact outcome (exit code, the sentence on stderr, what stdout must or must not hold), and proof that nothing
 * was lost or changed: every key under the case's prefix is DUMPed before and after and compared (equal, but for the
 * keys a case names as its expected change), and 'redrive check' exits 0 afterwards. Every case starts from a fresh prefix holding two dead letters, a trashed one, a scheduled
 * retry and a ready message.
 */
class BadInputIT {
    /** Clear screen, window title with BEL, NUL, a CR that would overwrite the line, a bidi override, a C1 CSI. */
    private static final String HOSTILE = "A\u001b[2JB\u001b]0;owned\u0007C\u0000D\rE\u202eF\u009bG";
    /** The same as an operator should see it in human-readable output. */
    private static final String ESCAPED = "A\\e[2JB\\e]0;owned\\x07C\\x00D\\rE\\u202eF\\x9bG";
    private static final String PASSWORD = "pw-bad-input";

    private static EmbeddedRedis evicting;
    private static String reader;

    @BeforeAll
    static void startAnEvictingServerAndAReadOnlyUser() throws IOException {
        evicting = EmbeddedRedis.startWith("--maxmemory", "20mb", "--maxmemory-policy", "allkeys-lru");
        reader = "redrive-reader-" + TestRedis.newPrefix();
        String acl = ReadOnlyCommandsIT.readmeAcls().get(0);
        try (Admin admin = new Admin(TestRedis.url())) {
            // the README's read-only ACL, as written there, over every prefix the cases use
            admin.run(acl.replace("redrive-reader", reader).replace("PASSWORD", PASSWORD).replace("~redrive:*", "~*"));
        }
    }

    @AfterAll
    static void stop() {
        try (Admin admin = new Admin(TestRedis.url())) {
            admin.commands.aclDeluser(reader);
        }
        evicting.close();
    }

    static Stream<Case> cases() {
        return Stream.of(
                // 1. eviction: a Redis that evicts keys when full is refused before anything is read or written
                Case.on(Server.EVICTING, "1", "dlq list on an allkeys-lru Redis", f -> f.run("dlq", "list"))
                        .exits(1).says(f -> "redrive dlq list: " + evictionSentence()),
                Case.on(Server.EVICTING, "1", "dlq replay on an allkeys-lru Redis", f -> f.run("dlq", "replay", "--queue", "orders", "--yes"))
                        .exits(1).says(f -> "redrive dlq replay: " + evictionSentence()),
                Case.on(Server.EVICTING, "1", "dlq import on an allkeys-lru Redis", f -> f.run("dlq", "import", f.exportFile().toString(), "--into", "copy"))
                        .exits(1).says(f -> "redrive dlq import: " + evictionSentence()),
                Case.on(Server.EVICTING, "1", "check on an allkeys-lru Redis", f -> f.run("check"))
                        .exits(1).says(f -> "redrive check: " + evictionSentence()),
                Case.on(Server.EVICTING, "1", "dlq list on an allkeys-lru Redis with the explicit override",
                                f -> f.run("dlq", "list", "--allow-evicting-redis"))
                        .exits(0).prints(f -> List.of(f.dead.get(0), f.dead.get(1))).saysEndingWith("2 of about 2 dead letters; no more pages."),

                // 3. poison messages: stored data that cannot be decoded, and imports that would store such data
                Case.of("3", "dlq show of a dead letter whose stored headers are not JSON",
                                f -> f.run("dlq", "show", "orders", f.dead.get(0)))
                        .damaged(f -> f.hset(f.dead.get(0), "headers", "not json"))
                        .exits(0).quiet().prints(f -> List.of("Message " + f.dead.get(0) + " in queue orders", "not json")),
                Case.of("3", "dlq show of a dead letter whose stored event has a word for a time",
                                f -> f.run("dlq", "show", "orders", f.dead.get(0)))
                        .damaged(f -> f.rpush(f.dead.get(0), "{\"at\":\"yesterday\",\"type\":\"edited\",\"by\":\"mallory\"}"))
                        .exits(0).quiet().prints(f -> List.of("this stored event's time is not a time: 'yesterday'")),
                Case.of("3", "dlq import of an event whose time is a word",
                                f -> f.run("dlq", "import", f.exportFile(l -> l.replaceFirst("\"at\":\\d+", "\"at\":\"yesterday\"")).toString(), "--into", "copy"))
                        .exits(1).says(f -> "redrive dlq import: Line 2: event 1's time must be a whole number of milliseconds, "
                                + "not \"yesterday\"; nothing was imported"),
                Case.of("3", "dlq import of headers that are a JSON array",
                                f -> f.run("dlq", "import", f.exportFile(l -> l.replaceFirst("\"headers\":\"(\\\\\"|[^\"])*\"", "\"headers\":\"[1,2]\"")).toString(), "--into", "copy"))
                        .exits(1).says(f -> "redrive dlq import: Line 2: field 'headers' must be a JSON object of strings, not [1,2]; "
                                + "nothing was imported"),
                Case.of("3", "dlq import of a line that is not a JSON object",
                                f -> f.run("dlq", "import", f.file("array.jsonl", "[1,2,3]\n").toString()))
                        .exits(1).says(f -> "redrive dlq import: Line 1: expected a JSON object; nothing was imported"),

                // 4. huge payloads: a refused import writes nothing, a failed export keeps the backup it was to replace
                Case.of("4", "dlq import of a payload that is truncated base64",
                                f -> f.run("dlq", "import", f.exportFile(l -> l.replaceFirst("\"payload\":\"[^\"]*\"", "\"payload\":\"eyJvcmRlciI6MX0\"")).toString(), "--into", "copy"))
                        .exits(1).says(f -> "redrive dlq import: Line 2: the payload is not base64 (it is cut short: base64 text comes in "
                                + "groups of 4 characters, the last one padded with '='); nothing was imported"),
                Case.of("4", "dlq import of a payload that is not base64 at all",
                                f -> f.run("dlq", "import", f.exportFile(l -> l.replaceFirst("\"payload\":\"[^\"]*\"", "\"payload\":\"{order: 1}\"")).toString(), "--into", "copy"))
                        .exits(1).says(f -> "redrive dlq import: Line 2: the payload is not base64 (Illegal character '{' (code 0x7b) in base64 "
                                + "content); nothing was imported"),
                Case.of("4", "dlq import of a payload one byte over the engine's 64 MiB limit",
                                f -> f.run("dlq", "import", f.exportWithAPayloadOf(64L * 1024 * 1024 + 1).toString(), "--into", "copy"))
                        .exits(1).says(f -> "redrive dlq import: Line 2: the payload is over the engine's limit of 67,108,864 bytes; "
                                + "nothing was imported"),
                Case.of("4", "dlq export to a path nobody can create",
                                f -> f.run("dlq", "export", "--queue", "orders", "--output", "/proc/redrive-backup.jsonl"))
                        .exits(1).says(f -> "redrive dlq export: Could not write /proc/redrive-backup.jsonl: there is no such file or directory."),
                Case.of("4", "dlq export that cannot write keeps the previous backup byte for byte",
                                f -> f.exportOverBlockedBackup())
                        .exits(1).says(f -> "redrive dlq export: Could not write " + f.dir.resolve("backup.jsonl") + ": "
                                + f.dir.resolve("backup.jsonl.partial") + ": is a directory."),

                // 5. terminal escapes: escaped in human output, exact in --json
                Case.of("5", "dlq show of headers holding terminal controls", f -> f.run("dlq", "show", "orders", f.dead.get(0)))
                        .damaged(f -> f.hset(f.dead.get(0), "headers", jsonObject("x-" + HOSTILE, HOSTILE)))
                        .exits(0).quiet().prints(f -> List.of("x-" + ESCAPED + "  " + ESCAPED)).noRawControls(),
                Case.of("5", "dlq show --json of headers holding terminal controls", f -> f.run("dlq", "show", "orders", f.dead.get(0), "--json"))
                        .damaged(f -> f.hset(f.dead.get(0), "headers", jsonObject("x-" + HOSTILE, HOSTILE)))
                        .exits(0).quiet().prints(f -> List.of(jsonString(HOSTILE))),
                Case.of("5", "audit of an actor holding terminal controls", f -> f.run("audit"))
                        .damaged(f -> f.engine.audit().record(Actor.named(HOSTILE), "edit", "message " + HOSTILE, 1, "failed: " + HOSTILE, Map.of()))
                        .exits(0).quiet().prints(f -> List.of("failed: " + ESCAPED)).noRawControls(),
                Case.of("5", "audit --json of an actor holding terminal controls", f -> f.run("audit", "--json"))
                        .damaged(f -> f.engine.audit().record(Actor.named(HOSTILE), "edit", "message " + HOSTILE, 1, "failed: " + HOSTILE, Map.of()))
                        .exits(0).quiet().prints(f -> List.of("\"actor\":" + jsonString(HOSTILE))),
                Case.of("5", "dlq show of an id holding terminal controls", f -> f.run("dlq", "show", "orders", "no-such-" + HOSTILE))
                        .exits(1).says(f -> "redrive dlq show: There is no message no-such-" + ESCAPED + " in queue orders.").noRawControls(),
                Case.of("5", "dlq list of a queue name holding terminal controls", f -> f.run("dlq", "list", "--queue", "q" + HOSTILE))
                        .exits(1).says(f -> "redrive dlq list: Invalid queue name 'q" + ESCAPED + "': use 1-100 letters, digits "
                                + "or . _ : - starting with a letter or digit").noRawControls(),

                // 6. read-only users: every write is refused with one sentence and changes nothing
                readOnly("dlq replay", f -> List.of("--queue", "orders", "--yes")),
                readOnly("dlq purge", f -> List.of("--queue", "orders", "--yes")),
                readOnly("dlq edit", f -> List.of("orders", f.dead.get(0), "--payload", "{\"order\":9}", "--reason", "fix")),
                readOnly("dlq restore", f -> List.of("--queue", "orders", "--id", f.trashed, "--yes")),
                readOnly("dlq import", f -> List.of(f.exportFile().toString(), "--into", "copy")),
                readOnly("dlq retry-now", f -> List.of("--queue", "payments", "--id", f.scheduled)),
                readOnly("dlq kill", f -> List.of("--queue", "payments", "--id", f.scheduled)),

                // 10. smaller: URLs, servers that are not Redis, files that are not UTF-8, prefixes
                Case.of("10", "a port that is not a number", f -> f.runAt("redis://localhost:abc", "dlq", "list"))
                        .exits(1).says(f -> "redrive dlq list: Not a valid Redis URL: redis://localhost:abc (port 'abc' is not a number)"),
                Case.of("10", "an HTTP server on the port", BadInputIT::listAgainstHttp)
                        .exits(1).saysStartingWith(f -> "redrive dlq list: The server at 127.0.0.1:")
                        .saysEndingWith(" does not speak the Redis protocol (it answered like an HTTP server?)."),
                Case.of("10", "an import line that is not UTF-8", f -> f.run("dlq", "import", f.exportWithALatin1Line().toString()))
                        .exits(1).says(f -> "redrive dlq import: Line 3: the text is not valid UTF-8; nothing was imported"),
                Case.of("10", "a raw @ in the password", f -> f.runAt("redis://alice:s3cr@tPW@localhost:6379", "dlq", "list"))
                        .exits(1).says(f -> "redrive dlq list: Not a valid Redis URL: redis://alice:***@localhost:6379 "
                                + "(the password or user name contains a raw '@': percent-encode it as %40)").hides("s3cr", "tPW"),
                Case.of("10", "a CA file on a plain redis:// URL", f -> f.runAt("redis://localhost:6379/0?caFile=/etc/ssl/ca.pem", "dlq", "list"))
                        .exits(1).says(f -> "redrive dlq list: Not a valid Redis URL: redis://localhost:6379/0?caFile=/etc/ssl/ca.pem "
                                + "(a CA file needs rediss://; redis:// would connect without TLS)"),
                Case.of("10", "an error outside dlq names the full command", f -> f.run("cache", "ttl", "documents", "0"))
                        .exits(1).says(f -> "redrive cache ttl: A TTL must be between 1 s and 30 days, got 0 s."),

                // general mistakes
                Case.of("general", "dlq edit with a payload that is not JSON where JSON is required",
                                f -> f.run("dlq", "edit", "orders", f.dead.get(0), "--payload", "{\"order\":", "--reason", "fix"))
                        .exits(1).says(f -> "redrive dlq edit: The payload is not valid JSON at line 1, column 10: "
                                + "Unexpected end-of-input within/between Object entries"),
                Case.of("general", "dlq edit with a payload on stdin that is cut short",
                                f -> f.run("dlq", "edit", "orders", f.dead.get(0), "--payload-file", "-", "--reason", "fix"))
                        .stdin("{\"order\":")
                        .exits(1).says(f -> "redrive dlq edit: The payload is not valid JSON at line 1, column 10: "
                                + "Unexpected end-of-input within/between Object entries"),
                Case.of("general", "dlq edit with nothing on stdin",
                                f -> f.run("dlq", "edit", "orders", f.dead.get(0), "--payload-file", "-", "--reason", "fix"))
                        .exits(1).says(f -> "redrive dlq edit: The payload is empty, which is not valid JSON"),
                Case.of("general", "dlq replay without --yes and no terminal to confirm on", f -> f.run("dlq", "replay", "--queue", "orders"))
                        .stdin("2\n")
                        .exits(1).saysStartingWith(f -> "redrive dlq replay: Not replaying 2 dead letters without confirmation, "
                                + "and there is no terminal to ask on: pass --yes to go ahead, or carry out this dry run with --preview ")
                        .saysEndingWith(" --yes.")
                        .prints(f -> List.of("Dry run: replay 2 dead letters", f.dead.get(0), f.dead.get(1)))
                        .changesOnly((f, run) -> {
                            String preview = run.err().replaceAll("(?s).*--preview (\\S+) --yes\\.\\s*$", "$1");
                            return List.of(new KeySchema(f.prefix).preview(preview), new KeySchema(f.prefix).previewRefs(preview));
                        }),
                Case.of("general", "dlq list of a queue that does not exist", f -> f.run("dlq", "list", "--queue", "nosuch"))
                        .exits(1).says(f -> "redrive dlq list: Unknown queue 'nosuch'. Known queues: orders, payments"),
                Case.of("general", "dlq show of an id that does not exist", f -> f.run("dlq", "show", "orders", "0000000000000-nosuch"))
                        .exits(1).says(f -> "redrive dlq show: There is no message 0000000000000-nosuch in queue orders."),
                Case.of("general", "a negative --limit", f -> f.run("dlq", "list", "--limit", "-1"))
                        .exits(2).saysFirst("--limit must be at least 1, got -1"),
                Case.of("general", "a --limit too large for a number", f -> f.run("dlq", "list", "--limit", "99999999999"))
                        .exits(2).saysFirst("Invalid value for option '--limit': '99999999999' is not an int"),
                Case.of("general", "an empty import file", f -> f.run("dlq", "import", f.file("empty.jsonl", "").toString()))
                        .exits(0).quiet().prints(f -> List.of("Imported 0 dead letters from " + f.dir.resolve("empty.jsonl") + "."))
                        .auditedOnly(),
                Case.of("general", "a wrong password", f -> f.runAt(f.urlFor(reader, "not-the-password"), "dlq", "list"))
                        .exits(1).says(f -> "redrive dlq list: Cannot connect to Redis at " + f.urlFor(reader, "***")
                                + ": wrong username or password").hides("not-the-password"));
    }

    private static Case readOnly(String command, Function<Fixture, List<String>> rest) {
        String[] words = command.split(" ");
        return Case.of("6", command + " as a read-only user", f -> {
            List<String> args = new ArrayList<>(List.of(words));
            args.addAll(rest.apply(f));
            return f.runAt(f.urlFor(reader, PASSWORD), args.toArray(String[]::new));
        }).exits(1).says(f -> "redrive " + command + ": " + RedisConnection.NO_WRITE_ACCESS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsAnsweredExactlyAndChangesNothing(Case c) throws Exception {
        String url = c.server == Server.EVICTING ? evicting.url() : TestRedis.url();
        try (Fixture f = new Fixture(url)) {
            c.damage.accept(f);
            Map<String, String> before = new TreeMap<>(KeyDigest.snapshot(url, f.prefix));

            CommandLineRun run;
            InputStream stdin = System.in;
            System.setIn(new java.io.ByteArrayInputStream(c.stdin));
            try {
                run = c.input.apply(f);
            } finally {
                System.setIn(stdin);
            }

            String what = c + "\nstdout: " + run.out() + "\nstderr: " + run.err();
            assertThat(run.exitCode()).as(what).isEqualTo(c.exitCode);
            c.err.accept(f, run.err().stripTrailing(), what);
            for (String expected : c.out.apply(f)) {
                assertThat(run.out()).as(what).contains(expected);
            }
            if (c.quiet) {
                assertThat(run.err()).as(what).isEmpty();
            }
            if (c.exitCode != 0 && !c.printsOnFailure) {
                assertThat(run.out()).as(what).isEmpty();
            }
            for (String secret : c.hidden) {
                assertThat(run.all()).as(what).doesNotContain(secret);
            }
            if (c.noRawControls) {
                HostileOutputIT.assertNoRawControls(run.all());
            }
            Map<String, String> after = new TreeMap<>(KeyDigest.snapshot(url, f.prefix));
            for (String key : c.changed.apply(f, run)) {
                assertThat(after.remove(key)).as(key + " after " + c).isNotNull().isNotEqualTo(before.remove(key));
            }
            assertThat(after).as("every key under the prefix, dumped, after " + c).isEqualTo(before);
            CommandLineRun check = f.runAt(url, c.server == Server.EVICTING ? new String[] {"check", "--allow-evicting-redis"} : new String[] {"check"});
            assertThat(check.exitCode()).as("check after " + c + ": " + check.all()).isZero();
        }
    }

    private static String evictionSentence() {
        return "Redis at 127.0.0.1:" + evicting.port() + " evicts keys when full (maxmemory-policy allkeys-lru): "
                + "Redrive would lose messages. Set maxmemory-policy noeviction, or give Redrive its own Redis; to run "
                + "anyway, set ALLOW_EVICTING_REDIS=true / EngineOptions.allowEvictingRedis(true).";
    }

    private static CommandLineRun listAgainstHttp(Fixture f) {
        try (ServerSocket http = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> answerHttp(http));
            server.setDaemon(true);
            server.start();
            return f.runAt("redis://127.0.0.1:" + http.getLocalPort(), "dlq", "list");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a web server says to bytes it does not understand. The connection stays open until the client closes it:
     * a server that closes at once sometimes makes Lettuce fail with "RedisHandshakeHandler not registered" instead
     * (reported, not this suite's to fix).
     */
    private static void answerHttp(ServerSocket socket) {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept(); InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
                in.read(new byte[1024]);
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static String jsonObject(String name, String value) {
        return "{" + jsonString(name) + ":" + jsonString(value) + "}";
    }

    private static String jsonString(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    enum Server { SHARED, EVICTING }

    /** Checks stderr: the run, what stderr said (trailing line break stripped), and a description for failures. */
    interface ErrCheck {
        void accept(Fixture f, String err, String what);
    }

    /** One hostile input and what it must lead to. */
    static final class Case {
        final Server server;
        final String item;
        final String name;
        final Function<Fixture, CommandLineRun> input;
        Consumer<Fixture> damage = f -> { };
        int exitCode;
        ErrCheck err = (f, err, what) -> { };
        Function<Fixture, List<String>> out = f -> List.of();
        boolean quiet;
        boolean printsOnFailure;
        boolean noRawControls;
        java.util.function.BiFunction<Fixture, CommandLineRun, List<String>> changed = (f, run) -> List.of();
        byte[] stdin = new byte[0];
        List<String> hidden = List.of();

        private Case(Server server, String item, String name, Function<Fixture, CommandLineRun> input) {
            this.server = server;
            this.item = item;
            this.name = name;
            this.input = input;
        }

        static Case of(String item, String name, Function<Fixture, CommandLineRun> input) {
            return new Case(Server.SHARED, item, name, input);
        }

        static Case on(Server server, String item, String name, Function<Fixture, CommandLineRun> input) {
            return new Case(server, item, name, input);
        }

        /** Stored data damaged behind the engine's back before the command runs (and before the first snapshot). */
        Case damaged(Consumer<Fixture> how) {
            damage = how;
            return this;
        }

        Case exits(int code) {
            exitCode = code;
            return this;
        }

        Case says(Function<Fixture, String> sentence) {
            err = (f, err, what) -> assertThat(err).as(what).isEqualTo(sentence.apply(f));
            return this;
        }

        Case saysStartingWith(Function<Fixture, String> start) {
            ErrCheck before = err;
            err = (f, err, what) -> {
                before.accept(f, err, what);
                assertThat(err).as(what).startsWith(start.apply(f)).doesNotContain("\n");
            };
            return this;
        }

        /** A usage error: this sentence on the first line, then the command's usage. */
        Case saysFirst(String sentence) {
            err = (f, err, what) -> assertThat(err.lines().limit(2).toList()).as(what).first().isEqualTo(sentence);
            ErrCheck first = err;
            err = (f, err, what) -> {
                first.accept(f, err, what);
                assertThat(err.lines().skip(1).findFirst().orElse("")).as(what).startsWith("Usage: redrive ");
            };
            return this;
        }

        /** The command writes its audit entry (the audit key changes) and nothing else. */
        Case auditedOnly() {
            return changesOnly(f -> List.of(new KeySchema(f.prefix).audit()));
        }

        /** The command adds or changes exactly these keys (each must differ), and nothing else. */
        Case changesOnly(java.util.function.BiFunction<Fixture, CommandLineRun, List<String>> keys) {
            changed = keys;
            return this;
        }

        Case changesOnly(Function<Fixture, List<String>> keys) {
            return changesOnly((f, run) -> keys.apply(f));
        }

        /** What the command reads on its standard input. */
        Case stdin(String text) {
            stdin = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        Case saysEndingWith(String end) {
            ErrCheck before = err;
            err = (f, err, what) -> {
                before.accept(f, err, what);
                assertThat(err).as(what).endsWith(end);
            };
            return this;
        }

        /** Nothing on stderr. */
        Case quiet() {
            quiet = true;
            return this;
        }

        Case prints(Function<Fixture, List<String>> texts) {
            out = texts;
            printsOnFailure = true;
            return this;
        }

        Case noRawControls() {
            noRawControls = true;
            return this;
        }

        Case hides(String... secrets) {
            hidden = List.of(secrets);
            return this;
        }

        @Override
        public String toString() {
            return "[" + item + "] " + name;
        }
    }

    /** A fresh prefix with two dead letters and a trashed one in 'orders', a scheduled retry and a ready message in 'payments'. */
    static final class Fixture implements AutoCloseable {
        final String url;
        final String prefix = TestRedis.newPrefix();
        final Engine engine;
        final List<String> dead;
        final String trashed;
        final String scheduled;
        final String ready;
        final Path dir;
        private static final Function<String, String> IDENTITY = line -> line;

        Fixture(String url) throws IOException, InterruptedException {
            this.url = url;
            this.dir = Files.createTempDirectory("redrive-bad-input");
            engine = Engine.connect(EngineOptions.builder().redisUrl(url).keyPrefix(prefix).allowEvictingRedis(true)
                    .upkeep(false).commandTimeout(Duration.ofSeconds(5)).build());
            Queue orders = engine.queue("orders");
            orders.updatePolicy(RetryPolicy.builder().maxAttempts(1).backoff(Backoff.none()).build());
            List<String> ids = orders.enqueueAll(List.of(OutgoingMessage.json("{\"order\":1}"),
                    OutgoingMessage.json("{\"order\":2}"), OutgoingMessage.json("{\"order\":3}")));
            failEveryDelivery("orders", () -> orders.counts().dead() == 3);
            trashed = ids.get(2);
            engine.deadLetters().purge(DeadLetterTarget.ids("orders", List.of(trashed)), 0, Actor.named("setup")).await();
            dead = ids.subList(0, 2);
            Queue payments = engine.queue("payments");
            payments.updatePolicy(RetryPolicy.builder().maxAttempts(3).backoff(Backoff.exponential(Duration.ofMinutes(10))).build());
            scheduled = payments.enqueue(OutgoingMessage.json("{\"payment\":1}"));
            failEveryDelivery("payments", () -> payments.counts().scheduled() == 1);
            ready = payments.enqueue(OutgoingMessage.json("{\"payment\":2}"));
        }

        private void failEveryDelivery(String queue, Callable<Boolean> until) {
            Worker worker = engine.worker(queue, d -> {
                throw new IllegalStateException("no " + queue + " today");
            }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).shutdownTimeout(Duration.ofSeconds(5)).build());
            try {
                await().atMost(Duration.ofSeconds(15)).until(until);
            } finally {
                worker.close();
            }
        }

        CommandLineRun run(String... args) {
            return runAt(url, args);
        }

        CommandLineRun runAt(String redisUrl, String... args) {
            List<String> line = new ArrayList<>(List.of(args));
            line.addAll(List.of("--redis", redisUrl, "--prefix", prefix));
            return CommandLineRun.of(line);
        }

        String urlFor(String user, String password) {
            int scheme = url.indexOf("://") + 3;
            String rest = url.substring(scheme);
            return url.substring(0, scheme) + user + ":" + password + "@" + rest.substring(rest.indexOf('@') + 1);
        }

        /** The two dead letters of 'orders', exported as 'dlq export' writes them. */
        Path exportFile() {
            return exportFile(IDENTITY);
        }

        /** The export, its second line changed by {@code damage} (which must change it). */
        Path exportFile(Function<String, String> damage) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(engine.deadLetters().export(DeadLetterTarget.ids("orders", dead), out, n -> { })).isEqualTo(2);
            List<String> lines = new ArrayList<>(out.toString(StandardCharsets.UTF_8).lines().toList());
            assertThat(lines).hasSize(2);
            String changed = damage.apply(lines.get(1));
            if (damage != IDENTITY) {
                assertThat(changed).as("the damaged line").isNotEqualTo(lines.get(1));
            }
            lines.set(1, changed);
            return file("export.jsonl", String.join("\n", lines) + "\n");
        }

        /** The export, the second line's payload replaced by {@code size} zero bytes, streamed: the line is huge. */
        Path exportWithAPayloadOf(long size) {
            String line = readLines(exportFile()).get(1);
            String[] around = line.split("\"payload\":\"[^\"]*\"", 2);
            assertThat(around).hasSize(2);
            Path file = dir.resolve("huge.jsonl");
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                out.write((readLines(exportFile()).get(0) + "\n" + around[0] + "\"payload\":\"").getBytes(StandardCharsets.UTF_8));
                byte[] zeros = "AAAA".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);  // 3 x 64 KiB zero bytes
                long whole = size / 3;
                for (long left = whole; left > 0; left -= zeros.length / 4) {
                    out.write(zeros, 0, (int) Math.min(zeros.length, left * 4));
                }
                out.write((size % 3 == 0 ? "" : size % 3 == 1 ? "AA==" : "AAA=").getBytes(StandardCharsets.US_ASCII));
                out.write(("\"" + around[1] + "\n").getBytes(StandardCharsets.UTF_8));
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static List<String> readLines(Path file) {
            try {
                return Files.readAllLines(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The export with one more line after it, written in ISO-8859-1: a queue name with an e acute. */
        Path exportWithALatin1Line() {
            try {
                Path file = exportFile();
                Files.write(file, "{\"queue\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1), java.nio.file.StandardOpenOption.APPEND);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Path file(String name, String content) {
            return file(name, content, StandardCharsets.UTF_8);
        }

        Path file(String name, String content, java.nio.charset.Charset charset) {
            try {
                return Files.write(dir.resolve(name), content.getBytes(charset));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** An export over an existing backup, whose partial file cannot be created: the backup must stay as it was. */
        CommandLineRun exportOverBlockedBackup() {
            try {
                Path backup = file("backup.jsonl", "the previous backup\n");
                Files.createDirectories(dir.resolve("backup.jsonl.partial").resolve("occupied"));
                CommandLineRun run = run("dlq", "export", "--queue", "orders", "--output", backup.toString());
                assertThat(Files.readString(backup)).isEqualTo("the previous backup\n");
                return run;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void hset(String id, String field, String value) {
            try (Admin admin = new Admin(url)) {
                admin.commands.hset(new KeySchema(prefix).queue("orders").message(id), field, value);
            }
        }

        void rpush(String id, String event) {
            try (Admin admin = new Admin(url)) {
                admin.commands.rpush(new KeySchema(prefix).queue("orders").events(id), event);
            }
        }

        @Override
        public void close() throws IOException {
            engine.close();
            // the huge import file alone is 90 MB
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** A Redis as its default user. */
    private static final class Admin implements AutoCloseable {
        final RedisClient client;
        final StatefulRedisConnection<String, String> connection;
        final RedisCommands<String, String> commands;

        Admin(String url) {
            client = RedisClient.create(url);
            connection = client.connect();
            commands = connection.sync();
        }

        void run(String line) {
            String[] words = line.split(" ");
            CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
            for (int i = 1; i < words.length; i++) {
                args.add(words[i]);
            }
            assertThat(commands.dispatch(CommandType.valueOf(words[0]), new StatusOutput<>(StringCodec.UTF8), args)).isEqualTo("OK");
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
