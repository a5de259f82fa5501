package io.redrive.console;

import io.redrive.console.charts.ChartExport;
import io.redrive.demo.EmbeddedRedis;
import io.redrive.ops.Actor;
import io.redrive.engine.DeadLetterQuery;
import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.FailureGroup;
import io.redrive.engine.MessageHandler;
import io.redrive.engine.NonRetryableException;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.ReplayOptions;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Takes the screenshots of what an operator sees on a production connection: the banner, a designed confirmation
 * and a replay's outcome, in the light and the dark theme. Not a test: {@code assets/screenshots/tour.sh} runs it
 * on a Redis of its own, with data made the way production makes it (real workers failing real messages).
 */
public final class ScreenshotTour {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 800;
    private static final RetryPolicy ONE_ATTEMPT = RetryPolicy.builder().maxAttempts(1).build();

    private ScreenshotTour() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "assets/screenshots");
        Files.createDirectories(out);
        Path home = Files.createTempDirectory("redrive-tour");
        System.setProperty(UserStorage.PREFERENCES_PROPERTY, "io/redrive/tour");
        System.setProperty(UserStorage.HOME_PROPERTY, home.toString());
        System.setProperty(UserStorage.KEYRING_PROPERTY, "none");
        try (EmbeddedRedis redis = EmbeddedRedis.start();
             Engine shop = Engine.connect(EngineOptions.builder().redisUrl(redis.url()).keyPrefix("shop")
                     .upkeep(false).build())) {
            seed(shop);
            FxStartup.ensureStarted();
            ConnectionSettings production = new ConnectionSettings("payments (production)", redis.url(), "shop",
                    Environment.PRODUCTION, false);
            ConsoleWindow window = fx(() -> {
                Stage stage = new Stage();
                ConsoleWindow w = ConsoleWindow.show(stage, new BackgroundTasks(), production);
                stage.setWidth(WIDTH);
                stage.setHeight(HEIGHT);
                return w;
            });
            for (String theme : List.of("light", "dark")) {
                fx(() -> {
                    window.applyTheme(theme);
                    return null;
                });
                String suffix = theme.equals("light") ? "" : "-dark";
                screen(window, "overviewTab");
                pause(4);
                shoot(window.stage().getScene(), out.resolve("production" + suffix + ".png"));
                screen(window, "operationsTab");
                pause(4);
                fx(() -> {
                    TableView<?> table = (TableView<?>) window.stage().getScene().lookup("#operationsTable");
                    table.getSelectionModel().select(table.getItems().size() - 1);  // the replay, the oldest
                    return null;
                });
                pause(1);
                shoot(window.stage().getScene(), out.resolve("operations" + suffix + ".png"));
                screen(window, "deadLettersTab");
                pause(3);
                confirmPurgeOfLargestGroup(window, out.resolve("confirmation" + suffix + ".png"));
            }
            Platform.exit();
        }
        System.exit(0);
    }

    /** Dead letters of two queues in four failure groups, a replay whose outcome is known, and a purge that left arrivals alone. */
    private static void seed(Engine shop) throws Exception {
        DeadLetters letters = shop.deadLetters();
        fail(shop, "payments", 46, n -> OutgoingMessage.json("{\"payment\":" + (7100 + n) + ",\"amount\":" + (n * 13 % 400) + ".00}"),
                d -> {
                    throw new java.net.SocketTimeoutException("Read timed out after 30000 ms calling psp.example/charge");
                });
        fail(shop, "payments", 9, n -> OutgoingMessage.json("{\"payment\":" + (7300 + n) + ",\"currency\":\"XYZ\"}"),
                d -> {
                    throw new NonRetryableException("currency XYZ is not supported");
                });
        fail(shop, "emails", 14, n -> OutgoingMessage.json("{\"to\":\"customer" + n + "@example.com\",\"template\":\"receipt\"}"),
                d -> {
                    throw new IllegalStateException("SMTP 451 4.7.1 greylisted, try again later");
                });

        // yesterday's fix for the greylisting: replayed, most went through, three bounced for good
        FailureGroup greylisted = letters.groups("emails").get(0);
        String preview = letters.preview("replay", DeadLetterTarget.group("emails", greylisted.fingerprint()), 50, null).previewId();
        letters.replay(preview, ReplayOptions.defaults(Actor.named("maria@ops-laptop")).rate(50)).await();
        Worker mailer = shop.worker("emails", d -> {
            if (d.text().matches(".*customer(3|7|11)@.*")) {
                throw new NonRetryableException("SMTP 550 5.1.1 mailbox unavailable");
            }
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(20)).build());
        String replayId = shop.operations().recent(1).get(0).id();
        while (!shop.operations().outcome(replayId).settled()) {
            pause(0.2);
        }
        mailer.close();

        // a purge of the unsupported currency, confirmed while two more arrived
        String purge = letters.preview("purge", DeadLetterTarget.matching(DeadLetterQuery.builder().queue("payments")
                .errorClass(NonRetryableException.class.getName()).build()), 0, null).previewId();
        fail(shop, "payments", 2, n -> OutgoingMessage.json("{\"payment\":" + (7400 + n) + ",\"currency\":\"XYZ\"}"),
                d -> {
                    throw new NonRetryableException("currency XYZ is not supported");
                });
        letters.purge(purge, 0, Actor.named("sam@ops-desk")).await();
    }

    private static void fail(Engine engine, String queueName, int count, java.util.function.IntFunction<OutgoingMessage> message,
                             MessageHandler handler) throws Exception {
        Queue queue = engine.queue(queueName);
        queue.updatePolicy(ONE_ATTEMPT);
        long dead = queue.counts().dead();
        queue.enqueueAll(IntStream.range(0, count).mapToObj(message).toList());
        Worker worker = engine.worker(queueName, handler, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(20)).build());
        while (queue.counts().dead() < dead + count) {
            pause(0.1);
        }
        worker.close();
    }

    /** Picks the dead letters' largest failure group, asks to purge it, types half the count and takes the dialog. */
    private static void confirmPurgeOfLargestGroup(ConsoleWindow window, Path file) throws Exception {
        fx(() -> {
            Scene scene = window.stage().getScene();
            ((ListView<?>) scene.lookup("#groupList")).getSelectionModel().select(0);
            return null;
        });
        pause(2);
        Platform.runLater(() -> ((Button) window.stage().getScene().lookup("#purgeGroupButton")).fire());
        DialogPane dialog = null;
        for (int i = 0; i < 100 && dialog == null; i++) {
            pause(0.1);
            dialog = fx(() -> Window.getWindows().stream().map(Window::getScene)
                    .filter(s -> s != null && s.getRoot() instanceof DialogPane p && p.getStyleClass().contains(Styles.CONFIRMATION))
                    .map(s -> (DialogPane) s.getRoot()).findFirst().orElse(null));
        }
        if (dialog == null) {
            throw new IllegalStateException("The purge confirmation did not show");
        }
        DialogPane pane = dialog;
        fx(() -> {
            ((TextField) pane.lookup("#confirmCount")).setText("4");  // typing under way: the button still waits
            return null;
        });
        pause(1);
        shoot(pane.getScene(), file);
        Platform.runLater(() -> ((Button) pane.lookup("#confirmCancel")).fire());
        pause(1);
    }

    private static void screen(ConsoleWindow window, String tabId) throws Exception {
        for (int i = 0; i < 100 && fx(() -> window.stage().getScene().lookup("#screens")) == null; i++) {
            pause(0.1);  // the connection is still opening
        }
        fx(() -> {
            TabPane screens = (TabPane) window.stage().getScene().lookup("#screens");
            screens.getTabs().stream().filter(t -> tabId.equals(t.getId())).findFirst().ifPresent(t -> screens.getSelectionModel().select(t));
            return null;
        });
    }

    private static void shoot(Scene scene, Path file) throws Exception {
        byte[] png = fx(() -> ChartExport.png(scene.snapshot(null)));
        Files.write(file, png);
        System.out.println("wrote " + file);
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    /** A tool showing a window to a camera, not a test: plain waits for the console's own refreshes are fine here. */
    private static void pause(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }
}
