package io.redrive.redis;

/**
 * Key lookups a process made on Redis itself while polling, split as Redis counts them in {@code INFO stats}
 * ({@code keyspace_hits}, {@code keyspace_misses}), so a server-wide hit rate can leave them out.
 */
public record Lookups(long hits, long misses) {
    public static final Lookups NONE = new Lookups(0, 0);

    public Lookups plus(Lookups other) {
        return new Lookups(hits + other.hits, misses + other.misses);
    }
}
