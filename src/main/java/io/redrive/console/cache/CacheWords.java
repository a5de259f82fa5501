package io.redrive.console.cache;

import io.redrive.cache.SettingsChange;
import io.redrive.console.Words;

import java.time.Duration;
import java.time.Instant;

/** The cache screen's words for people: durations, percentages, sizes and chart marker labels. */
final class CacheWords {
    private CacheWords() {
    }

    static String time(Instant at) {
        return Words.clock(at);
    }

    /** "15 min / 15 min": the TTL in force and the configured one, and whether caching is off. */
    static String ttlText(NamespaceRow row) {
        return seconds(row.ttlSeconds.get()) + " / " + seconds(row.configuredTtlSeconds.get()) + (row.enabled.get() ? "" : ", off");
    }

    static String seconds(long s) {
        return Words.duration(Duration.ofSeconds(s));
    }

    static String percent(double value) {
        return Double.isNaN(value) ? "—" : String.format("%.1f %%", value);
    }

    static String bytes(long n) {
        if (n < 0) return "—";
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format("%.1f KB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format("%.1f MB", n / 1024.0 / 1024);
        return String.format("%.2f GB", n / 1024.0 / 1024 / 1024);
    }

    static String label(SettingsChange c) {
        String what = c.ttl() == null ? "reset to default" : "TTL " + Words.duration(c.ttl());
        return c.namespace() + ": " + what + (c.enabled() ? "" : ", caching off");
    }
}
