package io.redrive.console.timeline;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleDataSet;
import io.redrive.cache.Cache;
import io.redrive.cache.CacheCounters;
import io.redrive.cache.CacheMinuteStats;
import io.redrive.console.ChartScreensTestSupport;
import io.redrive.console.Session;
import io.redrive.console.SessionContext;
import io.redrive.console.TaskExecutor;
import io.redrive.engine.Backoff;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.MinuteMetrics;
import io.redrive.engine.NonRetryableException;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.redis.ReadOnlyException;
import io.redrive.testing.AnsweringDialogs;
import io.redrive.testing.KeyDigest;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.redrive.console.ChartScreensTestSupport.awaitFlushed;
import static io.redrive.console.ChartScreensTestSupport.traffic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The retry timelines' view model against a real Redis, without a toolkit: its series are the engine's metrics. */
class TimelineViewModelIT {
    private static final RetryPolicy SLOW_RETRIES = RetryPolicy.builder().maxAttempts(3)
            .backoff(Backoff.exponential(Duration.ofMinutes(10))).build();

    private static final Clock A_MINUTE_AGO = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-1));

    private final String prefix = TestRedis.newPrefix();
    private final AnsweringDialogs dialogs = new AnsweringDialogs();
    private final List<String> ids = new ArrayList<>();
    private Engine producer;
    private Cache cache;
    private Session session;

    /** Five orders: four fail and wait ten minutes for their retry, one is poison and dies at once. */
    @BeforeEach
    void workload() throws Exception {
        // the workload happens a minute ago: the charts leave out the minute under way, so its figures must be in
        // a minute that is over
        producer = Engine.connect(EngineOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix)
                .clock(A_MINUTE_AGO).upkeep(false).commandTimeout(Duration.ofSeconds(5)).build());
        Queue orders = producer.queue("orders");
        orders.updatePolicy(SLOW_RETRIES);
        for (int i = 0; i < 4; i++) {
            ids.add(orders.enqueue(OutgoingMessage.json("{\"order\":" + i + "}")));
        }
        ids.add(orders.enqueue(OutgoingMessage.of("poison")));
        producer.queue("emails").enqueue(OutgoingMessage.of("hello"));
        try (Worker worker = producer.worker("orders", d -> {
            if (d.text().equals("poison")) {
                throw new NonRetryableException("cannot parse");
            }
            throw new IllegalStateException("out of stock");
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).build())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> orders.counts().scheduled() == 4 && orders.counts().dead() == 1);
        }
        cache = ChartScreensTestSupport.otherCache(prefix, A_MINUTE_AGO);
        traffic(cache, "user", "u", 2, 5);  // 2 misses, 8 hits
        awaitFlushed(cache, "user", 8, 2);
        session = ChartScreensTestSupport.session(prefix, false);
    }

    @AfterEach
    void close() {
        session.close();
        cache.close();
        producer.close();
    }

    private TimelineViewModel model() {
        TimelineViewModel model = new TimelineViewModel(new SessionContext(session, TaskExecutor.direct(), dialogs));
        model.reload();
        return model;
    }

    @Test
    void theOutcomeSeriesAreTheQueuesPerMinuteMetrics() {
        TimelineViewModel model = model();
        assertThat(model.queues()).containsExactly("emails", "orders");
        model.queueProperty().set("orders");

        List<DoubleDataSet> outcomes = model.outcomes();
        DoubleDataSet enqueued = outcomes.get(0);
        Instant first = Instant.ofEpochSecond((long) enqueued.get(DataSet.DIM_X, 0));
        Instant last = Instant.ofEpochSecond((long) enqueued.get(DataSet.DIM_X, enqueued.getDataCount() - 1));
        List<MinuteMetrics> metrics = producer.queue("orders").metrics(first, last);
        // the hour before the queue's first activity is not drawn as zeros: the series starts at that minute
        assertThat(enqueued.getDataCount()).isEqualTo(metrics.size()).isBetween(1, 3);
        assertThat(metrics.get(0).active()).isTrue();
        assertThat(producer.queue("orders").metrics(first.minus(Duration.ofMinutes(30)), first.minusSeconds(60)))
                .noneMatch(MinuteMetrics::active);
        for (int i = 0; i < metrics.size(); i++) {
            MinuteMetrics m = metrics.get(i);
            assertThat(enqueued.get(DataSet.DIM_X, i)).isEqualTo(m.minute().getEpochSecond());
            assertThat(enqueued.get(DataSet.DIM_Y, i)).isEqualTo(m.enqueued());
            assertThat(outcomes.get(1).get(DataSet.DIM_Y, i)).isEqualTo(m.succeeded());
            assertThat(outcomes.get(2).get(DataSet.DIM_Y, i)).isEqualTo(m.failed());
            assertThat(outcomes.get(3).get(DataSet.DIM_Y, i)).isEqualTo(m.retried());
            assertThat(outcomes.get(4).get(DataSet.DIM_Y, i)).isEqualTo(m.deadLettered());
        }
        assertThat(sum(enqueued)).isEqualTo(5);
        assertThat(sum(outcomes.get(2))).isEqualTo(5);
        assertThat(sum(outcomes.get(3))).isEqualTo(4);
        assertThat(sum(outcomes.get(4))).isEqualTo(1);
    }

    @Test
    void upcomingRetriesAreCountedPerQueueAndMinuteAsTheEngineCountsThem() {
        TimelineViewModel model = model();
        assertThat(model.upcoming()).extracting(DataSet::getName).containsExactly("emails", "orders");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            model.refresh();
            long[] expected = producer.retries().upcoming("orders", Instant.now(), Duration.ofMinutes(1), TimelineViewModel.UPCOMING_MINUTES);
            DataSet orders = model.upcoming().get(1);
            assertThat(orders.getDataCount()).isEqualTo(TimelineViewModel.UPCOMING_MINUTES);
            for (int i = 0; i < expected.length; i++) {
                assertThat(orders.get(DataSet.DIM_X, i)).isEqualTo(i);
                assertThat(orders.get(DataSet.DIM_Y, i)).as("minute %d", i).isEqualTo(expected[i]);
            }
        });
        assertThat(sum((DoubleDataSet) model.upcoming().get(1))).isEqualTo(4);
        assertThat(sum((DoubleDataSet) model.upcoming().get(0))).isZero();
    }

    @Test
    void theCorrelationChartHasTheDeadLetterRateAndTheCacheHitRateOnOneTimeAxis() {
        TimelineViewModel model = model();
        assertThat(sum(model.deadLetterRate())).isEqualTo(1);
        Instant now = Instant.now();
        Map<Long, CacheCounters> perMinute = new TreeMap<>();
        for (CacheMinuteStats m : cache.admin().stats("user", now.minus(Duration.ofHours(1)), now)) {
            if (m.counters().hits() + m.counters().misses() > 0) {
                perMinute.put(m.minute().getEpochSecond(), m.counters());
            }
        }
        DoubleDataSet hitRate = model.cacheHitRate();
        assertThat(hitRate.getDataCount()).isEqualTo(perMinute.size());
        int i = 0;
        for (Map.Entry<Long, CacheCounters> e : perMinute.entrySet()) {
            assertThat(hitRate.get(DataSet.DIM_X, i)).isEqualTo((double) e.getKey());
            assertThat(hitRate.get(DataSet.DIM_Y, i)).isEqualTo(100 * e.getValue().hitRate());
            i++;
        }
    }

    @Test
    void aMessagesAttemptsAndTheAttemptsStillToComeUnderTheCurrentPolicy() {
        TimelineViewModel model = model();

        model.showMessage("orders", ids.get(0));

        var message = producer.queue("orders").message(ids.get(0)).orElseThrow();
        assertThat(model.attempts()).extracting(TimelineViewModel.AttemptRow::attempt).containsExactly("1", "2 (projected)", "3 (projected)");
        assertThat(model.attempts().get(0).result()).startsWith("failed: IllegalStateException: out of stock");
        assertThat(model.attempts().get(1).result()).isEqualTo("after a backoff of 10 min");
        assertThat(model.attempts().get(2).result()).isEqualTo("after a backoff of 20 min");
        assertThat(model.messageSummaryProperty().get()).contains("scheduled").contains("1 attempt made");
        assertThat(model.attemptSpans().getDataCount()).isEqualTo(3);  // start, end, gap
        DoubleDataSet projected = model.projectedAttempts();
        assertThat(projected.get(DataSet.DIM_X, projected.getDataCount() - 3)).isEqualTo(message.nextAttemptAt().toEpochMilli() / 1000.0);
        assertThat(projected.get(DataSet.DIM_X, projected.getDataCount() - 1))
                .isEqualTo(message.nextAttemptAt().plus(SLOW_RETRIES.backoff().nominalDelay(2)).toEpochMilli() / 1000.0);

        model.showMessage("orders", "no-such-id");
        assertThat(model.attempts()).isEmpty();
        assertThat(model.messageSummaryProperty().get()).startsWith("There is no message no-such-id");
    }

    @Test
    void theWhatIfIsThePolicysRetryDelaysAndApplyStoresItForEveryEngine() {
        TimelineViewModel model = model();
        model.queueProperty().set("orders");
        assertThat(model.currentPolicyProperty().get()).contains("3 attempts").contains("10 min");
        assertThat(model.policyChangedProperty().get()).isFalse();

        model.maxAttemptsProperty().set(6);
        model.baseSecondsProperty().set(5);
        model.capSecondsProperty().set(60);
        model.jitterProperty().set(0.2);
        model.retentionDaysProperty().set(2);

        RetryPolicy edited = model.editedPolicy().orElseThrow();
        assertThat(model.whatIf()).extracting(PolicyWhatIf.Delay::delay).isEqualTo(edited.retryDelays())
                .extracting(Duration::toSeconds).containsExactly(5L, 10L, 20L, 40L, 60L);
        assertThat(model.whatIfDelays().getDataCount()).isEqualTo(5);
        assertThat(model.whatIfDelays().get(DataSet.DIM_Y, 4)).isEqualTo(60.0);
        assertThat(model.untilDeadLetterProperty().get()).contains("6 attempts").contains("2 min 15 s");
        assertThat(model.policyChangedProperty().get()).isTrue();

        model.applyPolicy();

        assertThat(dialogs.asked()).singleElement().asString().contains("orders").contains("6 attempts");
        await().atMost(Duration.ofSeconds(2)).until(() -> producer.existingQueue("orders").policy().equals(edited));
        assertThat(model.policyChangedProperty().get()).isFalse();
        assertThat(model.currentPolicyProperty().get()).contains("6 attempts");
    }

    @Test
    void anInvalidPolicyIsExplainedAndCannotBeApplied() {
        TimelineViewModel model = model();
        model.queueProperty().set("orders");
        model.baseSecondsProperty().set(120);
        model.capSecondsProperty().set(60);

        assertThat(model.editedPolicy()).isEmpty();
        assertThat(model.policyErrorProperty().get()).contains("cap");
        model.applyPolicy();
        assertThat(dialogs.asked()).isEmpty();
        assertThat(producer.existingQueue("orders").policy()).isEqualTo(SLOW_RETRIES);
    }

    @Test
    void onAReadOnlyConnectionApplyReachesTheEngineWhichRefusesItWithItsSentence() {
        session.close();
        session = ChartScreensTestSupport.session(prefix, true);
        TimelineViewModel model = model();
        model.queueProperty().set("orders");
        model.maxAttemptsProperty().set(6);
        Map<String, String> before = KeyDigest.snapshot(TestRedis.url(), prefix);

        model.applyPolicy();  // the view greys Apply out; called anyway

        assertThat(model.policyErrorProperty().get()).isEqualTo("Could not change the policy: " + ReadOnlyException.SENTENCE);
        assertThat(producer.existingQueue("orders").policy()).isEqualTo(SLOW_RETRIES);
        assertThat(KeyDigest.snapshot(TestRedis.url(), prefix)).as("every key of the prefix").isEqualTo(before);
    }

    private static double sum(DoubleDataSet data) {
        double total = 0;
        for (int i = 0; i < data.getDataCount(); i++) {
            total += data.get(DataSet.DIM_Y, i);
        }
        return total;
    }
}
