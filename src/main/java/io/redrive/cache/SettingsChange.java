package io.redrive.cache;

import java.time.Duration;
import java.time.Instant;

/** One change of a namespace's settings, for the console's chart markers; {@code ttl} is null when reset to the configured TTL. */
public record SettingsChange(Instant at, String namespace, Duration ttl, boolean enabled, String by) {
}
