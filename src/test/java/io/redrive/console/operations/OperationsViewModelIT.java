package io.redrive.console.operations;

import io.redrive.console.ConnectionSettings;
import io.redrive.console.Environment;
import io.redrive.console.Session;
import io.redrive.console.SessionContext;
import io.redrive.console.TaskExecutor;
import io.redrive.ops.Actor;
import io.redrive.engine.Backoff;
import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.NonRetryableException;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.ReplayOptions;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.testing.AnsweringDialogs;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Operations screen's view model against a real Redis and a real worker: a replay made by another process (a
 * command line) shows, and its outcome fills in as the worker processes the replayed messages.
 */
class OperationsViewModelIT {
    private static final RetryPolicy ONE_ATTEMPT = RetryPolicy.builder().maxAttempts(1).backoff(Backoff.none()).build();
    private static final WorkerOptions FAST = WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10))
            .shutdownTimeout(Duration.ofSeconds(5)).build();

    private final String prefix = TestRedis.newPrefix();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) c.close();
    }

    @Test
    void aReplayFromAnotherProcessShowsWithHowManySucceededAndWhichDiedAgain() throws Exception {
        Session console = Session.open(new ConnectionSettings("test", TestRedis.url(), prefix, Environment.DEVELOPMENT, false));
        closing.add(console);
        Engine commandLine = Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix)
                .upkeep(false).build());
        closing.add(commandLine);
        Queue orders = commandLine.queue("orders");
        orders.updatePolicy(ONE_ATTEMPT);
        orders.enqueueAll(IntStream.range(0, 6).mapToObj(n -> OutgoingMessage.json("{\"order\":" + n + "}")).toList());
        Worker failing = commandLine.worker("orders", d -> {
            throw new IllegalStateException("warehouse offline");
        }, FAST);
        await().atMost(Duration.ofSeconds(30)).until(() -> orders.counts().dead() == 6);
        failing.close();
        OperationsViewModel model = new OperationsViewModel(new SessionContext(console, TaskExecutor.direct(), new AnsweringDialogs()));
        model.refresh();
        assertThat(model.rows()).isEmpty();

        DeadLetters letters = commandLine.deadLetters();
        String previewId = letters.preview("replay", DeadLetterTarget.matching(DeadLetterQuery.builder().queue("orders").build()), 0, null).previewId();
        String operation = letters.replay(previewId, ReplayOptions.defaults(Actor.named("ops-bot"))).await().state().name();
        assertThat(operation).isEqualTo("COMPLETED");
        model.refresh();

        assertThat(model.rows()).singleElement().satisfies(row -> {
            assertThat(row.operation().actor()).isEqualTo("ops-bot");
            assertThat(row.result()).isEqualTo("Replayed 6");
            assertThat(row.outcomeText()).isEqualTo("0 succeeded · 0 died again · 6 pending");
        });

        // the fix works for even orders only
        Worker fixed = commandLine.worker("orders", d -> {
            if (d.text().matches(".*[135]}")) throw new NonRetryableException("tenant missing");
        }, FAST);
        closing.add(fixed);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            model.refresh();
            assertThat(model.rows().get(0).outcomeText()).isEqualTo("3 succeeded · 3 died again");
        });
        model.selectedProperty().set(model.rows().get(0));
        assertThat(model.detailsProperty().get())
                .contains("Replay by ops-bot at ")
                .contains("Of the 6 replayed: 3 succeeded, 3 died again, 0 pending.")
                .contains("3 died again in queue orders, failure group ")
                .contains(": NonRetryableException: tenant missing");
        assertThat(model.statusProperty().get()).isEqualTo("1 operation in the last 7 days, newest first.");
    }
}
