package io.redrive.cli;

import io.redrive.ops.TimeWords;
import io.redrive.engine.FilterText;
import io.redrive.engine.RetryPolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** A retry policy in words and JSON for {@code redrive policy}, and the option types its {@code set} takes. */
final class PolicyWords {
    private static final int DELAYS_SHOWN = 6;

    private PolicyWords() {
    }

    /** Where a value in force comes from, for people and for JSON. */
    record Source(String words, String json) {
        static final Source QUEUE = new Source("the queue's own policy", "queue");
        static final Source DEFAULT = new Source("built-in default", "default");

        static Source environment(String variable) {
            return new Source("default from " + variable, "environment " + variable);
        }
    }

    /** One value of the policy in force: its stored field name, label, value in words and where it comes from. */
    record Setting(String key, String label, String value, Source source) { }

    /**
     * Each value with its source: the queue's override when it stores that field, else the environment variable
     * that set the default in this command's environment, else the built-in default.
     */
    static List<Setting> settings(RetryPolicy p, Set<String> stored, Map<String, String> env) {
        Function<String, Source> fallback = variable -> variable != null && env.get(variable) != null
                && !env.get(variable).isBlank() ? Source.environment(variable) : Source.DEFAULT;
        List<Setting> settings = new ArrayList<>();
        settings.add(setting("maxAttempts", "max attempts", Integer.toString(p.maxAttempts()), stored, fallback.apply("MAX_RETRY_ATTEMPTS")));
        settings.add(setting("backoffBaseMs", "backoff base", duration(p.backoff().base()), stored, fallback.apply("RETRY_BACKOFF_BASE_SECONDS")));
        settings.add(setting("backoffCapMs", "longest wait", duration(p.backoff().cap()), stored, fallback.apply(null)));
        settings.add(setting("jitter", "jitter", percent(p.backoff().jitter()), stored, fallback.apply(null)));
        settings.add(setting("retentionMs", "dead letters kept", duration(p.deadLetterRetention()), stored, fallback.apply("DLQ_RETENTION_DAYS")));
        return settings;
    }

    private static Setting setting(String key, String label, String value, Set<String> stored, Source fallback) {
        return new Setting(key, label, value, stored.contains(key) ? Source.QUEUE : fallback);
    }

    /** What the policy means for a message that always fails, in one sentence. */
    static String story(RetryPolicy p) {
        if (p.maxAttempts() == 1) {
            return "A message gets one attempt: if it fails it is dead-lettered at once, and kept "
                    + duration(p.deadLetterRetention()) + ".";
        }
        List<String> delays = p.retryDelays().stream().limit(DELAYS_SHOWN).map(PolicyWords::duration).toList();
        String waits = String.join(", ", delays) + (p.maxAttempts() - 1 > DELAYS_SHOWN ? ", …" : "");
        String jitter = p.backoff().jitter() == 0 ? "" : " (less up to " + percent(p.backoff().jitter()) + " at random)";
        return "A message gets " + p.maxAttempts() + " attempts; retries wait " + waits + jitter
                + "; one that always fails is dead-lettered after about " + TimeWords.duration(p.timeUntilDeadLetter())
                + " and kept " + duration(p.deadLetterRetention()) + ".";
    }

    /** "max attempts 3 → 5", one per value that differs. */
    static List<String> changes(RetryPolicy before, RetryPolicy after) {
        List<String> changes = new ArrayList<>();
        change(changes, "max attempts", Integer.toString(before.maxAttempts()), Integer.toString(after.maxAttempts()));
        change(changes, "backoff base", duration(before.backoff().base()), duration(after.backoff().base()));
        change(changes, "longest wait", duration(before.backoff().cap()), duration(after.backoff().cap()));
        change(changes, "jitter", percent(before.backoff().jitter()), percent(after.backoff().jitter()));
        change(changes, "dead letters kept", duration(before.deadLetterRetention()), duration(after.deadLetterRetention()));
        return changes;
    }

    private static void change(List<String> changes, String label, String before, String after) {
        if (!before.equals(after)) {
            changes.add(label + " " + before + " → " + after);
        }
    }

    static Map<String, Object> json(RetryPolicy p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("maxAttempts", p.maxAttempts());
        json.put("backoffBaseMs", p.backoff().base().toMillis());
        json.put("backoffCapMs", p.backoff().cap().toMillis());
        json.put("jitter", p.backoff().jitter());
        json.put("retentionMs", p.deadLetterRetention().toMillis());
        json.put("retryDelaysMs", p.retryDelays().stream().map(Duration::toMillis).toList());
        return json;
    }

    /** A policy's duration in the largest unit that states it exactly: 250 ms, 30 s, 5 min, 6 h, 7 days. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0 s";
        }
        if (ms % 86_400_000 == 0) {
            long days = ms / 86_400_000;
            return days + (days == 1 ? " day" : " days");
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + " h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + " min";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    static String percent(double fraction) {
        double percent = fraction * 100;
        return (percent == Math.rint(percent) ? String.format(Locale.ROOT, "%d", Math.round(percent))
                : String.format(Locale.ROOT, "%.1f", percent)) + "%";
    }

    /** A duration in the engine's one grammar ({@link FilterText#duration}), shared with the console. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return FilterText.duration(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(Display.oneLine(e.getMessage()));
            }
        }
    }

    /** 0.1 or 10%: a fraction from 0 to 1. */
    static final class JitterConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String text = value.strip();
            boolean percent = text.endsWith("%");
            double fraction;
            try {
                fraction = Double.parseDouble(percent ? text.substring(0, text.length() - 1).strip() : text) / (percent ? 100 : 1);
            } catch (NumberFormatException e) {
                fraction = Double.NaN;
            }
            if (Double.isNaN(fraction) || fraction < 0 || fraction > 1) {
                throw new TypeConversionException("expected a fraction from 0 to 1 or a percentage such as 10%, got '"
                        + Display.oneLine(value) + "'");
            }
            return fraction;
        }
    }
}
