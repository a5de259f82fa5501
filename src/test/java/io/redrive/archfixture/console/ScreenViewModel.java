package io.redrive.archfixture.console;

import javafx.scene.control.Button;
import javafx.scene.layout.VBox;

/** Breaks the rule that view models hold no controls or layouts. */
public final class ScreenViewModel {
    public Button button;
    public VBox box;
}
