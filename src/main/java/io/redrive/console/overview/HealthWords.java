package io.redrive.console.overview;

import io.redrive.cache.CacheCounters;
import io.redrive.console.Words;
import io.redrive.engine.LiveEngine;
import io.redrive.engine.QueueHealth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The overview's figures as sentences an operator reads at a glance, each measured against the design's target. */
final class HealthWords {
    /** The design's target for a cache namespace's hit rate: 80 %. */
    static final double HIT_RATE_TARGET = 0.80;

    private HealthWords() {
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", Math.floor(share * 100));
    }

    /** "94 %" (the column names the 90 % target), or why there is no rate yet. */
    static String retrySuccess(QueueHealth h) {
        return h.retrySuccessRate() == null ? "No retries in the " + span(h.window()) : percent(h.retrySuccessRate());
    }

    static boolean retryMissesTarget(QueueHealth h) {
        return h.retrySuccessRate() != null && h.retrySuccessRate() < QueueHealth.RETRY_SUCCESS_TARGET;
    }

    /** "3 h 10 min (p90 20 h)": median and p90 (the column names the 24 h target), or that none was resolved. */
    static String resolution(QueueHealth h) {
        return h.resolutionMedian() == null ? "None resolved yet"
                : Words.duration(h.resolutionMedian()) + " (p90 " + Words.duration(h.resolutionP90()) + ")";
    }

    static boolean resolutionMissesTarget(QueueHealth h) {
        return h.resolutionP90() != null && h.resolutionP90().compareTo(QueueHealth.RESOLUTION_TARGET) > 0;
    }

    /** "Oldest 3 h 10 min of 7 days kept · 312 expire in the next 24 h", or "No dead letters". */
    static String deadLetters(QueueHealth h) {
        if (h.oldestDeadLetterAge() == null) {
            return "No dead letters";
        }
        String oldest = "Oldest " + Words.duration(h.oldestDeadLetterAge()) + " of " + Words.duration(h.retention()) + " kept";
        return h.expiringWithin24h() == 0 ? oldest
                : oldest + " · " + String.format(Locale.ROOT, "%,d", h.expiringWithin24h()) + " expire in the next 24 h";
    }

    /** The sparkline in words: "Red: at most 14 dead-lettered a minute in the last hour · blue: dead letters, now 312". */
    static String trend(QueueHealth h) {
        long peak = h.minutes().stream().filter(QueueHealth.Minute::complete).mapToLong(QueueHealth.Minute::deadLettered).max().orElse(0);
        Long size = h.minutes().stream().map(QueueHealth.Minute::deadSize).filter(Objects::nonNull)
                .reduce((a, b) -> b).orElse(null);
        return "Red: " + (peak == 0 ? "nothing dead-lettered" : "at most " + String.format(Locale.ROOT, "%,d", peak)
                + " dead-lettered a minute") + " in the " + span(h.window())
                + (size == null ? "" : " · blue: dead letters, now " + String.format(Locale.ROOT, "%,d", size));
    }

    /** "2 live workers", or the warning that nothing takes this queue's messages. */
    static String workers(String queue, List<LiveEngine> engines) {
        long serving = engines.stream().filter(e -> e.queues().contains(queue)).count();
        return serving == 0 ? "No live worker serves this queue" : Words.count(serving, "live worker");
    }

    /** "web-1 · process 4121 · 1.4.0 · orders, emails · beat 3 s ago". */
    static String engine(LiveEngine e, Instant now) {
        String work = e.queues().isEmpty() ? (e.upkeep() ? "upkeep only" : "no workers")
                : "workers for " + String.join(", ", e.queues()) + (e.upkeep() ? " + upkeep" : "");
        return e.host() + " · process " + e.pid() + " · " + e.version() + " · " + work + " · beat " + ago(e.lastBeat(), now);
    }

    /** "orders: 86 % hits (target 80 %), up from 79 % the hour before". */
    static String hitRate(CacheCounters now, CacheCounters before) {
        if (now.hits() + now.misses() == 0) {
            return "No reads in the last hour";
        }
        String rate = percent(now.hitRate()) + " hits in the last hour (target 80 %)";
        if (before.hits() + before.misses() == 0) {
            return rate;
        }
        long delta = Math.round((now.hitRate() - before.hitRate()) * 100);
        return rate + (delta == 0 ? ", steady" : delta > 0 ? ", up from " + percent(before.hitRate())
                : ", down from " + percent(before.hitRate()));
    }

    static String ago(Instant at, Instant now) {
        Duration d = Duration.between(at, now);
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? "just now" : Words.duration(d.withNanos(0)) + " ago";
    }

    /** "hour", "6 hours", "24 hours". */
    static String span(Duration window) {
        return window.toHours() <= 1 ? "last hour" : "last " + window.toHours() + " hours";
    }
}
