package io.redrive.console.overview;

import io.redrive.console.ConnectionSettings;
import io.redrive.console.Environment;
import io.redrive.console.Session;
import io.redrive.console.SessionContext;
import io.redrive.console.TaskExecutor;
import io.redrive.engine.Backoff;
import io.redrive.engine.NonRetryableException;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.testing.AnsweringDialogs;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The overview's health figures from known data: words against the targets, new groups named, unserved queues warned. */
class OverviewHealthIT {
    private final Session session = Session.open(new ConnectionSettings("test", TestRedis.url(), TestRedis.newPrefix(),
            Environment.DEVELOPMENT, false));

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void aQueueWhoseMessagesAllDiedShowsItsNewGroupAndNoWorkerServingIt() {
        var engine = session.engine();
        var orders = engine.queue("orders");
        orders.updatePolicy(RetryPolicy.builder().maxAttempts(2).backoff(Backoff.none()).build());
        for (int i = 0; i < 3; i++) {
            orders.enqueue(io.redrive.engine.OutgoingMessage.json("{\"n\":" + i + "}"));
        }
        try (Worker worker = engine.worker("orders", d -> {
            throw new NonRetryableException("ledger rejected it");
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).build())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> orders.counts().dead() == 3);
        }
        OverviewViewModel model = new OverviewViewModel(new SessionContext(session, TaskExecutor.direct(), new AnsweringDialogs()));
        model.refresh();

        QueueRow row = model.queues().stream().filter(r -> r.getName().equals("orders")).findFirst().orElseThrow();
        // the closed worker's engine stops listing the queue at its next beat (every 5 s), or its beat goes stale
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            model.refresh();
            return row.unservedProperty().get();
        });
        assertThat(row.deadProperty().get()).isEqualTo(3);
        assertThat(row.newGroupsProperty().get()).singleElement()
                .satisfies(g -> assertThat(g.exceptionClass()).endsWith("NonRetryableException"));
        assertThat(row.deadLettersProperty().get()).startsWith("Oldest ").contains(" of 7 days kept");
        assertThat(row.resolutionProperty().get()).isEqualTo("None resolved yet");
        // the worker closed: nothing takes this queue's messages now, and the row says so
        assertThat(row.unservedProperty().get()).isTrue();
        assertThat(row.workersProperty().get()).isEqualTo("No live worker serves this queue");
        assertThat(row.healthProperty().get().minutes()).isNotEmpty();
    }

    @Test
    void ratesAndDurationsReadAsWordsAgainstTheirTargets() {
        var h = new io.redrive.engine.QueueHealth("q", java.time.Instant.EPOCH, Duration.ofHours(1), null, java.util.List.of(),
                0.94, 4, Duration.ofMinutes(190), Duration.ofHours(30), Duration.ofHours(3), Duration.ofDays(7), 312, java.util.List.of());
        assertThat(HealthWords.retrySuccess(h)).isEqualTo("94 %");
        assertThat(HealthWords.retryMissesTarget(h)).isFalse();
        assertThat(HealthWords.resolution(h)).isEqualTo("3 h 10 min (p90 1 day 6 h)");
        assertThat(HealthWords.resolutionMissesTarget(h)).isTrue();
        assertThat(HealthWords.deadLetters(h)).isEqualTo("Oldest 3 h of 7 days kept · 312 expire in the next 24 h");
    }

    @Test
    void theSparklineInWordsNamesThePeakOfCompleteMinutesAndTheLatestSize() {
        var t0 = java.time.Instant.parse("2026-01-01T10:00:00Z");
        var minutes = java.util.List.of(new io.redrive.engine.QueueHealth.Minute(t0, 14, 300L, true),
                new io.redrive.engine.QueueHealth.Minute(t0.plusSeconds(60), 2, 312L, true),
                new io.redrive.engine.QueueHealth.Minute(t0.plusSeconds(120), 40, 1312L, false));  // still counting
        var h = new io.redrive.engine.QueueHealth("q", t0, Duration.ofHours(1), null, minutes,
                null, 0, null, null, null, Duration.ofDays(7), 0, java.util.List.of());
        assertThat(HealthWords.trend(h)).isEqualTo("Red: at most 14 dead-lettered a minute in the last hour · blue: dead letters, now 1,312");
    }
}
