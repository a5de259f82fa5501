package io.redrive.cli;

import io.redrive.engine.Backoff;
import io.redrive.engine.Engine;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code redrive policy show|set|reset QUEUE}: a queue's retry policy, where each value comes from, and changing it. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Show, set or reset a queue's retry policy: how many attempts a message gets, the backoff between "
                + "them and how long dead letters are kept. Every engine on the same Redis applies a change within about "
                + "a second; set and reset are recorded in the audit log.",
        subcommands = {PolicyCommand.ShowPolicy.class, PolicyCommand.SetPolicy.class, PolicyCommand.ResetPolicy.class})
final class PolicyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: say what to do with the policy, such as 'policy show QUEUE'");
    }

    /** What the three subcommands share: the queue, and the policy as words and as JSON. */
    abstract static class OnQueue extends DlqSubcommand {
        @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue")
        String queue;

        final Queue existing(Engine engine) {
            return engine.existingQueue(queue);
        }

        final Map<String, Object> json(RetryPolicy policy) {
            return PolicyWords.json(policy);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show the policy in force for QUEUE and where each value comes from: the queue's own override, "
                    + "the environment of this command (MAX_RETRY_ATTEMPTS, RETRY_BACKOFF_BASE_SECONDS, DLQ_RETENTION_DAYS) "
                    + "or the built-in default.")
    static final class ShowPolicy extends OnQueue {
        @Override
        int run() {
            try (Engine engine = connect()) {
                Queue q = existing(engine);
                RetryPolicy policy = q.policy();
                Set<String> stored = q.policyOverrideFields();
                List<PolicyWords.Setting> settings = PolicyWords.settings(policy, stored, System.getenv());
                if (json) {
                    Map<String, Object> from = new LinkedHashMap<>();
                    settings.forEach(s -> from.put(s.key(), s.source().json()));
                    Map<String, Object> shown = new LinkedHashMap<>();
                    shown.put("queue", queue);
                    shown.put("override", !stored.isEmpty());
                    shown.put("policy", json(policy));
                    shown.put("from", from);
                    printJson(shown);
                    return 0;
                }
                out().println(stored.isEmpty() ? "Queue " + queue + " has no policy of its own: the defaults apply."
                        : "Queue " + queue + " has a policy of its own (redrive policy reset " + queue + " drops it).");
                TextTable table = new TextTable("SETTING", "VALUE", "FROM");
                settings.forEach(s -> table.add(s.label(), s.value(), s.source().words()));
                table.print(out());
                out().println(PolicyWords.story(policy));
            }
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Give QUEUE a policy of its own: the policy in force with the values given changed. "
                    + "Durations are written like 250ms, 30s, 5m, 1h or 7d.")
    static final class SetPolicy extends OnQueue {
        @Mixin
        ActorOption actor;

        @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts a message gets, the first delivery included")
        Integer maxAttempts;

        @Option(names = "--backoff-base", paramLabel = "DURATION", converter = PolicyWords.DurationConverter.class,
                description = "The wait before the first retry; each further retry waits twice as long")
        Duration backoffBase;

        @Option(names = "--backoff-max", paramLabel = "DURATION", converter = PolicyWords.DurationConverter.class,
                description = "The longest wait between two attempts")
        Duration backoffMax;

        @Option(names = "--jitter", paramLabel = "FRACTION", converter = PolicyWords.JitterConverter.class,
                description = "How much of each wait may be taken off at random: 0 to 1, or a percentage such as 10%%")
        Double jitter;

        @Option(names = "--retention", paramLabel = "DURATION", converter = PolicyWords.DurationConverter.class,
                description = "How long dead letters are kept")
        Duration retention;

        @Override
        int run() {
            if (maxAttempts == null && backoffBase == null && backoffMax == null && jitter == null && retention == null) {
                throw usage("Say what to change: --max-attempts, --backoff-base, --backoff-max, --jitter or --retention");
            }
            try (Engine engine = connect()) {
                Queue q = existing(engine);
                RetryPolicy before = q.policy();
                RetryPolicy after = changed(before);
                boolean unchanged = after.equals(before) && !q.policyOverrideFields().isEmpty();
                if (!unchanged) {
                    q.updatePolicy(after, actor.actor());
                }
                if (json) {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("queue", queue);
                    result.put("changed", !unchanged);
                    result.put("from", json(before));
                    result.put("to", json(after));
                    printJson(result);
                } else if (unchanged) {
                    out().println("Queue " + queue + " has this policy already; nothing was changed.");
                } else {
                    List<String> changes = PolicyWords.changes(before, after);
                    out().println("Policy of queue " + queue + " set" + (changes.isEmpty() ? " (the values of the defaults, now its own)"
                            : ": " + String.join(", ", changes)) + ". Every engine applies it within about a second.");
                    out().println(PolicyWords.story(after));
                }
            }
            return 0;
        }

        private RetryPolicy changed(RetryPolicy before) {
            Backoff old = before.backoff();
            Duration base = backoffBase == null ? old.base() : backoffBase;
            Duration cap = backoffMax == null ? old.cap() : backoffMax;
            if (base.compareTo(cap) > 0) {
                throw new IllegalArgumentException("The backoff base (" + PolicyWords.duration(base)
                        + ") must not be longer than the longest wait (" + PolicyWords.duration(cap) + ").");
            }
            RetryPolicy.Builder after = before.mutate()
                    .backoff(Backoff.exponential(base).withCap(cap).withJitter(jitter == null ? old.jitter() : jitter));
            if (maxAttempts != null) {
                if (maxAttempts < 1) {
                    throw new IllegalArgumentException("A message needs at least 1 attempt, got " + maxAttempts + ".");
                }
                after.maxAttempts(maxAttempts);
            }
            if (retention != null) {
                if (retention.isZero()) {
                    throw new IllegalArgumentException("Dead letters must be kept for longer than 0 s.");
                }
                after.deadLetterRetention(retention);
            }
            return after.build();
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Drop QUEUE's own policy, so the defaults apply again. Asks first; --yes goes ahead without asking.")
    static final class ResetPolicy extends OnQueue {
        @Mixin
        ActorOption actor;

        @Option(names = "--yes", description = "Go ahead without asking (needed without a terminal)")
        boolean yes;

        @Override
        int run() {
            try (Engine engine = connect()) {
                Queue q = existing(engine);
                if (q.policyOverrideFields().isEmpty()) {
                    if (json) {
                        printJson(Map.of("queue", queue, "reset", false));
                    } else {
                        out().println("Queue " + queue + " has no policy of its own; there is nothing to reset.");
                    }
                    return 0;
                }
                RetryPolicy before = q.policy();
                RetryPolicy after = engine.options().defaultPolicy();
                List<String> changes = PolicyWords.changes(before, after);
                String what = "Reset the policy of queue " + queue + " to the defaults"
                        + (changes.isEmpty() ? " (the same values)" : ": " + String.join(", ", changes));
                if (!yes) {
                    Console console = System.console();
                    if (console == null) {
                        return fail(what + "? There is no terminal to ask on: pass --yes to go ahead.");
                    }
                    String answer = console.readLine("%s? Type yes to go ahead: ", what);
                    if (answer == null || !answer.strip().equalsIgnoreCase("yes")) {
                        return fail("Not confirmed, so the policy was left as it is.");
                    }
                }
                q.resetPolicy(actor.actor());
                if (json) {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("queue", queue);
                    result.put("reset", true);
                    result.put("from", json(before));
                    result.put("to", json(after));
                    printJson(result);
                } else {
                    out().println("Policy of queue " + queue + " reset to the defaults" + (changes.isEmpty() ? "" : ": "
                            + String.join(", ", changes)) + ". Every engine applies it within about a second.");
                }
            }
            return 0;
        }
    }
}
