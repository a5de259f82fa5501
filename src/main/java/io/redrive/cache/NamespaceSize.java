package io.redrive.cache;

import java.util.List;

/**
 * A namespace's size now.
 *
 * @param memoryBytes  estimated from the sampled keys' MEMORY USAGE
 * @param remainingTtls the sampled keys' remaining TTLs in milliseconds, for a histogram
 */
public record NamespaceSize(String namespace, long keys, long memoryBytes, int sampled, List<Long> remainingTtls) {
}
