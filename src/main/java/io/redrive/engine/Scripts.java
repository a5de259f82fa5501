package io.redrive.engine;

import io.redrive.redis.LuaScript;

/** The engine's state transitions, one Lua script each (see {@code src/docs/redis-schema.md}). */
final class Scripts {
    static final LuaScript ENQUEUE = LuaScript.load("enqueue");
    static final LuaScript LEASE = LuaScript.load("lease");
    static final LuaScript SETTLE = LuaScript.load("settle");
    static final LuaScript EXTEND = LuaScript.load("extend");
    static final LuaScript PROMOTE = LuaScript.load("promote");
    static final LuaScript RECOVER = LuaScript.load("recover");
    static final LuaScript SWEEP = LuaScript.load("sweep");
    static final LuaScript INSPECT = LuaScript.load("inspect");
    static final LuaScript TIMELINE = LuaScript.load("timeline");

    private Scripts() {
    }
}
