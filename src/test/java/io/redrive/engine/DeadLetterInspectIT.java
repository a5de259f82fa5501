package io.redrive.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterInspectIT extends DeadLetterTestSupport {

    @Test
    void showHasThePayloadHeadersEveryAttemptsErrorWithItsStackTraceAndTheTimeline() {
        Engine engine = engine();
        engine.queue("orders").updatePolicy(THREE_QUICK_ATTEMPTS);
        Instant enqueued = clock.instant();
        String id = deadLetter(engine, "orders", OutgoingMessage.json("{\"order\":42}").traceId("trace-42").header("tenant", "acme"),
                d -> new IllegalStateException("attempt " + d.attempt() + " failed", new IOException("connection reset by peer")));

        DeadLetterDetail detail = engine.deadLetters().show("orders", id).orElseThrow();

        Message message = detail.message();
        assertThat(message.state()).isEqualTo(MessageState.DEAD);
        assertThat(message.text()).isEqualTo("{\"order\":42}");
        assertThat(message.headers()).containsExactly(Map.entry("content-type", "application/json"),
                Map.entry("trace-id", "trace-42"), Map.entry("tenant", "acme"));
        assertThat(message.attempts()).isEqualTo(3);
        assertThat(message.enqueuedAt()).isEqualTo(enqueued);
        assertThat(message.deadReason()).isEqualTo("exhausted");
        assertThat(detail.errorClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(detail.group()).matches("[0-9a-f]{12}");
        assertThat(detail.version()).isZero();
        assertThat(detail.versions()).isEmpty();
        assertThat(detail.errors()).extracting(AttemptError::attempt).containsExactly(1, 2, 3);
        assertThat(detail.errors()).extracting(AttemptError::message).containsExactly("attempt 1 failed", "attempt 2 failed", "attempt 3 failed");
        assertThat(detail.errors()).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(IllegalStateException.class.getName());
            assertThat(e.stackTrace()).startsWith("java.lang.IllegalStateException: attempt ")
                    .contains("\tat io.redrive.engine.DeadLetterInspectIT")
                    .contains("Caused by: java.io.IOException: connection reset by peer");
            assertThat(e.worker()).startsWith(engine.id());
            assertThat(e.host()).isEqualTo(engine.host());
        });
        assertThat(detail.timeline()).extracting(TimelineEvent::type).containsExactly("enqueued",
                "leased", "failed", "retry-scheduled", "leased", "failed", "retry-scheduled", "leased", "failed", "dead-lettered");
        assertThat(detail.timeline().get(detail.timeline().size() - 1).attributes()).containsEntry("reason", "exhausted");
    }

    @Test
    void theTimelineRecordsEveryOperatorActionInOrderWithWhoDidIt() {
        Engine engine = oneAttemptEngine();
        String id = deadLetter(engine, "orders", OutgoingMessage.json("{\"order\":1}"), d -> new IllegalStateException("no stock"));
        DeadLetters letters = engine.deadLetters();

        clock.advance(Duration.ofMinutes(1));
        letters.edit("orders", id, 0, "{\"order\":1,\"stock\":\"reserved\"}".getBytes(), Map.of("content-type", "application/json"),
                "reserved stock by hand", ALICE);
        clock.advance(Duration.ofMinutes(1));
        finished(letters.purge(DeadLetterTarget.ids("orders", List.of(id)), 0, BOB));
        DeadLetterDetail trashed = letters.show("orders", id).orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        finished(letters.restore("orders", List.of(id), ALICE));
        clock.advance(Duration.ofMinutes(1));
        finished(letters.replay(DeadLetterTarget.ids("orders", List.of(id)), ReplayOptions.defaults(BOB)));

        assertThat(trashed.message().state()).isEqualTo(MessageState.TRASHED);
        List<TimelineEvent> timeline = letters.show("orders", id).orElseThrow().timeline();
        assertThat(timeline).extracting(TimelineEvent::type).containsExactly("enqueued", "leased", "failed", "dead-lettered",
                "edited", "purged", "restored", "replayed");
        List<TimelineEvent> operators = timeline.subList(4, 8);
        assertThat(operators).extracting(e -> e.attributes().get("by")).containsExactly("alice", "bob", "alice", "bob");
        assertThat(operators).extracting(TimelineEvent::at).isSorted().doesNotHaveDuplicates();
        assertThat(timeline.get(4).attributes()).containsEntry("version", 1).containsEntry("why", "reserved stock by hand");
        assertThat(timeline.get(7).attributes()).containsEntry("replay", 1).containsEntry("resetAttempts", true);
    }

    @Test
    void showFindsNothingForAnIdThatIsNotThere() {
        Engine engine = oneAttemptEngine();
        deadLetter(engine, "orders", OutgoingMessage.of("x"), d -> new IllegalStateException("x"));

        assertThat(engine.deadLetters().show("orders", "01JD3ZQ8X7N4B6M2K9P5R1T0VW")).isEmpty();
    }
}
