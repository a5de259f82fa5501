package io.redrive.cache;

import io.redrive.cache.CircuitBreaker.State;
import io.redrive.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {
    private static final Duration OPEN_TIME = Duration.ofSeconds(5);

    private final TestClock clock = new TestClock();
    private final CircuitBreaker breaker = new CircuitBreaker(3, OPEN_TIME, clock);

    @Test
    void itStaysClosedUntilTheThresholdOfFailuresInARow() {
        breaker.failure();
        breaker.failure();

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.allow()).isTrue();

        breaker.failure();

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.allow()).isFalse();
        assertThat(breaker.timesOpened()).isEqualTo(1);
    }

    @Test
    void aSuccessStartsTheCountOfFailuresAgain() {
        breaker.failure();
        breaker.failure();
        breaker.success();
        breaker.failure();
        breaker.failure();

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.allow()).isTrue();
    }

    @Test
    void anOpenBreakerLetsOneProbeThroughOnceTheOpenTimeHasPassed() {
        open();

        clock.advance(OPEN_TIME.minusMillis(1));
        assertThat(breaker.allow()).isFalse();
        assertThat(breaker.state()).isEqualTo(State.OPEN);

        clock.advance(Duration.ofMillis(1));
        assertThat(breaker.allow()).as("the probe").isTrue();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.allow()).as("a second caller while the probe runs").isFalse();
    }

    @Test
    void aSuccessfulProbeClosesTheBreaker() {
        open();
        clock.advance(OPEN_TIME);
        assertThat(breaker.allow()).isTrue();

        breaker.success();

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.allow()).isTrue();
        assertThat(breaker.allow()).isTrue();
    }

    @Test
    void aFailedProbeReopensTheBreakerForAnotherOpenTime() {
        open();
        clock.advance(OPEN_TIME);
        assertThat(breaker.allow()).isTrue();

        breaker.failure();

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.timesOpened()).isEqualTo(2);
        clock.advance(OPEN_TIME.minusMillis(1));
        assertThat(breaker.allow()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(breaker.allow()).isTrue();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void anAbandonedProbeIsGivenBackSoTheNextCallProbesAtOnce() {
        open();
        clock.advance(OPEN_TIME);
        assertThat(breaker.allow()).as("the probe").isTrue();

        breaker.abandon();

        assertThat(breaker.allow()).as("the next call, with no further wait").isTrue();
        assertThat(breaker.allow()).as("a second caller while that probe runs").isFalse();
        breaker.success();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void abandoningACallWhileClosedChangesNothing() {
        breaker.failure();
        breaker.failure();
        assertThat(breaker.allow()).isTrue();

        breaker.abandon();
        breaker.failure();

        assertThat(breaker.state()).as("the third failure in a row still opens it").isEqualTo(State.OPEN);
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            breaker.failure();
        }
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }
}
