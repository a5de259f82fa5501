package io.redrive.console;

import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.testing.TestRedis;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Drives the real console window, headless (Monocle), against a real Redis on a key prefix of the test's own.
 * A producer engine makes the data the console shows; a watchdog measures the FX thread's longest stall.
 */
public abstract class ConsoleTestSupport extends FxRobot {
    protected final String prefix = TestRedis.newPrefix();
    protected final List<Engine> engines = new ArrayList<>();
    protected ConsoleWindow window;
    protected BackgroundTasks tasks;
    protected FxWatchdog watchdog;

    /** Where the window connects first; null opens it with no connection. */
    protected ConnectionSettings target() {
        return new ConnectionSettings("test", redisUrl(), prefix, Environment.DEVELOPMENT, false);
    }

    protected String redisUrl() {
        return TestRedis.url();
    }

    /** Runs before the window opens: make data here. */
    protected void beforeWindow() {
    }

    @BeforeEach
    void openWindow() throws Exception {
        beforeWindow();
        tasks = new BackgroundTasks();
        Stage stage = FxToolkit.registerPrimaryStage();
        ConnectionSettings first = target();
        FxToolkit.setupFixture(() -> {
            window = ConsoleWindow.show(stage, tasks, first);
        });
        watchdog = FxWatchdog.start();
    }

    /** An engine on the test's prefix, without background work, to produce data. */
    protected Engine producer() {
        return producer(Clock.systemUTC());
    }

    /** As {@link #producer()}, with its own clock (a workload "a minute ago" lands in a minute that is over). */
    protected Engine producer(Clock clock) {
        Engine engine = Engine.connect(EngineOptions.builder().redisUrl(redisUrl()).keyPrefix(prefix).clock(clock)
                .upkeep(false).commandTimeout(Duration.ofSeconds(5)).build());
        engines.add(engine);
        return engine;
    }

    @AfterEach
    void closeConsole() throws Exception {
        if (watchdog != null) {
            watchdog.close();
        }
        // the window's connections close off the FX thread, as they would when the console quits
        if (window != null) {
            CompletableFuture.runAsync(window::closeConnections).get();
        }
        FxToolkit.setupFixture(() -> window.model().sessions().clear());
        FxToolkit.hideStage();
        if (tasks != null) {
            tasks.close();
        }
        engines.forEach(Engine::close);
    }
}
