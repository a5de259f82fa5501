package io.redrive.cli;

import io.redrive.alerts.AlertKind;
import io.redrive.alerts.AlertNotice;
import io.redrive.alerts.AlertRule;
import io.redrive.alerts.Alerts;
import io.redrive.engine.Engine;
import io.redrive.engine.FilterText;
import io.redrive.ops.TimeWords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/** {@code redrive alerts}: the alert rules every engine evaluates, and what they announced. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Manage the alert rules kept in Redis (every `redrive engine` evaluates them) and read what they announced.",
        subcommands = {AlertsCommand.ListRules.class, AlertsCommand.Add.class, AlertsCommand.Remove.class,
                AlertsCommand.Test.class, AlertsCommand.History.class})
final class AlertsCommand {

    /** Opens the engine and alerts of the command's Redis, runs {@code action}, prints, and closes both. */
    static int run(CommandSpec spec, RedisOptions redis, BiFunction<Alerts, PrintWriter, Integer> action) {
        PrintWriter out = spec.commandLine().getOut();
        try (Engine engine = Engine.connect(redis.engineOptions().upkeep(false).build());
             Alerts alerts = Alerts.open(engine)) {
            int code = action.apply(alerts, out);
            out.flush();
            return code;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the alert rules.")
    static final class ListRules implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin RedisOptions redis;
        @Option(names = "--json", description = "Print one JSON object per rule and line") boolean json;

        @Override
        public Integer call() {
            return run(spec, redis, (alerts, out) -> {
                List<AlertRule> rules = alerts.rules();
                if (json) {
                    rules.forEach(rule -> out.println(rule.toJson()));
                } else if (rules.isEmpty()) {
                    out.println("No alert rules. Add one with: redrive alerts add new-failure-group --webhook URL");
                } else {
                    TextTable table = new TextTable("ID", "RULE", "WINDOW", "FORMAT", "CREATED BY", "CREATED");
                    for (AlertRule r : rules) {
                        table.add(r.id(), Alerts.describe(r), r.window().isZero() ? "" : TimeWords.duration(r.window()),
                                r.format().stored(), r.createdBy(), TimeWords.dateTime(r.createdAt(), ZoneId.systemDefault()));
                    }
                    table.print(out);
                }
                return 0;
            });
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add an alert rule. KIND is one of: new-failure-group, dead-lettered-per-minute, dlq-size, "
                    + "expiring-dead-letters, cache-hit-rate, retry-success-rate, no-worker-heartbeat.")
    static final class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin RedisOptions redis;
        @Mixin ActorOption actor;
        @Parameters(index = "0", paramLabel = "KIND", description = "What to watch") String kind;
        @Option(names = "--subject", paramLabel = "NAME",
                description = "The queue (or cache namespace) to watch (default: all of them)") String subject;
        @Option(names = "--threshold", paramLabel = "N",
                description = "The kind's N: a count, a number per minute, a percentage for cache-hit-rate and "
                        + "retry-success-rate, or minutes for no-worker-heartbeat (defaults: dead-lettered-per-minute 10, "
                        + "dlq-size 1000, expiring-dead-letters 0, cache-hit-rate 80, retry-success-rate 90, "
                        + "no-worker-heartbeat 5)")
        Double threshold;
        @Option(names = "--window", paramLabel = "DURATION",
                description = "How far back it looks, such as 5m, 1h or 24h (defaults: new-failure-group 1h, "
                        + "dead-lettered-per-minute 5m, expiring-dead-letters 24h, cache-hit-rate 15m, retry-success-rate 1h)") String window;
        @Option(names = "--webhook", paramLabel = "URL", description = "An http(s) URL to POST each notice to; repeat for several")
        List<String> webhooks = List.of();
        @Option(names = "--format", paramLabel = "json|slack", defaultValue = "json",
                description = "The webhook body: Redrive's JSON, or Slack's {\"text\": ...} (default: ${DEFAULT-VALUE})")
        String format;

        @Override
        public Integer call() {
            AlertKind k = AlertKind.fromStored(kind).orElseThrow(() -> new IllegalArgumentException(
                    "There is no alert kind '" + Display.oneLine(kind) + "'. " + AlertKind.sentenceListingAll()));
            Duration w = window == null ? null : FilterText.duration("--window", window);
            AlertRule.Format f = AlertRule.Format.fromStored(format);
            return run(spec, redis, (alerts, out) -> {
                AlertRule rule = alerts.add(k, subject, threshold, w, webhooks, f, actor.actor());
                out.printf("Added alert rule %s: %s.%n", rule.id(), Alerts.describe(rule));
                return 0;
            });
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an alert rule; its open incidents close without a notice.")
    static final class Remove implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin RedisOptions redis;
        @Mixin ActorOption actor;
        @Parameters(index = "0", paramLabel = "ID", description = "The rule's id, as `redrive alerts list` shows it") String id;

        @Override
        public Integer call() {
            return run(spec, redis, (alerts, out) -> {
                if (!alerts.remove(id, actor.actor())) {
                    throw new IllegalArgumentException("There is no alert rule " + Display.oneLine(id));
                }
                out.printf("Removed alert rule %s.%n", id);
                return 0;
            });
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Send a test notice to a rule's webhooks and say whether each one received it.")
    static final class Test implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin RedisOptions redis;
        @Parameters(index = "0", paramLabel = "ID", description = "The rule's id") String id;

        @Override
        public Integer call() {
            return run(spec, redis, (alerts, out) -> {
                AlertRule rule = alerts.store().rule(id)
                        .orElseThrow(() -> new IllegalArgumentException("There is no alert rule " + Display.oneLine(id)));
                List<CompletableFuture<Boolean>> sent = alerts.test(id);
                if (sent.isEmpty()) {
                    out.println("Rule " + id + " has no webhook; the test notice is in the history only.");
                    return 0;
                }
                int failed = 0;
                for (int i = 0; i < sent.size(); i++) {
                    boolean ok = sent.get(i).join();
                    failed += ok ? 0 : 1;
                    out.printf("%s %s%n", ok ? "Delivered to" : "Could not deliver to", rule.webhooks().get(i));
                }
                return failed == 0 ? 0 : 1;
            });
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "What the rules announced, newest first, with local times and the redrive:// links.")
    static final class History implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin RedisOptions redis;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N entries (default: ${DEFAULT-VALUE})")
        int limit;
        @Option(names = "--json", description = "Print one JSON object per entry and line") boolean json;

        @Override
        public Integer call() {
            return run(spec, redis, (alerts, out) -> {
                List<AlertNotice> notices = alerts.history(limit);
                if (json) {
                    notices.forEach(n -> out.println(n.toJson()));
                } else if (notices.isEmpty()) {
                    out.println("No alerts yet.");
                } else {
                    TextTable table = new TextTable("TIME", "EVENT", "RULE", "WHAT HAPPENED", "LINK");
                    for (AlertNotice n : notices) {
                        table.add(TimeWords.dateTime(n.at(), ZoneId.systemDefault()), n.event().stored(), n.rule(),
                                n.sentence(), n.link());
                    }
                    table.print(out);
                }
                return 0;
            });
        }
    }
}
