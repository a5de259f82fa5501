package io.redrive.console.timeline;

import io.redrive.console.Words;
import io.redrive.engine.Backoff;
import io.redrive.engine.RetryPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a retry policy would do to a message that always fails: each retry's delay (and how short jitter can make
 * it), when each attempt starts counted from the first failure, and how long until the message is dead-lettered.
 */
record PolicyWhatIf(RetryPolicy policy, List<Delay> delays, Duration untilDeadLetter) {

    /**
     * One retry.
     *
     * @param retry      1 for the retry after the first failed attempt
     * @param delay      its nominal delay, as {@link RetryPolicy#retryDelays()} gives it
     * @param shortest   the delay when jitter takes off the most it may
     * @param cumulative the nominal time from the first failure to this retry
     */
    record Delay(int retry, Duration delay, Duration shortest, Duration cumulative) { }

    /** The policy the tuning form describes; throws IllegalArgumentException with the reason when it is not valid. */
    static RetryPolicy policy(int maxAttempts, Duration base, Duration cap, double jitter, Duration retention) {
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("The cap (" + Words.duration(cap) + ") must not be shorter than the base ("
                    + Words.duration(base) + ")");
        }
        return RetryPolicy.builder().maxAttempts(maxAttempts)
                .backoff(Backoff.exponential(base).withCap(cap).withJitter(jitter))
                .deadLetterRetention(retention).build();
    }

    static PolicyWhatIf of(RetryPolicy policy) {
        List<Duration> delays = policy.retryDelays();
        List<Delay> rows = new ArrayList<>(delays.size());
        Duration sum = Duration.ZERO;
        for (int i = 0; i < delays.size(); i++) {
            Duration d = delays.get(i);
            sum = sum.plus(d);
            long shortest = d.toMillis() - Math.round(d.toMillis() * policy.backoff().jitter());
            rows.add(new Delay(i + 1, d, Duration.ofMillis(shortest), sum));
        }
        return new PolicyWhatIf(policy, rows, policy.timeUntilDeadLetter());
    }
}
