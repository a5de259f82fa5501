package io.redrive.console.retries;

import io.redrive.console.ConnectionSettings;
import io.redrive.console.Environment;
import io.redrive.console.Session;
import io.redrive.console.SessionContext;
import io.redrive.console.TaskExecutor;
import io.redrive.ops.AuditQuery;
import io.redrive.engine.Backoff;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.MessageState;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.redis.ReadOnlyException;
import io.redrive.testing.AnsweringDialogs;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Retries screen's model against a real Redis, with messages that failed once and wait an hour for a retry. */
class RetriesViewModelIT {
    private final String prefix = TestRedis.newPrefix();
    private final AnsweringDialogs dialogs = new AnsweringDialogs();
    private final List<AutoCloseable> open = new ArrayList<>();
    private Engine producer;
    private Queue summaries;
    private List<String> ids;

    @BeforeEach
    void threeMessagesWaitForARetry() {
        producer = Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix)
                .upkeep(false).commandTimeout(Duration.ofSeconds(5)).build());
        open.add(producer);
        summaries = producer.queue("summaries");
        summaries.updatePolicy(RetryPolicy.builder().maxAttempts(5).backoff(Backoff.exponential(Duration.ofHours(1))).build());
        producer.queue("documents").enqueue(OutgoingMessage.of("nothing wrong with this one"));
        ids = summaries.enqueueAll(IntStream.rangeClosed(1, 3).mapToObj(i -> OutgoingMessage.of("summarise " + i)).toList());
        try (Worker worker = producer.worker("summaries", d -> {
            throw new IllegalStateException("summariser timed out");
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).shutdownTimeout(Duration.ofSeconds(5)).build())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> summaries.counts().scheduled() == 3);
        }
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private RetriesViewModel model(Environment environment, boolean readOnly, int pageSize) {
        Session session = Session.open(new ConnectionSettings("test", TestRedis.url(), prefix, environment, readOnly));
        open.add(0, session);
        return new RetriesViewModel(new SessionContext(session, TaskExecutor.direct(), dialogs), pageSize, ZoneOffset.UTC);
    }

    private RetriesViewModel model() {
        return model(Environment.DEVELOPMENT, false, 50);
    }

    private MessageState state(String id) {
        return summaries.message(id).orElseThrow().state();
    }

    @Test
    void theFirstLookShowsTheQueueWithMessagesWaitingAndTheirAttemptsAndLastError() {
        RetriesViewModel model = model();

        model.refresh();

        assertThat(model.queues()).containsExactly("documents", "summaries");
        assertThat(model.queueProperty().get()).isEqualTo("summaries");
        assertThat(model.totalProperty().get()).isEqualTo(3);
        assertThat(model.rows()).extracting(ScheduledRow::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(model.rows()).allSatisfy(row -> {
            assertThat(row.attemptsProperty().get()).isEqualTo(1);
            assertThat(row.lastErrorProperty().get()).contains("summariser timed out");
            assertThat(row.nextAttemptProperty().get()).matches("in (59 min|1 h) · .*");
            assertThat(row.enqueuedProperty().get()).isNotEmpty();
        });
        assertThat(model.pageProperty().get()).isEqualTo("1–3 of 3");
        assertThat(model.canActProperty().get()).as("nothing selected yet").isFalse();
    }

    @Test
    void pagesHoldAtMostThePageSize() {
        RetriesViewModel model = model(Environment.DEVELOPMENT, false, 2);
        model.refresh();

        assertThat(model.rows()).hasSize(2);
        assertThat(model.pageProperty().get()).isEqualTo("1–2 of 3");
        assertThat(model.hasNextProperty().get()).isTrue();
        assertThat(model.hasPreviousProperty().get()).isFalse();

        model.nextPage();

        assertThat(model.rows()).hasSize(1);
        assertThat(model.pageProperty().get()).isEqualTo("3–3 of 3");
        assertThat(model.hasNextProperty().get()).isFalse();
        assertThat(model.hasPreviousProperty().get()).isTrue();
    }

    @Test
    void retryNowMakesTheSelectedMessagesReady() {
        RetriesViewModel model = model();
        model.refresh();
        ScheduledRow first = model.rows().get(0);
        model.select(List.of(first));

        model.retryNow();

        assertThat(dialogs.asked()).singleElement().asString()
                .startsWith("Retry 1 message now?").contains("Make 1 message of queue 'summaries' due now");
        assertThat(state(first.id())).isEqualTo(MessageState.READY);
        assertThat(model.statusProperty().get()).isEqualTo("Made 1 message due now.");
        assertThat(model.rows()).hasSize(2).doesNotContain(first);
        assertThat(model.selected()).isEmpty();
        assertThat(producer.audit().list(AuditQuery.builder().action("retry-now").build())).hasSize(1);
    }

    @Test
    void killDeadLettersTheSelectedMessagesAtOnce() {
        RetriesViewModel model = model();
        model.refresh();
        List<ScheduledRow> two = List.copyOf(model.rows().subList(0, 2));
        model.select(two);

        model.kill();

        assertThat(dialogs.asked()).singleElement().asString()
                .startsWith("Kill 2 messages?").contains("of queue 'summaries'").contains("remaining attempts are lost");
        assertThat(two).allSatisfy(row -> assertThat(state(row.id())).isEqualTo(MessageState.DEAD));
        assertThat(summaries.counts().dead()).isEqualTo(2);
        assertThat(model.statusProperty().get()).isEqualTo("Killed 2 messages: they are dead letters now.");
        assertThat(model.rows()).hasSize(1);
        assertThat(model.totalProperty().get()).isEqualTo(1);
    }

    @Test
    void answeringNoChangesNothing() {
        RetriesViewModel model = model();
        model.refresh();
        model.select(List.copyOf(model.rows()));
        dialogs.answering(false);

        model.kill();

        assertThat(ids).allSatisfy(id -> assertThat(state(id)).isEqualTo(MessageState.SCHEDULED));
        assertThat(model.rows()).hasSize(3);
    }

    @Test
    void onProductionTheCountMustBeTyped() {
        RetriesViewModel model = model(Environment.PRODUCTION, false, 50);
        model.refresh();
        model.select(List.copyOf(model.rows().subList(0, 2)));

        model.retryNow();

        assertThat(dialogs.typedCounts()).containsExactly(2L);
        assertThat(summaries.counts().ready()).isEqualTo(2);
    }

    @Test
    void aReadOnlyConnectionListsButItsEngineRefusesEveryChangeWithItsSentence() {
        RetriesViewModel model = model(Environment.DEVELOPMENT, true, 50);
        model.refresh();
        model.select(List.copyOf(model.rows()));
        assertThat(model.rows()).hasSize(3);

        // the view greys the buttons out; called anyway, each change goes to the engine, which refuses it
        model.retryNow();
        assertThat(model.errorProperty().get()).isEqualTo("Retry now failed: " + ReadOnlyException.SENTENCE);
        model.kill();
        assertThat(model.errorProperty().get()).isEqualTo("Kill failed: " + ReadOnlyException.SENTENCE);

        assertThat(ids).allSatisfy(id -> assertThat(state(id)).isEqualTo(MessageState.SCHEDULED));
        assertThat(model.rows()).as("still listed").hasSize(3);
    }

    @Test
    void aRefreshChangesRowsInPlace() {
        RetriesViewModel model = model();
        model.refresh();
        List<ScheduledRow> before = List.copyOf(model.rows());
        ScheduledRow gone = before.get(1);

        producer.retries().retryNow("summaries", List.of(gone.id()), io.redrive.ops.Actor.named("someone else"));
        model.refresh();

        assertThat(model.rows()).hasSize(2).doesNotContain(gone);
        assertThat(model.rows().get(0)).isSameAs(before.get(0));
        assertThat(model.rows().get(1)).isSameAs(before.get(2));
    }

    @Test
    void choosingAnotherQueueStartsAtItsFirstPage() {
        RetriesViewModel model = model(Environment.DEVELOPMENT, false, 2);
        model.refresh();
        model.nextPage();

        model.queueProperty().set("documents");

        assertThat(model.offsetProperty().get()).isZero();
        assertThat(model.rows()).isEmpty();
        assertThat(model.totalProperty().get()).isZero();
    }
}
