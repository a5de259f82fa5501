package io.redrive.console.timeline;

import io.redrive.engine.Backoff;
import io.redrive.engine.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The what-if shows the engine's own delays: RetryPolicy.retryDelays() and timeUntilDeadLetter(). */
class PolicyWhatIfTest {

    @Test
    void theWhatIfListsExactlyThePolicysRetryDelays() {
        RetryPolicy policy = PolicyWhatIf.policy(8, Duration.ofSeconds(30), Duration.ofMinutes(10), 0.25, Duration.ofDays(3));

        PolicyWhatIf whatIf = PolicyWhatIf.of(policy);

        assertThat(whatIf.delays()).extracting(PolicyWhatIf.Delay::delay).isEqualTo(policy.retryDelays());
        assertThat(whatIf.delays()).extracting(PolicyWhatIf.Delay::retry).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(whatIf.untilDeadLetter()).isEqualTo(policy.timeUntilDeadLetter());
        assertThat(whatIf.delays().get(whatIf.delays().size() - 1).cumulative()).isEqualTo(policy.timeUntilDeadLetter());
        assertThat(policy.backoff()).isEqualTo(Backoff.exponential(Duration.ofSeconds(30)).withCap(Duration.ofMinutes(10)).withJitter(0.25));
        assertThat(policy.deadLetterRetention()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void delaysDoubleUntilTheCapAndJitterCanTakeItsShareOff() {
        PolicyWhatIf whatIf = PolicyWhatIf.of(PolicyWhatIf.policy(6, Duration.ofSeconds(10), Duration.ofSeconds(60), 0.5, Duration.ofDays(1)));
        assertThat(whatIf.delays()).extracting(d -> d.delay().toSeconds()).containsExactly(10L, 20L, 40L, 60L, 60L);
        assertThat(whatIf.delays()).extracting(d -> d.shortest().toSeconds()).containsExactly(5L, 10L, 20L, 30L, 30L);
        assertThat(whatIf.untilDeadLetter()).isEqualTo(Duration.ofSeconds(190));
    }

    @Test
    void oneAttemptMeansNoRetries() {
        assertThat(PolicyWhatIf.of(PolicyWhatIf.policy(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ofDays(1))).delays())
                .isEqualTo(List.of());
    }

    @Test
    void aCapBelowTheBaseOrJitterAboveOneIsRefusedWithTheReason() {
        assertThatThrownBy(() -> PolicyWhatIf.policy(3, Duration.ofSeconds(60), Duration.ofSeconds(30), 0, Duration.ofDays(1)))
                .hasMessageContaining("cap");
        assertThatThrownBy(() -> PolicyWhatIf.policy(3, Duration.ofSeconds(1), Duration.ofSeconds(30), 1.5, Duration.ofDays(1)))
                .hasMessageContaining("jitter");
    }
}
