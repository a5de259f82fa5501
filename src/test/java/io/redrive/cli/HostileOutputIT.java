package io.redrive.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redrive.ops.Actor;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.NonRetryableException;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Values an attacker can put into Redis (an error message, a header, a payload, an actor) reach the operator's
 * terminal only escaped, while --json keeps them exact.
 */
class HostileOutputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Clear screen, set the window title, NUL, BEL, a CR that would overwrite the line, bidi overrides, a C1 CSI. */
    private static final String HOSTILE = "A\u001b[2JB\u001b]0;owned\u0007C\u0000D\u0007E\rF\u202eG\u009bH\u2067I\u200fJ\u061cK";
    /** The same as the operator should see it. */
    private static final String ESCAPED = "A\\e[2JB\\e]0;owned\\x07C\\x00D\\x07E\\rF\\u202eG\\x9bH\\u2067I\\u200fJ\\u061cK";
    /** Text a payload may hold and still print as text: no C0 but CR, yet a CR, a bidi override and a C1 CSI. */
    private static final String PAYLOAD = "total: 10\rtotal: 99 \u202eevil\u202c \u009b2J";

    private final String prefix = TestRedis.newPrefix();
    private Engine engine;
    private String id;

    @BeforeEach
    void storeHostileValues() {
        engine = Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix)
                .upkeep(false).commandTimeout(Duration.ofSeconds(5)).build());
        Queue q = engine.queue("documents");
        id = q.enqueue(OutgoingMessage.of(PAYLOAD).header("x-" + HOSTILE, HOSTILE));
        Worker worker = engine.worker("documents", d -> {
            throw new NonRetryableException("cannot parse " + HOSTILE);
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).shutdownTimeout(Duration.ofSeconds(5)).build());
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> q.counts().dead() == 1);
        } finally {
            worker.close();
        }
        engine.audit().record(Actor.named(HOSTILE), "edit", "message " + HOSTILE, 1, "failed: " + HOSTILE, Map.of());
    }

    @AfterEach
    void close() {
        engine.close();
    }

    /** Runs a command line, capturing System.out too (some commands print there), as DlqCommandIT does. */
    private CommandLineRun run(String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--redis", TestRedis.url(), "--prefix", prefix));
        return CommandLineRun.of(line);
    }

    /** No character that can drive a terminal or reorder text: C0 but line break and tab, DEL, C1, bidi controls. */
    static void assertNoRawControls(String output) {
        for (byte b : output.getBytes(StandardCharsets.UTF_8)) {
            assertThat(b == '\n' || b == '\t' || (b & 0xff) >= 0x20 && b != 0x7f)
                    .as("byte 0x%02x in:%n%s", b & 0xff, output).isTrue();
        }
        output.codePoints().forEach(c -> assertThat(c >= 0x80 && c <= 0x9f || c >= 0x202a && c <= 0x202e
                || c >= 0x2066 && c <= 0x2069 || c == 0x200e || c == 0x200f || c == 0x061c)
                .as("U+%04X in:%n%s", c, output).isFalse());
    }

    @Test
    void listShowsAHostileErrorEscapedOnOneLine() {
        CommandLineRun list = run("dlq", "list");

        assertThat(list.exitCode()).isZero();
        assertNoRawControls(list.all());
        assertThat(list.out()).contains("cannot parse A\\e[2JB\\e]0;owned\\x07C\\x00D\\x07E\\rF\\u202eG");
        assertThat(list.out().split("\n")).hasSize(2);
    }

    @Test
    void showEscapesTheErrorTheStackTraceTheHeadersAndThePayloadText() {
        CommandLineRun show = run("dlq", "show", "documents", id);

        assertThat(show.exitCode()).isZero();
        assertNoRawControls(show.all());
        assertThat(show.out()).contains("x-" + ESCAPED + "  " + ESCAPED, "Last error", "cannot parse " + ESCAPED,
                "total: 10\\rtotal: 99 \\u202eevil\\u202c \\x9b2J");
    }

    @Test
    void showAsJsonKeepsEveryValueExact() throws Exception {
        CommandLineRun show = run("dlq", "show", "documents", id, "--json");

        assertThat(show.exitCode()).isZero();
        JsonNode message = JSON.readTree(show.out());
        assertThat(message.toString()).contains(JSON.writeValueAsString(HOSTILE));
        assertThat(JSON.writeValueAsString(message)).contains(JSON.writeValueAsString("x-" + HOSTILE));
        assertThat(show.out()).doesNotContain(ESCAPED);
    }

    @Test
    void groupsEscapeTheSampleError() {
        CommandLineRun groups = run("dlq", "groups");

        assertThat(groups.exitCode()).isZero();
        assertNoRawControls(groups.all());
        assertThat(groups.out()).contains("cannot parse A\\e[2JB");
    }

    @Test
    void auditEscapesTheActorTargetAndOutcomeButItsJsonIsExact() throws Exception {
        CommandLineRun audit = run("audit");
        CommandLineRun json = run("audit", "--json");

        assertThat(audit.exitCode()).isZero();
        assertNoRawControls(audit.all());
        assertThat(audit.out()).contains("A\\e[2JB", "failed: " + ESCAPED);
        assertThat(json.exitCode()).isZero();
        JsonNode entry = JSON.readTree(json.out().lines().findFirst().orElseThrow());
        assertThat(entry.get("actor").asText()).isEqualTo(HOSTILE);
        assertThat(entry.get("outcome").asText()).isEqualTo("failed: " + HOSTILE);
    }

    @Test
    void aBulkOperationByAHostileActorIsListedEscaped() {
        CommandLineRun purge = run("dlq", "purge", "--queue", "documents", "--yes", "--actor", HOSTILE);
        CommandLineRun operations = run("dlq", "operations");
        CommandLineRun trash = run("dlq", "trash", "--queue", "documents");

        assertThat(purge.exitCode()).isZero();
        // stderr carries the progress bar, which redraws itself with a CR of its own
        assertNoRawControls(purge.out());
        assertThat(operations.exitCode()).isZero();
        assertNoRawControls(operations.all());
        assertThat(operations.out()).contains("A\\e[2JB");
        assertThat(trash.exitCode()).isZero();
        assertNoRawControls(trash.all());
        assertThat(trash.out()).contains("cannot parse A\\e[2JB");
    }

    @Test
    void anErrorSentenceQuotingAHostileValueIsEscaped() {
        CommandLineRun show = run("dlq", "show", "documents", "no-such-" + HOSTILE);

        assertThat(show.exitCode()).isEqualTo(1);
        assertNoRawControls(show.all());
        assertThat(show.err()).contains("redrive dlq show: ", "no-such-" + ESCAPED);
    }
}
