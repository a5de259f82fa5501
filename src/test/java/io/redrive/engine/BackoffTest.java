package io.redrive.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    @Test
    void delaysDoubleFromTheBase() {
        Backoff backoff = Backoff.exponential(Duration.ofSeconds(60));
        assertThat(backoff.nominalDelay(1)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.nominalDelay(2)).isEqualTo(Duration.ofSeconds(120));
        assertThat(backoff.nominalDelay(3)).isEqualTo(Duration.ofSeconds(240));
    }

    @Test
    void delaysStopAtTheCapEvenForHugeRetryNumbers() {
        Backoff backoff = Backoff.exponential(Duration.ofSeconds(60)).withCap(Duration.ofMinutes(10));
        assertThat(backoff.nominalDelay(4)).isEqualTo(Duration.ofSeconds(480));
        assertThat(backoff.nominalDelay(5)).isEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.nominalDelay(64)).isEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.nominalDelay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void jitterTakesOffAtMostItsFractionOfTheDelay() {
        Backoff backoff = Backoff.exponential(Duration.ofSeconds(100)).withJitter(0.25);
        assertThat(backoff.delay(1, () -> 0.0)).isEqualTo(Duration.ofSeconds(100));
        assertThat(backoff.delay(1, () -> 0.5)).isEqualTo(Duration.ofMillis(87_500));
        assertThat(backoff.delay(1, () -> 0.999_999)).isGreaterThanOrEqualTo(Duration.ofSeconds(75));
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(1)).withJitter(1.5))
                .hasMessage("Backoff jitter must be between 0 and 1, got 1.5");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(-1)))
                .hasMessage("Backoff base and cap must not be negative");
        assertThatThrownBy(() -> Backoff.none().nominalDelay(0)).hasMessage("Retry number starts at 1, got 0");
    }
}
