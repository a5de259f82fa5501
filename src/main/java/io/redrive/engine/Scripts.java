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
    static final LuaScript DLQ_REPLAY = LuaScript.load("dlq_replay");
    static final LuaScript DLQ_CLAIM = LuaScript.load("dlq_claim");
    static final LuaScript DLQ_ADOPT = LuaScript.load("dlq_adopt");
    static final LuaScript DLQ_FINISH = LuaScript.load("dlq_finish");
    static final LuaScript DLQ_EDIT = LuaScript.load("dlq_edit");
    static final LuaScript DLQ_PURGE = LuaScript.load("dlq_purge");
    static final LuaScript DLQ_RESTORE = LuaScript.load("dlq_restore");
    static final LuaScript RETRY_NOW = LuaScript.load("retry_now");
    static final LuaScript KILL = LuaScript.load("kill");
    static final LuaScript REPAIR = LuaScript.load("repair");

    private Scripts() {
    }
}
