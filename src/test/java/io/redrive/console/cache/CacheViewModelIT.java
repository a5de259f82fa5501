package io.redrive.console.cache;

import io.fair_acc.dataset.DataSet;
import io.redrive.cache.Cache;
import io.redrive.cache.CacheCounters;
import io.redrive.cache.CacheMinuteStats;
import io.redrive.console.ChartScreensTestSupport;
import io.redrive.console.Session;
import io.redrive.console.SessionContext;
import io.redrive.console.TaskExecutor;
import io.redrive.console.charts.ChartMarker;
import io.redrive.redis.ReadOnlyException;
import io.redrive.testing.AnsweringDialogs;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.redrive.console.ChartScreensTestSupport.awaitFlushed;
import static io.redrive.console.ChartScreensTestSupport.traffic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The cache screen's view model against a real Redis, without a toolkit: what it shows is what the cache counted. */
class CacheViewModelIT {
    private final String prefix = TestRedis.newPrefix();
    private final Cache other = ChartScreensTestSupport.otherCache(prefix);
    private final AnsweringDialogs dialogs = new AnsweringDialogs();
    private Session session = ChartScreensTestSupport.session(prefix, false);

    @AfterEach
    void close() {
        other.close();
        session.close();
    }

    private CacheViewModel model() {
        return new CacheViewModel(new SessionContext(session, TaskExecutor.direct(), dialogs));
    }

    @Test
    void theTableAndThePerMinuteSeriesShowTheCountersOfEveryProcess() {
        traffic(other, "user", "u", 5, 4);       // 5 misses, 15 hits
        traffic(other, "document", "d", 3, 1);   // 3 misses
        awaitFlushed(other, "user", 15, 5);
        awaitFlushed(other, "document", 0, 3);

        CacheViewModel model = model();
        model.tick();

        NamespaceRow user = model.row("user");
        assertThat(user.hitsProperty().get()).isEqualTo(15);
        assertThat(user.missesProperty().get()).isEqualTo(5);
        assertThat(user.hitRateProperty().get()).isEqualTo(0.75);
        assertThat(user.loadsProperty().get()).isEqualTo(5);
        assertThat(user.ttlSecondsProperty().get()).isEqualTo(900);
        assertThat(user.configuredTtlSecondsProperty().get()).isEqualTo(900);
        assertThat(model.row("document").hitRateProperty().get()).isZero();
        assertThat(model.row("graph").hitRateProperty().get()).as("no reads, no rate").isNaN();

        // one point per minute with reads, at the minute's start, at the hit rate Redis has for that minute
        Instant now = Instant.now();
        List<CacheMinuteStats> minutes = other.admin().stats("user", now.minus(Duration.ofHours(1)), now).stream()
                .filter(m -> m.counters().hits() + m.counters().misses() > 0).toList();
        DataSet perMinute = model.series().minutes("user");
        assertThat(perMinute.getDataCount()).isEqualTo(minutes.size());
        for (int i = 0; i < minutes.size(); i++) {
            assertThat(perMinute.get(DataSet.DIM_X, i)).isEqualTo(minutes.get(i).minute().getEpochSecond());
            assertThat(perMinute.get(DataSet.DIM_Y, i)).isEqualTo(100 * minutes.get(i).counters().hitRate());
        }
        assertThat(model.keyspaceProperty().get()).startsWith("Redis keyspace");
        assertThat(model.breakerProperty().get()).contains("closed");
    }

    @Test
    void eachLivePointIsTheHitRateOfWhatHappenedSinceThePreviousRead() {
        traffic(other, "user", "u", 2, 1);
        awaitFlushed(other, "user", 0, 2);
        CacheViewModel model = model();
        model.tick();  // the baseline: no live point yet
        assertThat(model.series().seconds("user").getDataCount()).isZero();

        traffic(other, "user", "u", 2, 3);       // 6 hits
        traffic(other, "user", "new", 2, 1);     // 2 misses
        awaitFlushed(other, "user", 6, 4);
        model.poll();

        DataSet live = model.series().seconds("user");
        assertThat(live.getDataCount()).isEqualTo(1);
        assertThat(live.get(DataSet.DIM_Y, 0)).isEqualTo(75.0);
        assertThat(live.get(DataSet.DIM_X, 0)).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5.0));
        assertThat(model.liveNowProperty().get()).isEqualTo(live.get(DataSet.DIM_X, 0));
    }

    @Test
    void aPausedChartTakesNoPointsAndCatchesUpOnResume() {
        traffic(other, "user", "u", 1, 1);
        awaitFlushed(other, "user", 0, 1);
        CacheViewModel model = model();
        model.tick();
        model.pausedProperty().set(true);
        traffic(other, "user", "u", 1, 2);
        awaitFlushed(other, "user", 2, 1);
        model.poll();
        assertThat(model.series().seconds("user").getDataCount()).isZero();
        assertThat(model.row("user").hitsProperty().get()).as("the table goes on").isEqualTo(2);

        model.pausedProperty().set(false);

        assertThat(model.series().seconds("user").getDataCount()).isEqualTo(1);
        assertThat(model.series().seconds("user").get(DataSet.DIM_Y, 0)).isEqualTo(100.0);
    }

    @Test
    void aTtlSetHereReachesAnotherHelperWithinASecondAndIsMarkedOnTheChart() {
        traffic(other, "user", "u", 3, 1);
        awaitFlushed(other, "user", 0, 3);
        CacheViewModel model = model();
        model.tick();
        model.select(model.row("user"));
        assertThat(model.ttlSecondsProperty().get()).isEqualTo(900);
        assertThat(model.sizeProperty().get()).startsWith("3 keys");
        assertThat(model.row("user").keysProperty().get()).isEqualTo(3);
        assertThat(model.ttlHistogram().getDataCount()).isPositive();

        model.ttlSecondsProperty().set(42);
        model.applyTtl();

        await().atMost(Duration.ofSeconds(1)).until(() -> other.settings("user").ttl().equals(Duration.ofSeconds(42)));
        assertThat(model.row("user").ttlSecondsProperty().get()).isEqualTo(42);
        assertThat(model.row("user").configuredTtlSecondsProperty().get()).isEqualTo(900);
        assertThat(model.markersProperty().get()).extracting(ChartMarker::label).containsExactly("user: TTL 42 s");
        assertThat(model.markersProperty().get().get(0).x()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5.0));
        assertThat(model.detailsProperty().get()).contains("TTL in force 42 s").contains("changed by " + session.actor().name());

        model.resetTtl();

        await().atMost(Duration.ofSeconds(1)).until(() -> other.settings("user").ttl().equals(Duration.ofSeconds(900)));
        assertThat(model.markersProperty().get()).extracting(ChartMarker::label)
                .containsExactly("user: TTL 42 s", "user: reset to default");
    }

    @Test
    void reapplyingGivesTheExistingKeysTheNewTtlAfterTheOperatorConfirms() {
        traffic(other, "user", "u", 4, 1);
        awaitFlushed(other, "user", 0, 4);
        CacheViewModel model = model();
        model.tick();
        model.select(model.row("user"));
        model.ttlSecondsProperty().set(30);
        model.reapplyProperty().set(true);

        model.applyTtl();

        assertThat(dialogs.asked()).singleElement().asString().contains("user").contains("30 s");
        await().atMost(Duration.ofSeconds(10)).until(() -> !model.reapplyingProperty().get());
        assertThat(model.reapplyStatusProperty().get()).isEqualTo("Re-applied to 4 keys");
        assertThat(model.reapplyProgressProperty().get()).isEqualTo(1.0);
        assertThat(other.admin().size("user", 10).remainingTtls()).hasSize(4).allSatisfy(ttl -> assertThat(ttl).isLessThanOrEqualTo(30_000));
    }

    @Test
    void aReadOnlyConnectionChangesNothing() {
        session.close();
        session = ChartScreensTestSupport.session(prefix, true);
        traffic(other, "user", "u", 1, 1);
        awaitFlushed(other, "user", 0, 1);
        CacheViewModel model = model();
        model.tick();
        model.select(model.row("user"));
        model.ttlSecondsProperty().set(5);

        // the view greys these out; called anyway, each reaches the cache, which refuses it with its sentence
        model.applyTtl();
        assertThat(model.errorProperty().get()).isEqualTo("Could not set the TTL: " + ReadOnlyException.SENTENCE);
        model.resetTtl();
        assertThat(model.errorProperty().get()).isEqualTo("Could not reset the namespace: " + ReadOnlyException.SENTENCE);
        model.setCachingEnabled(false);
        assertThat(model.errorProperty().get()).isEqualTo("Could not change the namespace: " + ReadOnlyException.SENTENCE);

        assertThat(other.settings("user").overridden()).isFalse();
        assertThat(other.admin().changes(Instant.now().minusSeconds(60), Instant.now())).isEmpty();
        CacheCounters seen = ChartScreensTestSupport.lastHour(other, "user");
        assertThat(seen.misses()).isEqualTo(1);
    }
}
