package io.redrive.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditQuery;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.redis.KeySchema;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.testing.KeyDigest;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.redrive.engine.WorkerOptions;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code redrive check}, {@code check --repair} (a dry run) and {@code check --repair --yes} on a damaged queue. */
class CheckRepairCommandIT {
    private final String prefix = TestRedis.newPrefix();
    private final QueueKeys keys = new KeySchema(prefix).queue("orders");
    private Engine engine;
    private String stranded;
    private String ghostless;

    @BeforeEach
    void strandAMessageAndDamageAKey() {
        engine = Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix).upkeep(false).build());
        Queue orders = engine.queue("orders");
        List<String> ids = orders.enqueueAll(List.of(OutgoingMessage.of("a"), OutgoingMessage.of("b")));
        stranded = ids.get(0);
        ghostless = ids.get(1);
        RedisClient client = RedisClient.create(TestRedis.url());
        try (var connection = client.connect()) {
            var c = connection.sync();
            c.zrem(keys.ready(), stranded);       // a script that failed after updating the hash
            c.zadd(keys.ready(), 1.0, "GHOST");   // its message is gone
            c.set(keys.trash(), "oops");          // one key of the wrong type
        } finally {
            client.shutdown();
        }
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void checkFindsStrandedMessagesDespiteADamagedKeyAndExitsOne() {
        CommandLineRun check = run("check");

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).contains("Checked 3 messages: 3 problems",
                "Message " + stranded + " of queue 'orders' exists (state 'ready') but is in no index",
                "The ready index of queue 'orders' points at message GHOST, which does not exist",
                "Key '" + keys.trash() + "' is a string, but Redrive keeps a sorted set there");
    }

    @Test
    void repairWithoutYesSaysWhatItWouldDoAndChangesNothing() throws Exception {
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix + ":");

        CommandLineRun dryRun = run("check", "--repair");
        CommandLineRun json = run("check", "--repair", "--json");

        assertThat(dryRun.exitCode()).isEqualTo(1);
        assertThat(dryRun.out()).contains("A repair would:",
                "put message " + stranded + " back into its ready index (its hash says ready)",
                "remove GHOST from ready of queue 'orders': the message no longer exists",
                "leave key '" + keys.trash() + "' alone: an operator must look at it (redis-cli TYPE '" + keys.trash() + "'",
                "Nothing was changed. Run again with --repair --yes to repair.");
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.get("dryRun").asBoolean()).isTrue();
        assertThat(report.get("findings")).extracting(f -> f.get("kind").asText())
                .containsExactlyInAnyOrder("STRANDED", "DANGLING", "WRONG_TYPE");
        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix + ":")).as("a dry run changes nothing").isEqualTo(before);
    }

    @Test
    void repairWithYesPutsTheMessageBackLeavesTheDamagedKeyAndAudits() {
        CommandLineRun repair = run("check", "--repair", "--yes", "--actor", "dave");

        assertThat(repair.exitCode()).as("the damaged key is still there").isEqualTo(1);
        assertThat(repair.out()).contains("The repair did this:", "Fixed 1, removed 1 dangling index entries",
                "Checked again: 1 problem left", "Key '" + keys.trash() + "' is a string");
        AuditEntry entry = engine.audit().list(AuditQuery.builder().action("repair").build()).get(0);
        assertThat(entry.actor()).isEqualTo("dave");
        assertThat(entry.details()).containsEntry("fixed", "1").containsEntry("removed", "1").containsEntry("leftAlone", "1");
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        engine.worker("orders", d -> delivered.add(d.id()),
                WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).shutdownTimeout(Duration.ofSeconds(5)).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered.containsAll(List.of(stranded, ghostless)));
        assertThat(delivered).as("the dangling entry delivers nothing").doesNotContain("GHOST");
    }

    @Test
    void aReadOnlyUserGetsTheDryRunButNotTheRepair() {
        String user = "reader-" + prefix;
        RedisClient client = RedisClient.create(TestRedis.url());
        try (var connection = client.connect()) {
            // the README's reader ACL, for this test's prefix
            assertThat(connection.sync().dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("SETUSER").addValues(List.of(user, "on", ">pw", "~" + prefix + ":*",
                            "+@read", "-@write", "+ping", "+info")))).isEqualTo("OK");
        } finally {
            client.shutdown();
        }
        String url = TestRedis.url();
        int scheme = url.indexOf("://") + 3;
        String rest = url.substring(scheme);
        String readerUrl = url.substring(0, scheme) + user + ":pw@" + rest.substring(rest.indexOf('@') + 1);
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix + ":");

        CommandLineRun dryRun = CommandLineRun.of("check", "--repair", "--redis", readerUrl, "--prefix", prefix);
        CommandLineRun repair = CommandLineRun.of("check", "--repair", "--yes", "--redis", readerUrl, "--prefix", prefix);

        assertThat(dryRun.exitCode()).as(dryRun.err()).isEqualTo(1);
        assertThat(dryRun.out()).contains("Nothing was changed.");
        assertThat(repair.exitCode()).isEqualTo(1);
        assertThat(repair.err().strip()).isEqualTo("redrive check: " + RedisConnection.NO_WRITE_ACCESS);
        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix + ":")).isEqualTo(before);
        RedisClient admin = RedisClient.create(TestRedis.url());
        try (var connection = admin.connect()) {
            connection.sync().aclDeluser(user);
        } finally {
            admin.shutdown();
        }
    }

    @Test
    void yesWithoutRepairIsRefused() {
        CommandLineRun run = run("check", "--yes");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--yes only goes with --repair");
    }

    private CommandLineRun run(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--redis", TestRedis.url(), "--prefix", prefix));
        return CommandLineRun.of(all);
    }

}
