package io.redrive.engine;

import io.redrive.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MessageIdsTest {

    @Test
    void idsAreTwentySixBase32CharactersThatSortByTime() {
        TestClock clock = new TestClock();
        String earlier = MessageIds.next(clock);
        clock.advance(Duration.ofMillis(1));
        String later = MessageIds.next(clock);
        assertThat(earlier).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(earlier.compareTo(later)).isNegative();
    }

    @Test
    void idsMadeInTheSameMillisecondDiffer() {
        TestClock clock = new TestClock();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(MessageIds.next(clock));
        }
        assertThat(ids).hasSize(100_000);
    }
}
