package io.redrive.console.timeline;

import io.fair_acc.dataset.spi.DoubleDataSet;
import io.redrive.console.Confirmation;
import io.redrive.console.SessionContext;
import io.redrive.console.Words;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.redis.RedisConnection;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The retry-policy form of the timelines screen: the policy in force for the chosen queue, the edited one with its
 * what-if (each retry's delay, time until a message is dead-lettered), and storing it after a confirmation.
 */
final class PolicyEditor {
    private final SessionContext context;
    /** The queue chosen on the screen, whose policy the form shows. */
    private final Supplier<String> queue;
    final ObjectProperty<Integer> maxAttempts = new SimpleObjectProperty<>(3);
    final ObjectProperty<Integer> baseSeconds = new SimpleObjectProperty<>(60);
    final ObjectProperty<Integer> capSeconds = new SimpleObjectProperty<>(6 * 3600);
    final ObjectProperty<Double> jitter = new SimpleObjectProperty<>(0.1);
    final ObjectProperty<Integer> retentionDays = new SimpleObjectProperty<>(7);
    final ReadOnlyStringWrapper currentPolicy = new ReadOnlyStringWrapper("");
    final ReadOnlyStringWrapper untilDeadLetter = new ReadOnlyStringWrapper("");
    final ReadOnlyStringWrapper policyError = new ReadOnlyStringWrapper("");
    final ReadOnlyBooleanWrapper policyChanged = new ReadOnlyBooleanWrapper();
    final ObservableList<PolicyWhatIf.Delay> whatIf = FXCollections.observableArrayList();
    final DoubleDataSet whatIfDelays = new DoubleDataSet("delay before retry");
    private RetryPolicy loadedPolicy;
    private RetryPolicy editedPolicy;

    PolicyEditor(SessionContext context, Supplier<String> queue) {
        this.context = context;
        this.queue = queue;
        for (ObjectProperty<?> p : List.of(maxAttempts, baseSeconds, capSeconds, jitter, retentionDays)) {
            p.addListener((o, was, now) -> recomputeWhatIf());
        }
        recomputeWhatIf();
    }

    /** The policy the form describes, or empty while it is not valid. */
    Optional<RetryPolicy> edited() {
        return Optional.ofNullable(editedPolicy);
    }

    /** Puts the policy in force back into the form. */
    void revert() {
        if (loadedPolicy != null) {
            fill(loadedPolicy);
        }
    }

    /** Stores the edited policy for the chosen queue (live for every engine, audited) after the operator confirms. */
    void apply() {
        String q = queue.get();
        RetryPolicy policy = editedPolicy;
        if (q == null || policy == null) {
            return;
        }
        Duration dies = policy.timeUntilDeadLetter();
        if (!context.dialogs().confirm(new Confirmation("Change the retry policy of " + q + "?", "Change the policy",
                "Every engine on this Redis retries the messages of queue " + q + " under the new policy from their next failure.",
                "You can change it back here at any time; the change is recorded in the audit log.",
                "Now: " + (loadedPolicy == null ? "unknown" : describe(loadedPolicy)) + "\nNew: " + describe(policy)
                        + "\n\nA message that always fails would be dead-lettered after " + Words.duration(dies) + ".",
                0, false, false))) {
            return;
        }
        context.tasks().run(() -> {
            Queue target = context.session().engine().existingQueue(q);
            target.updatePolicy(policy, context.session().actor());
            return target.policy();
        }, stored -> {
            policyError.set("");
            loaded(q, stored);
        }, e -> policyError.set("Could not change the policy: " + RedisConnection.describe(e)));
    }

    /** Reads the policy in force for the chosen queue into the form. */
    void load() {
        String q = queue.get();
        if (q == null) {
            return;
        }
        context.tasks().run(() -> context.session().engine().existingQueue(q).policy(), p -> loaded(q, p),
                e -> policyError.set("Could not read the policy: " + RedisConnection.describe(e)));
    }

    private void loaded(String q, RetryPolicy policy) {
        if (!q.equals(queue.get())) {
            return;
        }
        loadedPolicy = policy;
        currentPolicy.set("In force for " + q + ": " + describe(policy));
        fill(policy);
    }

    private void fill(RetryPolicy policy) {
        maxAttempts.set(policy.maxAttempts());
        baseSeconds.set((int) Math.max(1, policy.backoff().base().toSeconds()));
        capSeconds.set((int) Math.max(1, policy.backoff().cap().toSeconds()));
        jitter.set(policy.backoff().jitter());
        retentionDays.set((int) Math.max(1, policy.deadLetterRetention().toDays()));
        recomputeWhatIf();
    }

    /** Recomputes the what-if of the policy the form describes. */
    private void recomputeWhatIf() {
        try {
            RetryPolicy policy = PolicyWhatIf.policy(value(maxAttempts), Duration.ofSeconds(value(baseSeconds)),
                    Duration.ofSeconds(value(capSeconds)), jitter.get() == null ? 0 : jitter.get(), Duration.ofDays(value(retentionDays)));
            PolicyWhatIf w = PolicyWhatIf.of(policy);
            editedPolicy = policy;
            policyError.set("");
            whatIf.setAll(w.delays());
            double[] x = new double[w.delays().size()];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = w.delays().get(i).retry();
                y[i] = w.delays().get(i).delay().toMillis() / 1000.0;
            }
            whatIfDelays.set(x, y, false);
            untilDeadLetter.set(policy.maxAttempts() == 1
                    ? "No retries: a failing message is dead-lettered after its first attempt."
                    : String.format("A message that always fails is dead-lettered after %d attempts, %s after the first failure (jitter can make it up to %s sooner).",
                    policy.maxAttempts(), Words.duration(w.untilDeadLetter()),
                    Words.duration(w.untilDeadLetter().minus(w.delays().stream().map(PolicyWhatIf.Delay::shortest).reduce(Duration.ZERO, Duration::plus)))));
            policyChanged.set(loadedPolicy != null && !policy.equals(loadedPolicy));
        } catch (IllegalArgumentException e) {
            editedPolicy = null;
            policyChanged.set(false);
            policyError.set(e.getMessage());
        }
    }

    private static int value(ObjectProperty<Integer> p) {
        return p.get() == null ? 0 : p.get();
    }

    static String describe(RetryPolicy p) {
        return String.format("%d attempts, backoff from %s doubling up to %s, jitter %.0f %%, dead letters kept %s",
                p.maxAttempts(), Words.duration(p.backoff().base()), Words.duration(p.backoff().cap()), p.backoff().jitter() * 100,
                Words.duration(p.deadLetterRetention()));
    }
}
