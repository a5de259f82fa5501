package io.redrive.ops;

import io.redrive.testing.TestTicker;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {
    private final TestTicker ticker = new TestTicker();

    @Test
    void aThousandPermitsAtAHundredPerSecondTakeAboutTenSecondsOfFakeTime() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(100, ticker);
        long before = ticker.nanos();

        for (int i = 0; i < 1_000; i++) {
            limiter.acquire(1);
        }

        // The first ten come out of the full bucket (a tenth of a second's worth), the other 990 at 10 ms each.
        Duration advanced = Duration.ofNanos(ticker.nanos() - before);
        assertThat(advanced).isCloseTo(Duration.ofMillis(9_900), Duration.ofMillis(1));
        assertThat(ticker.sleeps()).isEqualTo(990);
    }

    @Test
    void aRequestLargerThanTheBurstGoesIntoDebtAndWaitsItOut() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(100, ticker);

        limiter.acquire(500);

        assertThat(ticker.sleeps()).isEqualTo(1);
        assertThat(ticker.slept()).isCloseTo(Duration.ofMillis(4_900), Duration.ofMillis(1));

        // The sleep paid the debt off exactly: the next permit costs its own 10 ms and no more.
        limiter.acquire(1);
        assertThat(ticker.slept()).isCloseTo(Duration.ofMillis(4_910), Duration.ofMillis(1));
    }

    @Test
    void anUnlimitedRateNeverSleeps() throws InterruptedException {
        for (double rate : new double[] {0, -5, Double.POSITIVE_INFINITY}) {
            RateLimiter limiter = new RateLimiter(rate, ticker);
            assertThat(limiter.isUnlimited()).as("rate %s", rate).isTrue();
            for (int i = 0; i < 1_000; i++) {
                limiter.acquire(1_000);
            }
        }
        assertThat(ticker.sleeps()).isZero();
    }

    @Test
    void anIdleSpellRefillsTheBucketOnlyUpToTheBurst() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(100, 50, ticker);

        limiter.acquire(50);
        ticker.advance(Duration.ofHours(1));
        limiter.acquire(50);
        assertThat(ticker.sleeps()).as("a full bucket is taken at once").isZero();

        // An hour idle earned 360,000 permits, but the bucket holds 50 and they are gone.
        limiter.acquire(1);
        assertThat(ticker.slept()).isCloseTo(Duration.ofMillis(10), Duration.ofNanos(10));
    }

    @Test
    void timeThatPassedIsCreditedSoAPacedCallerDoesNotPayTwice() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(100, ticker);
        limiter.acquire(10);

        ticker.advance(Duration.ofMillis(50));
        limiter.acquire(10);

        // 50 ms earned 5 permits, so only the other 5 are waited for.
        assertThat(ticker.slept()).isCloseTo(Duration.ofMillis(50), Duration.ofNanos(10));
    }

    @Test
    void theBurstIsAtLeastOnePermitAndAtMostOneSecondsWorth() throws InterruptedException {
        assertThat(new RateLimiter(100, ticker).burst()).isEqualTo(10);
        assertThat(new RateLimiter(100, 1_000, ticker).burst()).isEqualTo(100);
        assertThat(new RateLimiter(100, 0, ticker).burst()).isEqualTo(1);

        RateLimiter slow = new RateLimiter(0.5, ticker);
        assertThat(slow.burst()).isEqualTo(1);
        slow.acquire(1);
        assertThat(ticker.sleeps()).isZero();
        slow.acquire(1);
        assertThat(ticker.slept()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void zeroPermitsNeverWait() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(1, ticker);
        limiter.acquire(1);
        limiter.acquire(0);
        assertThat(ticker.sleeps()).isZero();
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> new RateLimiter(Double.NaN, ticker)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(10, ticker).acquire(-1))
                .hasMessage("Permits must not be negative, got -1");
    }

    @Test
    void anInterruptedWaitOnTheSystemTickerThrows() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(0.001, Ticker.system());
        limiter.acquire(1);

        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> limiter.acquire(1)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("the interrupt was consumed by the exception").isFalse();
    }

    @Test
    void theSystemTickerSleepsAtLeastTheTimeAsked() throws InterruptedException {
        Ticker system = Ticker.system();
        long before = system.nanos();
        system.sleepNanos(Duration.ofMillis(20).toNanos());
        assertThat(system.nanos() - before).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    }
}
