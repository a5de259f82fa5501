package io.redrive.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditQuery;
import io.redrive.engine.Backoff;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.RetryPolicy;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code redrive policy show|set|reset} as an operator runs it, against real Redis. */
class PolicyCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix = TestRedis.newPrefix();

    @BeforeEach
    void declareTheQueues() {
        try (Engine engine = engine()) {
            engine.queue("orders").enqueue(OutgoingMessage.json("{}"));
            engine.queue("mail").enqueue(OutgoingMessage.json("{}"));
        }
    }

    private Engine engine() {
        return Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix).upkeep(false).build());
    }

    private CommandLineRun policy(String... args) {
        List<String> all = new ArrayList<>(List.of("policy"));
        all.addAll(List.of(args));
        all.addAll(List.of("--redis", TestRedis.url(), "--prefix", prefix));
        return CommandLineRun.of(all);
    }

    @Test
    void showSaysEveryValueComesFromTheDefaultsWhenTheQueueHasNoPolicyOfItsOwn() {
        CommandLineRun run = policy("show", "orders");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                Queue orders has no policy of its own: the defaults apply.
                SETTING            VALUE   FROM
                max attempts       3       built-in default
                backoff base       1 min   built-in default
                longest wait       6 h     built-in default
                jitter             10%     built-in default
                dead letters kept  7 days  built-in default
                A message gets 3 attempts; retries wait 1 min, 2 min (less up to 10% at random); one that always fails \
                is dead-lettered after about 3 min and kept 7 days.
                """);
    }

    @Test
    void setChangesOnlyTheValuesGivenRecordsWhoDidItAndShowNamesTheQueueAsTheirSource() throws IOException {
        CommandLineRun set = policy("set", "orders", "--max-attempts", "5", "--backoff-base", "30s", "--backoff-max", "1h",
                "--actor", "alice@ops");

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).startsWith("Policy of queue orders set: max attempts 3 → 5, backoff base 1 min → 30 s, "
                + "longest wait 6 h → 1 h. Every engine applies it within about a second.\n"
                + "A message gets 5 attempts; retries wait 30 s, 1 min, 2 min, 4 min");
        try (Engine engine = engine()) {
            RetryPolicy stored = engine.existingQueue("orders").policy();
            assertThat(stored.maxAttempts()).isEqualTo(5);
            assertThat(stored.backoff().base()).isEqualTo(Duration.ofSeconds(30));
            assertThat(stored.backoff().cap()).isEqualTo(Duration.ofHours(1));
            assertThat(stored.backoff().jitter()).isEqualTo(0.1);
            assertThat(stored.deadLetterRetention()).isEqualTo(Duration.ofDays(7));
            assertThat(engine.existingQueue("mail").hasPolicyOverride()).isFalse();
            List<AuditEntry> audit = engine.audit().list(AuditQuery.builder().build());
            assertThat(audit).hasSize(1);
            assertThat(audit.get(0).actor()).isEqualTo("alice@ops");
            assertThat(audit.get(0).action()).isEqualTo("policy");
            assertThat(audit.get(0).target()).isEqualTo("queue orders");
            assertThat(audit.get(0).details().get("from")).startsWith("3 attempts");
            assertThat(audit.get(0).details().get("to")).startsWith("5 attempts");
        }

        CommandLineRun show = policy("show", "orders", "--json");
        assertThat(show.exitCode()).as(show.err()).isZero();
        JsonNode shown = JSON.readTree(show.out());
        assertThat(shown.get("override").asBoolean()).isTrue();
        assertThat(shown.get("policy").get("maxAttempts").asInt()).isEqualTo(5);
        assertThat(shown.get("policy").get("backoffBaseMs").asLong()).isEqualTo(30_000);
        assertThat(shown.get("policy").get("retryDelaysMs").toString()).isEqualTo("[30000,60000,120000,240000]");
        assertThat(shown.get("from").get("maxAttempts").asText()).isEqualTo("queue");
        assertThat(policy("show", "orders").out()).contains("max attempts       5       the queue's own policy");
    }

    @Test
    void settingWhatIsAlreadyInForceChangesNothingAndRecordsNothing() throws IOException {
        assertThat(policy("set", "orders", "--max-attempts", "4").exitCode()).isZero();

        CommandLineRun again = policy("set", "orders", "--max-attempts", "4", "--json");

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(JSON.readTree(again.out()).get("changed").asBoolean()).isFalse();
        assertThat(policy("set", "orders", "--max-attempts", "4").out())
                .isEqualTo("Queue orders has this policy already; nothing was changed.\n");
        try (Engine engine = engine()) {
            assertThat(engine.audit().list(AuditQuery.builder().build())).hasSize(1);
        }
    }

    @Test
    void resetWithYesDropsTheOverrideAndTheAuditLogKeepsThePolicyBeforeAndAfter() throws IOException {
        try (Engine engine = engine()) {
            engine.existingQueue("orders").updatePolicy(RetryPolicy.builder().maxAttempts(8).backoff(Backoff.none()).build());
        }

        CommandLineRun reset = policy("reset", "orders", "--yes", "--actor", "bob@desk", "--json");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        JsonNode result = JSON.readTree(reset.out());
        assertThat(result.get("reset").asBoolean()).isTrue();
        assertThat(result.get("from").get("maxAttempts").asInt()).isEqualTo(8);
        assertThat(result.get("to").get("maxAttempts").asInt()).isEqualTo(3);
        try (Engine engine = engine()) {
            assertThat(engine.existingQueue("orders").hasPolicyOverride()).isFalse();
            List<AuditEntry> audit = engine.audit().list(AuditQuery.builder().action("policy-reset").build());
            assertThat(audit).hasSize(1);
            assertThat(audit.get(0).actor()).isEqualTo("bob@desk");
            assertThat(audit.get(0).target()).isEqualTo("queue orders");
            assertThat(audit.get(0).details().get("from")).startsWith("8 attempts");
            assertThat(audit.get(0).details().get("to")).startsWith("3 attempts");
        }
        assertThat(policy("reset", "orders", "--yes").out())
                .isEqualTo("Queue orders has no policy of its own; there is nothing to reset.\n");
    }

    @Test
    void resetWithoutATerminalOrYesAsksForYesAndLeavesThePolicy() {
        try (Engine engine = engine()) {
            engine.existingQueue("orders").updatePolicy(RetryPolicy.builder().maxAttempts(8).build());
        }

        CommandLineRun reset = policy("reset", "orders");

        assertThat(reset.exitCode()).isEqualTo(1);
        assertThat(reset.err()).isEqualTo("redrive policy reset: Reset the policy of queue orders to the defaults: "
                + "max attempts 8 → 3? There is no terminal to ask on: pass --yes to go ahead.\n");
        try (Engine engine = engine()) {
            assertThat(engine.existingQueue("orders").policy().maxAttempts()).isEqualTo(8);
            assertThat(engine.audit().list(AuditQuery.builder().build())).isEmpty();
        }
    }

    @Test
    void mistakesAreSentencesAndChangeNothing() {
        CommandLineRun unknown = policy("show", "ordres");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("redrive policy show: Unknown queue 'ordres'. Known queues: mail, orders\n");

        CommandLineRun badDuration = policy("set", "orders", "--backoff-base", "5 parsecs");
        assertThat(badDuration.exitCode()).isEqualTo(2);
        assertThat(badDuration.err()).contains("Invalid value for option '--backoff-base': cannot read '5 parsecs'; write "
                + "a duration such as 30s, 5m, 1h or 7d");

        CommandLineRun baseOverCap = policy("set", "orders", "--backoff-base", "2h", "--backoff-max", "1h");
        assertThat(baseOverCap.exitCode()).isEqualTo(1);
        assertThat(baseOverCap.err()).isEqualTo("redrive policy set: The backoff base (2 h) must not be longer than "
                + "the longest wait (1 h).\n");

        CommandLineRun noAttempts = policy("set", "orders", "--max-attempts", "0");
        assertThat(noAttempts.exitCode()).isEqualTo(1);
        assertThat(noAttempts.err()).isEqualTo("redrive policy set: A message needs at least 1 attempt, got 0.\n");

        CommandLineRun badJitter = policy("set", "orders", "--jitter", "150%");
        assertThat(badJitter.exitCode()).isEqualTo(2);
        assertThat(badJitter.err()).contains("expected a fraction from 0 to 1 or a percentage such as 10%, got '150%'");

        CommandLineRun nothing = policy("set", "orders");
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("Say what to change: --max-attempts, --backoff-base");

        try (Engine engine = engine()) {
            assertThat(engine.existingQueue("orders").hasPolicyOverride()).isFalse();
            assertThat(engine.audit().list(AuditQuery.builder().build())).isEmpty();
        }
    }
}
