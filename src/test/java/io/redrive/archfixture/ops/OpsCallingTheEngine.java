package io.redrive.archfixture.ops;

import io.redrive.archfixture.engine.EngineShowingAWindow;

/** Breaks the rule that ops knows nothing of the engine, the cache, the console or the command line. */
public final class OpsCallingTheEngine {
    public EngineShowingAWindow engine;
}
