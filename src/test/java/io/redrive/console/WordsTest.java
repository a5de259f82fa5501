package io.redrive.console;

import io.redrive.engine.TimelineEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class WordsTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final Instant NOW = ZonedDateTime.of(2026, 5, 4, 16, 0, 0, 0, ZONE).toInstant();

    @Test
    void durationsReadInAtMostTwoUnits() {
        assertThat(Words.duration(Duration.ofMillis(750))).isEqualTo("750 ms");
        assertThat(Words.duration(Duration.ofSeconds(5))).isEqualTo("5 s");
        assertThat(Words.duration(Duration.ofSeconds(200))).isEqualTo("3 min 20 s");
        assertThat(Words.duration(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
        assertThat(Words.duration(Duration.ofHours(168))).isEqualTo("7 days");
        assertThat(Words.duration(Duration.ofHours(30))).isEqualTo("1 day 6 h");
    }

    @Test
    void timesTodayAreClockTimesAndOtherDaysCarryTheDate() {
        Instant today = ZonedDateTime.of(2026, 5, 4, 14, 5, 32, 0, ZONE).toInstant();
        Instant yesterday = today.minus(Duration.ofDays(1));
        assertThat(Words.time(today, NOW, ZONE)).isEqualTo("14:05:32");
        assertThat(Words.time(yesterday, NOW, ZONE)).isEqualTo("2026-05-03 14:05:32");
        assertThat(Words.time(null, NOW, ZONE)).isEmpty();
    }

    @Test
    void timelineEventsShowLocalTimesAndWordsNotStoredValues() {
        Instant due = ZonedDateTime.of(2026, 5, 4, 14, 5, 32, 0, ZONE).toInstant();
        TimelineEvent scheduled = new TimelineEvent(NOW, "retry-scheduled", Map.of("dueAt", due.toEpochMilli(), "attempt", 2));
        TimelineEvent dead = new TimelineEvent(NOW, "dead-lettered", Map.of("reason", "exhausted"));
        TimelineEvent failed = new TimelineEvent(NOW, "failed", Map.of("attempt", 1, "exception", "java.io.IOException",
                "message", "timeout", "stackTrace", "at x.y(Z.java:1)", "by", "w-1", "host", "h"));

        assertThat(EventWords.details(scheduled, NOW, ZONE)).isEqualTo("attempt 2 · due 14:05:32");
        assertThat(EventWords.details(dead, NOW, ZONE)).isEqualTo("no attempts left");
        assertThat(EventWords.details(failed, NOW, ZONE)).isEqualTo("attempt 1 · error: java.io.IOException: timeout · by w-1");
    }

    @Test
    void aClockTimeKeepsItsSecondsOnTheMinute() {
        Instant onTheMinute = Instant.parse("2026-12-05T02:36:00Z");

        assertThat(Words.clock(onTheMinute, ZoneOffset.UTC)).isEqualTo("02:36:00");
        assertThat(Words.clock(onTheMinute.plusMillis(999), ZoneOffset.UTC)).isEqualTo("02:36:00");
        assertThat(Words.clock(null, ZoneOffset.UTC)).isEmpty();
    }
}
