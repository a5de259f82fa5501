package io.redrive.console.cache;

import java.time.Duration;
import java.util.List;

/**
 * Sampled keys' remaining TTLs in equal bins from zero to the namespace's TTL (or the longest remaining TTL,
 * when a key outlives the TTL now in force, as keys written before a TTL was shortened do).
 *
 * @param centers bin centres in seconds
 * @param counts  keys per bin
 * @param width   bin width in seconds
 */
record TtlHistogram(double[] centers, double[] counts, double width) {

    static TtlHistogram of(List<Long> remainingMillis, Duration ttl, int bins) {
        long longest = remainingMillis.stream().mapToLong(Long::longValue).max().orElse(0);
        double top = Math.max(Math.max(ttl.toMillis(), longest), 1000) / 1000.0;
        double width = top / bins;
        double[] centers = new double[bins];
        double[] counts = new double[bins];
        for (int i = 0; i < bins; i++) {
            centers[i] = (i + 0.5) * width;
        }
        for (long ms : remainingMillis) {
            int bin = (int) Math.min(bins - 1, Math.max(0, Math.floor(ms / 1000.0 / width)));
            counts[bin]++;
        }
        return new TtlHistogram(centers, counts, width);
    }

    long total() {
        long n = 0;
        for (double c : counts) {
            n += (long) c;
        }
        return n;
    }
}
