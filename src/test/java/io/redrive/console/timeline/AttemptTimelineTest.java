package io.redrive.console.timeline;

import io.redrive.engine.Backoff;
import io.redrive.engine.Message;
import io.redrive.engine.MessageState;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.TimelineEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A message's attempts come from its leased and failed events; what is still to come from the policy. */
class AttemptTimelineTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final RetryPolicy policy = RetryPolicy.builder().maxAttempts(5)
            .backoff(Backoff.exponential(Duration.ofSeconds(10)).withCap(Duration.ofSeconds(60))).build();

    private static Message message(MessageState state, int attempts, Instant nextAttemptAt) {
        return new Message("m1", "orders", state, new byte[0], Map.of(), attempts, 0, T0, T0, nextAttemptAt, null,
                "IllegalStateException: no stock", null, null);
    }

    private static TimelineEvent event(long seconds, String type, Map<String, Object> attributes) {
        return new TimelineEvent(T0.plusSeconds(seconds), type, attributes);
    }

    @Test
    void attemptsTheirDurationsErrorsAndBackoffGapsComeFromTheTimeline() {
        List<TimelineEvent> events = List.of(
                event(0, "enqueued", Map.of()),
                event(1, "leased", Map.of("by", "w1", "attempt", 1)),
                event(3, "failed", Map.of("attempt", 1, "error", "IllegalStateException: no stock")),
                event(3, "retry-scheduled", Map.of("dueAt", T0.plusSeconds(13).toEpochMilli())),
                event(14, "leased", Map.of("by", "w1", "attempt", 2L)),
                event(15, "failed", Map.of("attempt", 2L, "error", "IllegalStateException: still none")),
                event(15, "retry-scheduled", Map.of("dueAt", T0.plusSeconds(35).toEpochMilli())));
        Message scheduled = message(MessageState.SCHEDULED, 2, T0.plusSeconds(35));

        AttemptTimeline t = AttemptTimeline.of(scheduled, events, policy, T0.plusSeconds(20));

        assertThat(t.attempts()).hasSize(2);
        AttemptTimeline.Attempt first = t.attempts().get(0);
        assertThat(first.number()).isEqualTo(1);
        assertThat(first.duration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(first.outcome()).isEqualTo("failed");
        assertThat(first.error()).isEqualTo("IllegalStateException: no stock");
        assertThat(first.waitAfter()).isEqualTo(Duration.ofSeconds(11));
        assertThat(t.attempts().get(1).waitAfter()).isNull();

        // the next attempt when it is due, then each further one after the nominal backoff
        assertThat(t.projected()).extracting(AttemptTimeline.Projected::number).containsExactly(3, 4, 5);
        assertThat(t.projected()).extracting(AttemptTimeline.Projected::at)
                .containsExactly(T0.plusSeconds(35), T0.plusSeconds(35 + 40), T0.plusSeconds(35 + 40 + 60));
        assertThat(t.projected()).extracting(AttemptTimeline.Projected::delay)
                .containsExactly(policy.backoff().nominalDelay(2), policy.backoff().nominalDelay(3), policy.backoff().nominalDelay(4));
    }

    @Test
    void anAttemptUnderWayIsRunningAndTheProjectionStartsAfterItsBackoff() {
        Instant now = T0.plusSeconds(5);
        AttemptTimeline t = AttemptTimeline.of(message(MessageState.IN_FLIGHT, 1, null),
                List.of(event(0, "enqueued", Map.of()), event(4, "leased", Map.of("by", "w1", "attempt", 1L))), policy, now);
        assertThat(t.attempts()).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("running");
            assertThat(a.end()).isNull();
        });
        assertThat(t.projected().get(0).at()).isEqualTo(now.plusSeconds(10));
        assertThat(t.projected()).hasSize(4);
    }

    @Test
    void aDeadLetterHasNothingAhead() {
        AttemptTimeline t = AttemptTimeline.of(message(MessageState.DEAD, 5, null), List.of(), policy, T0);
        assertThat(t.projected()).isEmpty();
    }
}
