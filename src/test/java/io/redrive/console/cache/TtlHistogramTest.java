package io.redrive.console.cache;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Remaining TTLs land in equal bins from zero to the TTL, or to the longest remaining one. */
class TtlHistogramTest {

    @Test
    void remainingTtlsAreCountedInEqualBinsUpToTheTtl() {
        TtlHistogram h = TtlHistogram.of(List.of(0L, 9_999L, 10_000L, 55_000L, 99_999L), Duration.ofSeconds(100), 10);
        assertThat(h.width()).isEqualTo(10.0);
        assertThat(h.centers()).startsWith(5.0, 15.0).endsWith(95.0);
        assertThat(h.counts()).containsExactly(2, 1, 0, 0, 0, 1, 0, 0, 0, 1);
        assertThat(h.total()).isEqualTo(5);
    }

    @Test
    void keysThatOutliveAShortenedTtlWidenTheRange() {
        TtlHistogram h = TtlHistogram.of(List.of(200_000L), Duration.ofSeconds(100), 4);
        assertThat(h.width()).isEqualTo(50.0);
        assertThat(h.counts()).containsExactly(0, 0, 0, 1);
    }
}
