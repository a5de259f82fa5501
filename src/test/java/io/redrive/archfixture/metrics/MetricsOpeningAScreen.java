package io.redrive.archfixture.metrics;

import io.redrive.archfixture.console.ConsoleScreen;

/** Breaks the rule that the metrics never reach up into the console. */
public final class MetricsOpeningAScreen {
    public ConsoleScreen screen;
}
