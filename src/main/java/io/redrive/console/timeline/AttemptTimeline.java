package io.redrive.console.timeline;

import io.redrive.engine.Message;
import io.redrive.engine.MessageState;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.TimelineEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One message's attempts read from its timeline, and the attempts it still has ahead under the queue's current
 * policy. An attempt starts at its {@code leased} event and ends at its {@code failed}, {@code lease-expired} or
 * {@code succeeded} event; the gap to the next start is the backoff it waited (plus the time until a worker took
 * it). Projections assume every further attempt fails at once and use the nominal delays (jitter aside).
 *
 * @param attempts  the attempts made, by number
 * @param projected the attempts still to come if each fails
 */
record AttemptTimeline(Message message, List<Attempt> attempts, List<Projected> projected) {

    /** One attempt made. {@code end} is null while it runs; {@code waitAfter} null when nothing followed (yet). */
    record Attempt(int number, Instant start, Instant end, String outcome, String error, Duration waitAfter) {
        Duration duration() {
            return start == null || end == null ? null : Duration.between(start, end);
        }
    }

    /** An attempt still to come: its number, when it would start, and the backoff before it. */
    record Projected(int number, Instant at, Duration delay) { }

    static AttemptTimeline of(Message message, List<TimelineEvent> events, RetryPolicy policy, Instant now) {
        Map<Integer, Instant> starts = new TreeMap<>();
        Map<Integer, Instant> ends = new TreeMap<>();
        Map<Integer, String> outcomes = new TreeMap<>();
        Map<Integer, String> errors = new TreeMap<>();
        for (TimelineEvent e : events) {
            Integer attempt = attempt(e);
            if (attempt == null) {
                continue;
            }
            switch (e.type()) {
                case "leased" -> starts.put(attempt, e.at());
                case "failed", "lease-expired", "succeeded" -> {
                    ends.put(attempt, e.at());
                    outcomes.put(attempt, e.type().equals("lease-expired") ? "lease expired" : e.type());
                    Object error = e.attributes().get("error");
                    if (error != null) {
                        errors.put(attempt, String.valueOf(error));
                    }
                }
                default -> { }
            }
        }
        TreeSet<Integer> made = new TreeSet<>(starts.keySet());
        made.addAll(ends.keySet());
        List<Integer> numbers = new ArrayList<>(made);
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            int n = numbers.get(i);
            Instant end = ends.get(n);
            Instant nextStart = i + 1 < numbers.size() ? starts.get(numbers.get(i + 1)) : null;
            String outcome = outcomes.getOrDefault(n, end == null && message.state() == MessageState.IN_FLIGHT ? "running" : "unknown");
            attempts.add(new Attempt(n, starts.get(n), end, outcome, errors.get(n),
                    end != null && nextStart != null ? Duration.between(end, nextStart) : null));
        }
        return new AttemptTimeline(message, attempts, project(message, policy, now));
    }

    private static Integer attempt(TimelineEvent e) {
        Object value = e.attributes().get("attempt");
        return value instanceof Number n ? n.intValue() : null;
    }

    /**
     * The attempts after the ones made, while the policy allows more: a scheduled message's next one at its due
     * time, an in-flight one's after the backoff should it fail now, a ready one's now.
     */
    static List<Projected> project(Message message, RetryPolicy policy, Instant now) {
        int made = message.attempts();
        Instant at;
        switch (message.state()) {
            case SCHEDULED -> at = message.nextAttemptAt() != null ? message.nextAttemptAt() : now.plus(policy.backoff().nominalDelay(Math.max(1, made)));
            case IN_FLIGHT -> at = made < 1 ? now : now.plus(policy.backoff().nominalDelay(made));
            case READY -> at = now;
            default -> {
                return List.of();
            }
        }
        List<Projected> out = new ArrayList<>();
        for (int n = made + 1; n <= policy.maxAttempts(); n++) {
            Duration delay = n == 1 ? Duration.ZERO : policy.backoff().nominalDelay(n - 1);
            if (n > made + 1) {
                at = at.plus(delay);
            }
            out.add(new Projected(n, at, delay));
        }
        return out;
    }
}
