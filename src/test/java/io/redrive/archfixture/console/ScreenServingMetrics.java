package io.redrive.archfixture.console;

import io.redrive.archfixture.metrics.MetricsOpeningAScreen;

/** Breaks the rule that only the command line starts the metrics server. */
public final class ScreenServingMetrics {
    public MetricsOpeningAScreen metrics;
}
