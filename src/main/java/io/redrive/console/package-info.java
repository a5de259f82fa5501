/**
 * The desktop console: one sub-package per screen, each a view (FXML and a thin controller) over a view model
 * (JavaFX properties and command methods, no controls). View models reach Redis only through the engine's and
 * the cache helper's public API, always off the JavaFX Application Thread ({@link io.redrive.console.TaskExecutor}).
 */
package io.redrive.console;
