package io.redrive.archfixture.redis;

import io.redrive.archfixture.engine.EngineShowingAWindow;

/** Breaks the rule that the redis package knows nothing of the layers above it. */
public final class RedisCallingTheEngine {
    public EngineShowingAWindow engine;
}
