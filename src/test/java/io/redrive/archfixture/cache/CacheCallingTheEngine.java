package io.redrive.archfixture.cache;

import io.redrive.archfixture.engine.EngineShowingAWindow;

/** Breaks the rule that the cache helper never depends on the engine (audit and bulk runs come from ops). */
public final class CacheCallingTheEngine {
    public EngineShowingAWindow engine;
}
