/**
 * The cache helper: cache-aside reads and writes in Redis by namespace, each with its own TTL that operators can
 * change live; tags and namespaces for invalidation; a decorator for one-line caching of a call; an optional
 * near cache kept coherent across processes; stampede protection; statistics shared by every process; and
 * graceful degradation, so a slow or missing Redis only ever costs a cache miss. {@code Cache} is what a service
 * uses; {@code CacheAdmin} is the operator's side (statistics, sizes, live settings, audited invalidation).
 * It records and runs bulk work through {@code io.redrive.ops}, never through the engine.
 */
package io.redrive.cache;
