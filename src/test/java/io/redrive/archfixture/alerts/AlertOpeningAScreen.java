package io.redrive.archfixture.alerts;

import io.redrive.archfixture.console.ConsoleScreen;

/** Breaks the rule that alerts never import the console (nor the command line, the demo or JavaFX). */
public final class AlertOpeningAScreen {
    public ConsoleScreen screen;
}
