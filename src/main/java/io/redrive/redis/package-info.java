/**
 * Talking to Redis: connection profiles and the client factory ({@link io.redrive.redis.RedisConnection}),
 * the one place key names are built ({@link io.redrive.redis.KeySchema}), and the loader for the Lua scripts
 * that perform every state change ({@link io.redrive.redis.LuaScript}).
 */
package io.redrive.redis;
