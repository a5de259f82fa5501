package io.redrive.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.redrive.cache.Cache;
import io.redrive.cache.CacheCodec;
import io.redrive.cache.CacheOptions;
import io.redrive.redis.RedisConnection;
import io.redrive.testing.KeyDigest;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command as an operator whose Redis user has exactly the README's read-only ACL: the reading ones work and
 * print what a full user would see; the writing ones exit 1 with the one sentence and change no key. The README's
 * full operator ACL is created too, and can write.
 */
class ReadOnlyCommandsIT {
    private static final String PREFIX = TestRedis.newPrefix();
    private static final String READER = "redrive-reader-" + PREFIX;
    private static final String OPERATOR = "redrive-operator-" + PREFIX;
    private static final String PASSWORD = "pw-" + PREFIX;

    private static List<String> dead;
    private static String trashed;
    private static String scheduled;

    @TempDir
    static Path files;

    @BeforeAll
    static void deadLettersATrashedOneAScheduledOneACacheAndTheReadmeUsers() throws Exception {
        ReadOnlyFixture fixture = ReadOnlyFixture.seed(PREFIX);
        dead = fixture.dead();
        trashed = fixture.trashed();
        scheduled = fixture.scheduled();
        try (Cache cache = Cache.connect(CacheOptions.builder().redisUrl(TestRedis.url()).keyPrefix(PREFIX).build())) {
            cache.getOrLoad("document", "d1", CacheCodec.string(), () -> "summary", "tenant:acme");
        }
        try (Admin admin = new Admin()) {
            for (String line : readmeAcls()) {
                admin.run(line.replace("redrive-reader", READER).replace("redrive-operator", OPERATOR)
                        .replace("PASSWORD", PASSWORD).replace("redrive:*", PREFIX + ":*"));
            }
        }
    }

    @AfterAll
    static void removeTheUsers() {
        try (Admin admin = new Admin()) {
            admin.commands.aclDeluser(READER, OPERATOR);
        }
    }

    /** The README's two ACL SETUSER lines, as written there. */
    static List<String> readmeAcls() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher acl = Pattern.compile("^ACL SETUSER redrive-(reader|operator) .*$", Pattern.MULTILINE).matcher(readme);
        List<String> lines = new ArrayList<>();
        while (acl.find()) {
            lines.add(acl.group());
        }
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("+@read -@write");
        return lines;
    }

    @Test
    void theReadOnlyUsersInfoPermissionLetsTheEvictionCheckAndTheCacheStatisticsReadTheServer() throws IOException {
        String withoutInfo = READER + "-no-info";
        String readerLine = readmeAcls().get(0);
        assertThat(readerLine).endsWith(" +info");
        try (Admin admin = new Admin()) {
            admin.run(readerLine.substring(0, readerLine.length() - " +info".length()).replace("redrive-reader", withoutInfo)
                    .replace("PASSWORD", PASSWORD).replace("redrive:*", PREFIX + ":*"));
        }
        try {
            assertThat(evictionWarnings(READER)).as("the README's reader").isEmpty();
            assertThat(evictionWarnings(withoutInfo)).as("the same user without INFO")
                    .isNotEmpty().allSatisfy(w -> assertThat(w).startsWith("Could not read the eviction policy of Redis at "));

            CommandLineRun stats = as(withoutInfo, "cache", "stats");
            assertThat(stats.exitCode()).as(stats.err()).isZero();
            assertThat(stats.out()).contains("document").contains("this Redis user may not run INFO");
        } finally {
            try (Admin admin = new Admin()) {
                admin.commands.aclDeluser(withoutInfo);
            }
        }
    }

    /** What the engine's eviction check logs at WARN while {@code check} runs as this user. */
    private static List<String> evictionWarnings(String user) {
        Logger guard = (Logger) LoggerFactory.getLogger("io.redrive.engine.EvictionGuard");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        guard.addAppender(logged);
        try {
            CommandLineRun check = as(user, "check");
            assertThat(check.exitCode()).as(check.err()).isZero();
        } finally {
            guard.detachAppender(logged);
        }
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void everyReadingCommandWorksForTheReadOnlyUser() throws IOException {
        CommandLineRun list = as(READER, "dlq", "list", "--queue", "orders");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains(dead.get(0), dead.get(1)).doesNotContain(trashed);

        CommandLineRun show = as(READER, "dlq", "show", "orders", dead.get(0));
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("Message " + dead.get(0) + " in queue orders", "\"order\": 1", "no orders today");

        CommandLineRun check = as(READER, "check");
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains("Checked 4 messages in 2 queues: every message is in exactly one state");

        CommandLineRun groups = as(READER, "dlq", "groups", "--queue", "orders");
        assertThat(groups.exitCode()).as(groups.err()).isZero();
        assertThat(groups.out()).contains("IllegalStateException");

        CommandLineRun trash = as(READER, "dlq", "trash", "--queue", "orders");
        assertThat(trash.exitCode()).as(trash.err()).isZero();
        assertThat(trash.out()).contains(trashed);

        CommandLineRun waiting = as(READER, "dlq", "scheduled", "--queue", "payments");
        assertThat(waiting.exitCode()).as(waiting.err()).isZero();
        assertThat(waiting.out()).contains(scheduled);

        CommandLineRun policy = as(READER, "policy", "show", "orders");
        assertThat(policy.exitCode()).as(policy.err()).isZero();
        assertThat(policy.out()).contains("max attempts       1       the queue's own policy");

        CommandLineRun queues = as(READER, "queues");
        assertThat(queues.exitCode()).as(queues.err()).isZero();
        assertThat(queues.out()).containsPattern("(?m)^orders( +[0-9.,]+){10}$");  // counts change when the operator test replays one

        CommandLineRun operations = as(READER, "dlq", "operations");
        assertThat(operations.exitCode()).as(operations.err()).isZero();
        assertThat(operations.out()).contains("purge");

        CommandLineRun audit = as(READER, "audit");
        assertThat(audit.exitCode()).as(audit.err()).isZero();
        assertThat(audit.out()).contains("setup", "purge");

        Path export = files.resolve("orders.jsonl");
        CommandLineRun exported = as(READER, "dlq", "export", "--queue", "orders", "--output", export.toString());
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(Files.readAllLines(export)).hasSize(2);

        CommandLineRun stats = as(READER, "cache", "stats");
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("document").contains("Redis keyspace (whole server, since its stats were reset): ");

        CommandLineRun ttl = as(READER, "cache", "ttl");
        assertThat(ttl.exitCode()).as(ttl.err()).isZero();
        assertThat(ttl.out()).contains("document");

        CommandLineRun keys = as(READER, "cache", "keys", "document");
        assertThat(keys.exitCode()).as(keys.err()).isZero();
        assertThat(keys.out()).contains("1");
    }

    @Test
    void everyWritingCommandFailsWithOneSentenceAndChangesNothing() throws IOException {
        Path importFile = files.resolve("import.jsonl");
        try (Admin admin = new Admin()) {
            Map<String, String> before = admin.snapshot();
            assertThat(as(READER, "dlq", "export", "--queue", "orders", "--output", importFile.toString()).exitCode()).isZero();
            List<String[]> writes = List.of(
                    new String[] {"dlq", "replay", "--queue", "orders", "--yes"},
                    new String[] {"dlq", "replay", "--id", dead.get(0), "--queue", "orders", "--yes"},
                    new String[] {"dlq", "purge", "--queue", "orders", "--yes"},
                    new String[] {"dlq", "edit", "orders", dead.get(0), "--payload", "{\"order\":9}", "--reason", "fix"},
                    new String[] {"dlq", "restore", "--queue", "orders", "--id", trashed, "--yes"},
                    new String[] {"dlq", "import", importFile.toString(), "--into", "elsewhere"},
                    new String[] {"dlq", "retry-now", "--queue", "payments", "--id", scheduled},
                    new String[] {"dlq", "kill", "--queue", "payments", "--id", scheduled},
                    new String[] {"cache", "ttl", "document", "120"},
                    new String[] {"policy", "set", "orders", "--max-attempts", "5"},
                    new String[] {"policy", "reset", "orders", "--yes"});
            for (String[] write : writes) {
                CommandLineRun run = as(READER, write);
                String command = String.join(" ", write);
                assertThat(run.exitCode()).as(command + ": " + run.out() + run.err()).isEqualTo(1);
                assertThat(run.err().strip()).as(command)
                        .isEqualTo("redrive " + write[0] + " " + write[1] + ": " + RedisConnection.NO_WRITE_ACCESS);
            }
            assertThat(admin.snapshot()).as("every key under the prefix, dumped").isEqualTo(before);
        }
    }

    @Test
    void aReadOnlyUsersCacheInvalidationFailsWithTheSentenceAndTheEntryStays() throws IOException {
        try (Admin admin = new Admin()) {
            Map<String, String> before = admin.snapshot();
            for (String[] invalidation : List.of(new String[] {"cache", "invalidate", "document", "d1"},
                    new String[] {"cache", "invalidate", "document", "--all"},
                    new String[] {"cache", "invalidate", "--tag", "tenant:acme"})) {
                CommandLineRun run = as(READER, invalidation);
                assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
                assertThat(run.out()).doesNotContain("Invalidated");
                assertThat(run.err().strip()).isEqualTo("redrive cache invalidate: " + RedisConnection.NO_WRITE_ACCESS);
            }
            assertThat(admin.snapshot()).as("the cached entry and every other key, dumped").isEqualTo(before);
        }
    }

    @Test
    void theFullOperatorsAclCanWrite() {
        CommandLineRun replay = as(OPERATOR, "dlq", "replay", "--id", dead.get(1), "--queue", "orders", "--yes");
        assertThat(replay.exitCode()).as(replay.out() + replay.err()).isZero();
        CommandLineRun check = as(OPERATOR, "check");
        assertThat(check.exitCode()).as(check.err()).isZero();
    }

    private static CommandLineRun as(String user, String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--redis", urlFor(user), "--prefix", PREFIX));
        return CommandLineRun.of(line);
    }

    private static String urlFor(String user) {
        String url = TestRedis.url();
        int scheme = url.indexOf("://") + 3;
        String rest = url.substring(scheme);
        return url.substring(0, scheme) + user + ":" + PASSWORD + "@" + rest.substring(rest.indexOf('@') + 1);
    }

    /** The test Redis as its default user. */
    private static final class Admin implements AutoCloseable {
        final RedisClient client = RedisClient.create(TestRedis.url());
        final StatefulRedisConnection<String, String> connection = client.connect();
        final RedisCommands<String, String> commands = connection.sync();

        void run(String line) {
            String[] words = line.split(" ");
            CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
            for (int i = 1; i < words.length; i++) {
                args.add(words[i]);
            }
            assertThat(commands.dispatch(CommandType.valueOf(words[0]), new StatusOutput<>(StringCodec.UTF8), args)).isEqualTo("OK");
        }

        Map<String, String> snapshot() {
            return KeyDigest.snapshot(TestRedis.url(), PREFIX + ":");
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
