package io.redrive.archfixture.engine;

import io.redrive.archfixture.alerts.AlertOpeningAScreen;

/** Breaks the rule that the engine never knows of alerts, which sit above it. */
public final class EngineRaisingAnAlert {
    public AlertOpeningAScreen alert;
}
