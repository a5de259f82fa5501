package io.redrive.console.cache;

import io.redrive.cache.CacheCounters;
import io.redrive.cache.CacheMinuteStats;

import java.util.List;

/**
 * Turns one namespace's per-minute totals, read again and again, into what happened since the last read. Redis
 * keeps the cache's counters per minute; reading the current minute every second and taking the difference gives
 * a per-second series. When the minute rolls over, the rest of the old minute (whatever was flushed after the
 * last read) counts too, so nothing falls between two minutes.
 */
final class LiveDeltas {
    private long minute = -1;
    private CacheCounters seen = CacheCounters.ZERO;

    /** The minute (epoch minutes) last read, or -1 before the first read: the next read starts there. */
    long minute() {
        return minute;
    }

    /**
     * Takes the minutes read from {@link #minute()} (or just the current one, the first time) to now, oldest
     * first; returns the counts since the previous call, or null on the first call, which only sets the baseline.
     */
    CacheCounters advance(List<CacheMinuteStats> minutes) {
        if (minutes.isEmpty()) {
            return minute < 0 ? null : CacheCounters.ZERO;
        }
        boolean first = minute < 0;
        CacheCounters delta = CacheCounters.ZERO;
        for (CacheMinuteStats m : minutes) {
            long at = m.minute().getEpochSecond() / 60;
            if (at < minute) {
                continue;
            }
            delta = delta.plus(at == minute ? minus(m.counters(), seen) : m.counters());
            minute = at;
            seen = m.counters();
        }
        return first ? null : delta;
    }

    /** Field by field, never below zero: a counter that went down (its key expired or was reset) restarts. */
    static CacheCounters minus(CacheCounters now, CacheCounters before) {
        return new CacheCounters(d(now.hits(), before.hits()), d(now.misses(), before.misses()), d(now.loads(), before.loads()),
                d(now.loadNanos(), before.loadNanos()), d(now.errors(), before.errors()), d(now.nearHits(), before.nearHits()),
                d(now.bytes(), before.bytes()));
    }

    private static long d(long now, long before) {
        return now >= before ? now - before : now;
    }
}
