package io.redrive.ops;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class TimeWordsTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final Instant NOW = ZonedDateTime.of(2026, 5, 4, 16, 0, 0, 0, ZONE).toInstant();

    @Test
    void durationsReadInAtMostTwoUnitsWithoutPaddingZeros() {
        assertThat(TimeWords.duration(Duration.ZERO)).isEqualTo("0 s");
        assertThat(TimeWords.duration(Duration.ofMillis(18))).isEqualTo("18 ms");
        assertThat(TimeWords.duration(Duration.ofSeconds(5))).isEqualTo("5 s");
        assertThat(TimeWords.duration(Duration.ofSeconds(65))).isEqualTo("1 min 5 s");
        assertThat(TimeWords.duration(Duration.ofMinutes(3))).isEqualTo("3 min");
        assertThat(TimeWords.duration(Duration.ofMinutes(123))).isEqualTo("2 h 3 min");
        assertThat(TimeWords.duration(Duration.ofHours(30))).isEqualTo("1 day 6 h");
        assertThat(TimeWords.duration(Duration.ofDays(7))).isEqualTo("7 days");
    }

    @Test
    void shortDurationsKeepATenthAndLongerOnesRoundToTheSecond() {
        assertThat(TimeWords.duration(Duration.ofMillis(4_240))).isEqualTo("4.2 s");
        assertThat(TimeWords.duration(Duration.ofMillis(2_000))).isEqualTo("2 s");
        assertThat(TimeWords.duration(Duration.ofMillis(9_960))).isEqualTo("10 s");
        assertThat(TimeWords.duration(Duration.ofMillis(12_600))).isEqualTo("13 s");
        assertThat(TimeWords.duration(Duration.ofMillis(59_600))).isEqualTo("1 min");
        assertThat(TimeWords.duration(Duration.ofSeconds(-90))).isEqualTo("1 min 30 s");
    }

    @Test
    void timesTodayAreClockTimesAndOtherDaysCarryTheDate() {
        Instant today = ZonedDateTime.of(2026, 5, 4, 14, 5, 32, 0, ZONE).toInstant();
        assertThat(TimeWords.time(today, NOW, ZONE)).isEqualTo("14:05:32");
        assertThat(TimeWords.time(today.minus(Duration.ofDays(1)), NOW, ZONE)).isEqualTo("2026-05-03 14:05:32");
        assertThat(TimeWords.dateTime(today, ZONE)).isEqualTo("2026-05-04 14:05:32");
        assertThat(TimeWords.clock(today.minusSeconds(32).plusMillis(999), ZONE)).isEqualTo("14:05:00");
        assertThat(TimeWords.time(null, NOW, ZONE)).isEmpty();
        assertThat(TimeWords.dateTime(null, ZONE)).isEmpty();
    }
}
