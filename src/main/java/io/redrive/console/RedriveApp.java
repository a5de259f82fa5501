package io.redrive.console;

import javafx.application.Application;
import javafx.stage.Stage;

import java.util.List;

/** The console application, started by {@link ConsoleLauncher} with the connection to open first. */
public final class RedriveApp extends Application {
    private BackgroundTasks tasks;
    private ConsoleWindow window;

    @Override
    public void start(Stage stage) {
        tasks = new BackgroundTasks();
        window = ConsoleWindow.show(stage, tasks, ConsoleArguments.parse(List.copyOf(getParameters().getRaw())).settings());
    }

    @Override
    public void stop() {
        if (window != null) {
            window.closeConnections();
        }
        if (tasks != null) {
            tasks.close();
        }
        ConsoleLauncher.stopDemo();
    }
}
