package io.redrive.console;

import io.redrive.demo.DemoSetup;
import io.redrive.demo.DemoServer;
import javafx.application.Application;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts the console. Not an {@link Application} itself: a JavaFX main class launched from the classpath must not
 * be one. Without {@code --redis}, it first starts the demo (an embedded Redis with simulated traffic) and opens
 * that, clearly labelled.
 */
public final class ConsoleLauncher {
    private static volatile DemoSetup demo;

    private ConsoleLauncher() {
    }

    public static void main(String[] args) {
        launch(List.of(args));
    }

    /** Opens the console window and returns when it closes. */
    public static void launch(List<String> args) {
        List<String> effective = new ArrayList<>(args);
        ConsoleArguments.parse(effective);  // a mistyped option fails before anything starts
        if (!effective.contains("--redis")) {
            demo = DemoSetup.start();
            effective.addAll(List.of("--redis", demo.url(), "--prefix", DemoServer.PREFIX, "--name", "demo", "--environment", "demo"));
        }
        Application.launch(RedriveApp.class, effective.toArray(String[]::new));
    }

    /** Stops the demo's workload and embedded Redis, if this launcher started them. */
    static void stopDemo() {
        DemoSetup running = demo;
        demo = null;
        if (running != null) {
            running.close();
        }
    }
}
