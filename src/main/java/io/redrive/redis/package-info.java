/**
 * Talking to Redis, and nothing above it: one Lettuce connection to a standalone server, a Sentinel-managed
 * master or a Cluster, opened from a URL ({@link io.redrive.redis.RedisConnection}); the one place key names are
 * built ({@link io.redrive.redis.KeySchema}); the loader of the Lua scripts that perform every state change and
 * their arguments ({@link io.redrive.redis.LuaScript}, {@link io.redrive.redis.Args}); and the failures an
 * operator is told about in words ({@link io.redrive.redis.RedisUnavailableException},
 * {@link io.redrive.redis.DamagedKeyException}). Saved connection profiles belong to the console
 * ({@code io.redrive.console.connect}), not here.
 */
package io.redrive.redis;
