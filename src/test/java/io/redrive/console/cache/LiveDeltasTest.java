package io.redrive.console.cache;

import io.redrive.cache.CacheCounters;
import io.redrive.cache.CacheMinuteStats;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Re-reading a minute's totals yields what happened in between, across minute boundaries too. */
class LiveDeltasTest {
    private static final long MINUTE = 29_000_000;
    private final LiveDeltas deltas = new LiveDeltas();

    private static CacheMinuteStats at(long minute, long hits, long misses) {
        return new CacheMinuteStats("user", Instant.ofEpochSecond(minute * 60),
                new CacheCounters(hits, misses, misses, misses * 1_000_000, 0, 0, 0));
    }

    @Test
    void theFirstReadIsOnlyTheBaseline() {
        assertThat(deltas.advance(List.of(at(MINUTE, 10, 5)))).isNull();
        assertThat(deltas.minute()).isEqualTo(MINUTE);
    }

    @Test
    void laterReadsOfTheSameMinuteGiveTheDifference() {
        deltas.advance(List.of(at(MINUTE, 10, 5)));
        CacheCounters d = deltas.advance(List.of(at(MINUTE, 17, 6)));
        assertThat(d.hits()).isEqualTo(7);
        assertThat(d.misses()).isEqualTo(1);
        assertThat(d.hitRate()).isEqualTo(7 / 8.0);
    }

    @Test
    void whenTheMinuteRollsOverTheRestOfTheOldOneCountsToo() {
        deltas.advance(List.of(at(MINUTE, 10, 5)));
        CacheCounters d = deltas.advance(List.of(at(MINUTE, 12, 5), at(MINUTE + 1, 3, 1)));
        assertThat(d.hits()).isEqualTo(5);
        assertThat(d.misses()).isEqualTo(1);
        assertThat(deltas.minute()).isEqualTo(MINUTE + 1);
        assertThat(deltas.advance(List.of(at(MINUTE + 1, 4, 1))).hits()).isEqualTo(1);
    }

    @Test
    void aCounterThatWentDownStartsAgainFromZero() {
        deltas.advance(List.of(at(MINUTE, 10, 5)));
        assertThat(deltas.advance(List.of(at(MINUTE, 2, 1))).hits()).isEqualTo(2);
    }

    @Test
    void nothingReadIsNothingHappened() {
        deltas.advance(List.of(at(MINUTE, 1, 1)));
        assertThat(deltas.advance(List.of())).isEqualTo(CacheCounters.ZERO);
    }
}
