package io.redrive.bench;

import io.redrive.console.BackgroundTasks;
import io.redrive.console.Confirmation;
import io.redrive.console.ConnectionSettings;
import io.redrive.console.ConsoleWindow;
import io.redrive.console.DialogService;
import io.redrive.console.Environment;
import io.redrive.console.FxStartup;
import io.redrive.console.Session;
import io.redrive.console.SessionContext;
import io.redrive.console.Views;
import io.redrive.console.deadletters.DeadLettersView;
import io.redrive.console.deadletters.DeadLettersViewModel;
import io.redrive.console.deadletters.ReplayRequest;
import io.redrive.demo.EmbeddedRedis;
import io.redrive.demo.SeededDeadLetters;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * {@code redrive bench console}: the dead-letters screen, headless (Monocle), over a large DLQ. Measures the time
 * to show the first page, to jump to the last page and to apply a filter, the heap used, and the longest stall
 * of the FX thread while a 100,000-message bulk replay runs with its progress bar. Each run opens the screen in
 * the same window, as the console opens its screens inside its one main window.
 */
public final class ConsoleBenchmark {
    private static Stage window;  // made on the FX thread; onFx has returned before the benchmark reads it

    private ConsoleBenchmark() {
    }

    /** Runs once on an embedded Redis (or {@code redisUrl}); returns name → value (ms, MB). */
    public static Map<String, Double> run(String redisUrl, int deadLetters, int replay) throws Exception {
        return run(redisUrl, "bench-console-" + Long.toHexString(System.nanoTime()), deadLetters);
    }

    /**
     * One run under this key prefix. It returns once everything the screen started has ended, the replay included:
     * an error the screen reports fails the run.
     */
    static Map<String, Double> run(String redisUrl, String prefix, int deadLetters) throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        EmbeddedRedis embedded = redisUrl == null ? EmbeddedRedis.start() : null;
        String url = embedded != null ? embedded.url() : redisUrl;
        Map<String, Double> out = new LinkedHashMap<>();
        try (Session session = Session.open(new ConnectionSettings("bench", url, prefix, Environment.OTHER, false))) {
            session.engine().upkeep().stop();
            SeededDeadLetters.seed(session.engine().deadLetters(), deadLetters, Instant.now());
            System.gc();  // the seeding's garbage is the benchmark's, not the console's: collect it before timing
            FxStartup.ensureStarted();
            onFx(() -> {
                // the theme is set once, when the console starts (setting it again restyles every window)
                if (Application.getUserAgentStylesheet() == null) {
                    Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
                }
            });
            BackgroundTasks tasks = new BackgroundTasks();
            try {
                measure(session, tasks, out);
            } finally {
                // the screen's last reads (the refresh after the replay) end before their session closes
                if (!tasks.closeWhenDone(Duration.ofMinutes(1))) {
                    tasks.close();
                }
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        return out;
    }

    private static void measure(Session session, BackgroundTasks tasks, Map<String, Double> out) throws Exception {
        AgreeingDialogs dialogs = new AgreeingDialogs();
        SessionContext context = new SessionContext(session, tasks, dialogs);
        DeadLettersView[] view = new DeadLettersView[1];
        Scene scene = consoleWindow();
        // the clock runs from opening the screen (its view starts reading at once) to a frame with the rows in it
        long start = System.nanoTime();
        onFx(() -> {
            Views.Loaded<DeadLettersView> loaded = Views.load(DeadLettersView.class, type -> new DeadLettersView(context));
            view[0] = loaded.controller();
            ((StackPane) scene.getRoot()).getChildren().setAll(loaded.root());
        });
        DeadLettersViewModel model = view[0].model();
        waitFor(() -> !model.items().isEmpty() && !model.loadingProperty().get());
        nextFrame(scene);
        out.put("console.first_page", millis(start));

        start = System.nanoTime();
        onFx(model::lastPage);
        waitFor(() -> !model.loadingProperty().get() && model.pageIndexProperty().get() > 0);
        nextFrame(scene);
        out.put("console.last_page", millis(start));

        start = System.nanoTime();
        onFx(() -> model.filterByErrorClass(SeededDeadLetters.ERRORS[1]));
        waitFor(() -> !model.loadingProperty().get() && model.pageIndexProperty().get() == 0 && !model.items().isEmpty());
        nextFrame(scene);
        out.put("console.filter", millis(start));

        System.gc();
        out.put("console.heap_used", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024.0 / 1024.0);

        // the filter now matches a fifth of the DLQ; replay that (or `replay` of it) and watch the FX thread meanwhile
        AtomicLong longest = new AtomicLong();
        Thread pinger = stallWatcher(longest);
        CompletableFuture<Void> replayed = new CompletableFuture<>();
        onFx(() -> {
            // ended once the bulk operation has run (it starts after a dry run in the background) and stopped
            model.operationRunningProperty().addListener((property, was, running) -> {
                if (was && !running) {
                    replayed.complete(null);
                }
            });
            model.replayFilter(new ReplayRequest(null, 0, true));
        });
        try {
            CompletableFuture.anyOf(replayed, dialogs.trouble).get(10, TimeUnit.MINUTES);
        } finally {
            pinger.interrupt();
        }
        out.put("console.replay_fx_stall", longest.get() / 1e6);
        onFx(() -> ((StackPane) scene.getRoot()).getChildren().clear());
    }

    /**
     * The window the screen opens in, made once and kept, as the console's window is: its screens are the contents
     * of one scene (JavaFX caches the style matches of a scene's nodes, so a later screen finds them made).
     */
    private static Scene consoleWindow() throws Exception {
        if (window == null) {
            onFx(() -> {
                Scene scene = new Scene(new StackPane(), 1280, 800);
                scene.getStylesheets().add(ConsoleWindow.class.getResource("redrive.css").toExternalForm());
                window = new Stage();
                window.setScene(scene);
                window.show();
            });
        }
        return window.getScene();
    }

    /** Posts a task every 10 ms and keeps the longest time one waited for the FX thread. */
    private static Thread stallWatcher(AtomicLong longest) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long posted = System.nanoTime();
                CountDownLatch ran = new CountDownLatch(1);
                Platform.runLater(() -> {
                    longest.accumulateAndGet(System.nanoTime() - posted, Math::max);
                    ran.countDown();
                });
                try {
                    ran.await();
                    TimeUnit.MILLISECONDS.sleep(10);  // the sampling period
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-fx-stall");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void onFx(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        done.get(60, TimeUnit.SECONDS);
    }

    /** Polls a condition on the FX thread until it holds (the benchmark's own wait, at 1 ms resolution). */
    private static void waitFor(BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            CompletableFuture<Boolean> holds = new CompletableFuture<>();
            Platform.runLater(() -> holds.complete(condition.getAsBoolean()));
            if (holds.get(60, TimeUnit.SECONDS)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        throw new IllegalStateException("The console did not get there within 10 minutes");
    }

    /** Waits until the scene has been laid out and drawn once more: what was just shown is on screen. */
    private static void nextFrame(Scene scene) throws Exception {
        CompletableFuture<Void> drawn = new CompletableFuture<>();
        onFx(() -> {
            Runnable[] listener = new Runnable[1];
            listener[0] = () -> {
                scene.removePostLayoutPulseListener(listener[0]);
                drawn.complete(null);
            };
            scene.addPostLayoutPulseListener(listener[0]);
            Platform.requestNextPulse();
        });
        drawn.get(60, TimeUnit.SECONDS);
    }

    private static double millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /**
     * Says yes to every confirmation, as an operator clicking through would. An error or a "nothing to do" means
     * the run measured nothing: {@code trouble} fails with it, and so does the run.
     */
    private static final class AgreeingDialogs implements DialogService {
        final CompletableFuture<Void> trouble = new CompletableFuture<>();

        @Override public boolean confirm(Confirmation confirmation) { return true; }
        @Override public boolean confirm(String title, String question) { return true; }
        @Override public boolean confirmByTyping(String title, String question, long count) { return true; }
        @Override public Optional<String> ask(String title, String question, String initial) { return Optional.ofNullable(initial); }

        @Override
        public void showError(String title, String message, Throwable details) {
            trouble.completeExceptionally(new IllegalStateException(title + ": " + message, details));
        }

        @Override
        public void showInfo(String title, String message) {
            trouble.completeExceptionally(new IllegalStateException(title + ": " + message));
        }
    }
}
