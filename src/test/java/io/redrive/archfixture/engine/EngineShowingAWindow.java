package io.redrive.archfixture.engine;

import io.redrive.archfixture.console.ConsoleScreen;

/** Breaks two rules: the engine imports JavaFX, and it imports the console. */
public final class EngineShowingAWindow {
    public javafx.stage.Stage window;
    public ConsoleScreen screen;
}
