package io.redrive.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    @Test
    void theDefaultsAreTheOriginalDesigns() {
        RetryPolicy policy = RetryPolicy.defaults();
        assertThat(policy.maxAttempts()).isEqualTo(3);
        assertThat(policy.backoff().base()).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.deadLetterRetention()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void theScheduleHasOneDelayPerRetryAndAddsUpToTheTimeUntilDeadLetter() {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(4).backoff(Backoff.exponential(Duration.ofSeconds(10))).build();
        assertThat(policy.retryDelays()).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40));
        assertThat(policy.timeUntilDeadLetter()).isEqualTo(Duration.ofSeconds(70));
        assertThat(RetryPolicy.builder().maxAttempts(1).build().retryDelays()).isEqualTo(List.of());
    }

    @Test
    void mutateChangesOnlyWhatItIsTold() {
        RetryPolicy policy = RetryPolicy.defaults().mutate().maxAttempts(5).build();
        assertThat(policy.maxAttempts()).isEqualTo(5);
        assertThat(policy.backoff()).isEqualTo(RetryPolicy.defaults().backoff());
        assertThat(policy).isNotEqualTo(RetryPolicy.defaults());
    }

    @Test
    void impossiblePoliciesAreRefused() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
                .hasMessage("Max attempts must be at least 1, got 0");
        assertThatThrownBy(() -> RetryPolicy.builder().deadLetterRetention(Duration.ZERO).build())
                .hasMessage("Dead-letter retention must be positive, got PT0S");
    }
}
