package io.redrive.console.audit;

import java.time.Clock;
import java.time.Duration;
import io.redrive.redis.KeySchema;
import io.redrive.redis.RedisConnection;
import io.redrive.ops.AuditAction;
import io.redrive.console.ConnectionSettings;
import io.redrive.console.Environment;
import io.redrive.console.Session;
import io.redrive.console.SessionContext;
import io.redrive.console.TaskExecutor;
import io.redrive.ops.Actor;
import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditLog;
import io.redrive.testing.AnsweringDialogs;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Audit screen's model against a real Redis: five recorded actions, listed, filtered, paged and exported. */
class AuditViewModelIT {
    private final String prefix = TestRedis.newPrefix();
    private final AnsweringDialogs dialogs = new AnsweringDialogs();
    private Session session;
    private RedisConnection writer;

    @TempDir
    Path dir;

    @BeforeEach
    void fiveActionsWereTaken() {
        // the screen reads on a read-only connection, so the entries are written over a connection of their own
        writer = RedisConnection.open(TestRedis.url(), Duration.ofSeconds(5));
        AuditLog audit = AuditLog.on(writer, new KeySchema(prefix), Clock.systemUTC());
        audit.record(Actor.named("alice@ops-1"), "replay", "group 3fa9c2 in queue documents", 12, "ok", Map.of("queue", "documents"));
        audit.record(Actor.named("bob@ops-2"), "kill", "message m-1 in queue summaries", 1, "ok", Map.of("queue", "summaries"));
        audit.record(Actor.named("alice@ops-1"), "purge", "group 77aa01 in queue invoices", 40, "failed: Redis went away", Map.of());
        audit.record(Actor.named("carol@ops-3"), "retry-now", "2 messages in queue summaries", 2, "ok", Map.of("queue", "summaries"));
        audit.record(Actor.named("bob@ops-2"), "policy-change", "queue documents", 1, "ok", Map.of("reason", "vendor outage"));
        session = Session.open(new ConnectionSettings("test", TestRedis.url(), prefix, Environment.DEVELOPMENT, true));
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
        writer.close();
    }

    private AuditViewModel model(int pageSize) {
        return new AuditViewModel(new SessionContext(session, TaskExecutor.direct(), dialogs), pageSize, ZoneOffset.UTC);
    }

    @Test
    void entriesAreListedNewestFirst() {
        AuditViewModel model = model(100);

        model.refresh();

        assertThat(model.entries()).extracting(AuditEntry::action)
                .containsExactly("policy-change", "retry-now", "purge", "kill", "replay");
        assertThat(model.hasMoreProperty().get()).isFalse();
        assertThat(model.summaryProperty().get()).isEqualTo("5 entries, newest first");
        assertThat(model.actions()).contains("replay", "kill", "policy-change");
        assertThat(AuditViewModel.details(model.entries().get(0))).isEqualTo("reason=vendor outage");
        assertThat(AuditViewModel.failed(model.entries().get(2))).isTrue();
    }

    @Test
    void theActionFilterOffersEveryRecordedActionAndNoInventedOne() {
        AuditViewModel model = model(100);

        assertThat(model.actions()).contains("cache-invalidate", "cache-ttl", "policy-reset", "worker-on", "worker-off",
                "repair", "revert").doesNotContain("policy-change", "invalidate", "trash");
        assertThat(model.actions()).hasSize(AuditAction.values().length);
    }

    @Test
    void filtersByActionActorAndText() {
        AuditViewModel model = model(100);

        model.chosenActions().setAll("kill");
        model.refresh();
        assertThat(model.entries()).extracting(AuditEntry::target).containsExactly("message m-1 in queue summaries");

        model.chosenActions().setAll("kill", "purge");
        model.refresh();
        assertThat(model.entries()).extracting(AuditEntry::action).containsOnly("kill", "purge").contains("kill", "purge");

        model.chosenActions().clear();
        model.actorProperty().set("ALICE");
        model.refresh();
        assertThat(model.entries()).extracting(AuditEntry::action).containsExactly("purge", "replay");

        model.actorProperty().set("");
        model.textProperty().set("summaries");
        model.refresh();
        assertThat(model.entries()).extracting(AuditEntry::action).containsExactly("retry-now", "kill");

        model.textProperty().set("vendor");
        model.refresh();
        assertThat(model.entries()).extracting(AuditEntry::action).containsExactly("policy-change");

        model.clearFilters();
        assertThat(model.entries()).hasSize(5);
    }

    @Test
    void filtersByDays() {
        AuditViewModel model = model(100);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        model.sinceProperty().set(today);
        model.refresh();
        assertThat(model.entries()).hasSize(5);

        model.sinceProperty().set(null);
        model.untilProperty().set(today.minusDays(1));
        model.refresh();
        assertThat(model.entries()).isEmpty();
        assertThat(model.summaryProperty().get()).isEqualTo("No entry matches.");

        model.sinceProperty().set(today);
        model.refresh();
        assertThat(model.errorProperty().get()).contains("is after the last");
    }

    @Test
    void loadMoreReadsTheNextPageOfOlderEntries() {
        AuditViewModel model = model(2);
        model.refresh();
        assertThat(model.entries()).extracting(AuditEntry::action).containsExactly("policy-change", "retry-now");
        assertThat(model.summaryProperty().get()).isEqualTo("2 entries, newest first; more below");

        model.loadMore();
        model.loadMore();

        assertThat(model.entries()).extracting(AuditEntry::action)
                .containsExactly("policy-change", "retry-now", "purge", "kill", "replay");
        assertThat(model.hasMoreProperty().get()).isFalse();
    }

    @Test
    void loadMoreKeepsTheFilters() {
        AuditViewModel model = model(1);
        model.actorProperty().set("bob");
        model.refresh();
        model.loadMore();
        model.loadMore();

        assertThat(model.entries()).extracting(AuditEntry::action).containsExactly("policy-change", "kill");
    }

    @Test
    void exportWritesEveryMatchingEntryAsJsonLines() throws Exception {
        AuditViewModel model = model(2);
        model.actorProperty().set("alice");
        Path file = dir.resolve("audit.jsonl");

        model.export(file);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"id\":").contains("\"action\":\"purge\"");
        assertThat(lines.get(1)).contains("\"action\":\"replay\"", "\"actor\":\"alice@ops-1\"");
        assertThat(model.exportStatusProperty().get()).isEqualTo("Exported 2 entries to " + file + ".");
        assertThat(model.exportingProperty().get()).isFalse();
    }

    @Test
    void doubleClickShowsTheWholeEntry() {
        AuditViewModel model = model(100);
        model.refresh();

        model.show(model.entries().get(0));

        assertThat(dialogs.asked()).singleElement().asString().contains("\"reason\":\"vendor outage\"");
    }
}
