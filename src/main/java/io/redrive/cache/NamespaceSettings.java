package io.redrive.cache;

import java.time.Duration;
import java.time.Instant;

/**
 * A namespace's settings in force.
 *
 * @param configuredTtl the TTL from the options (environment), which applies when nothing is stored in Redis
 * @param overridden    whether Redis holds a live override of the TTL or the enabled flag
 * @param changedBy     who stored the override, and when ({@code changedAt}); null without one
 */
public record NamespaceSettings(String namespace, Duration ttl, boolean enabled, Duration configuredTtl,
                                boolean overridden, String changedBy, Instant changedAt) {
}
