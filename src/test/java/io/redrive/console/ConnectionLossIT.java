package io.redrive.console;

import io.redrive.cache.Cache;
import io.redrive.cache.CacheOptions;
import io.redrive.console.cache.NamespaceRow;
import io.redrive.console.charts.ChartPanel;
import io.redrive.engine.Backoff;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.demo.EmbeddedRedis;
import javafx.css.PseudoClass;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TabPane;
import javafx.stage.PopupWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Losing Redis shows the banner, with the real cause and how long ago, without freezing the window; every screen
 * follows (the worker waits; the cache charts, the overview's figures and the dead-letter list say they are from
 * before the loss; every action that writes, on the dead-letter, retries, cache and timeline screens, is off and
 * says why); the connection and every screen come back by themselves.
 */
class ConnectionLossIT extends ConsoleTestSupport {
    private static final List<String> BULK = List.of("#replayFilterButton", "#purgeFilterButton");
    /** What writes on the other screens, each with something selected or changed so that only Redis can turn it off. */
    private static final List<String> WRITES = List.of("#retryNowButton", "#killButton", "#applyTtl", "#resetTtl",
            "#cachingEnabled", "#applyPolicy");
    private static final String STALE_SENTENCE = "Redis is not answering: %s \\d\\d:\\d\\d:\\d\\d\\.";
    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");
    private EmbeddedRedis server;

    @Override
    protected String redisUrl() {
        if (server == null) {
            server = EmbeddedRedis.startPersistent();
        }
        return server.url();
    }

    /** A message waiting for a retry (Retries, Retry timelines) and a cache namespace with traffic (Cache). */
    @Override
    protected void beforeWindow() {
        Queue orders = producer().queue("orders");
        orders.updatePolicy(RetryPolicy.builder().maxAttempts(4).backoff(Backoff.exponential(Duration.ofMinutes(10))).build());
        orders.enqueue(OutgoingMessage.json("{\"order\":1}"));
        try (Worker worker = engines.get(0).worker("orders", d -> {
            throw new IllegalStateException("out of stock");
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).build())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> orders.counts().scheduled() == 1);
        }
        try (Cache cache = Cache.connect(CacheOptions.builder().redisUrl(redisUrl()).keyPrefix(prefix)
                .statsInterval(Duration.ofMillis(200)).build())) {
            ChartScreensTestSupport.traffic(cache, "user", "u", 2, 2);
            ChartScreensTestSupport.awaitFlushed(cache, "user", 2, 2);
        }
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aLostConnectionShowsTheBannerAndRecoversByItself() {
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> lookup("#connectionState").queryAs(Label.class).getText().startsWith("Connected"));
        Label banner = lookup("#connectionLostBanner").queryAs(Label.class);
        assertThat(banner.isVisible()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> lookup("#workerStatus").tryQuery().isPresent()
                && lookup("#breakerState").tryQuery().isPresent() && lookup("#hitRatePanel").tryQuery().isPresent());
        Label worker = lookup("#workerStatus").queryAs(Label.class);
        Label breaker = lookup("#breakerState").queryAs(Label.class);
        ChartPanel hitRate = lookup("#hitRatePanel").queryAs(ChartPanel.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> breaker.getText().contains("Redis in use")
                && worker.getText().startsWith("Background retry worker: running"));
        BULK.forEach(id -> assertThat(lookup(id).queryAs(Control.class).isDisabled()).as(id).isFalse());
        selectSomethingToWriteOnEveryScreen();
        WRITES.forEach(id -> assertThat(lookup(id).queryAs(Control.class).isDisabled()).as(id).isFalse());
        Label overviewStale = lookup("#overviewStale").queryAs(Label.class);
        Label deadLettersStale = lookup("#deadLettersStale").queryAs(Label.class);
        assertThat(overviewStale.isManaged()).isFalse();
        assertThat(deadLettersStale.isManaged()).isFalse();
        watchdog.reset();

        server.stop();
        await().ignoreExceptions().atMost(Duration.ofSeconds(15)).until(banner::isVisible);
        assertThat(lookup("#connectionState").queryAs(Label.class).getText()).isEqualTo("Reconnecting…");
        // the cause is the reconnect's, not the ping's timeout; the age counts up
        await().atMost(Duration.ofSeconds(15)).until(() -> banner.getText().contains("connection refused"));
        assertThat(banner.getText()).doesNotContain("timed out").contains("Reconnecting by itself").containsPattern("lost \\d+ s ago, at ");
        String earlier = banner.getText();
        await().atMost(Duration.ofSeconds(5)).until(() -> !banner.getText().equals(earlier) && banner.getText().contains("connection refused"));

        assertThat(worker.getText()).isEqualTo("Background retry worker: waiting for Redis to come back");
        assertThat(breaker.getText()).doesNotContain("in use").contains("Redis cannot be reached since");
        assertThat(hitRate.getPseudoClassStates()).contains(STALE);
        assertThat(hitRate.staleProperty().get()).matches("Stale since \\d\\d:\\d\\d:\\d\\d");
        TabPane screens = lookup("#screens").queryAs(TabPane.class);
        interact(() -> screens.getSelectionModel().select(1));  // dead letters
        for (String id : BULK) {
            Control button = lookup(id).queryAs(Control.class);
            assertThat(button.isDisabled()).as(id).isTrue();
            assertThat(button.getTooltip().getText()).as(id).startsWith("Redis cannot be reached (connection refused");
        }
        Control purge = lookup("#purgeFilterButton").queryAs(Control.class);
        moveTo(purge);
        await().atMost(Duration.ofSeconds(10)).until(() -> lookup(".tooltip").match(n -> n instanceof Label label
                && label.getText().startsWith("Redis cannot be reached") && label.getScene().getWindow() instanceof PopupWindow popup
                && popup.isShowing() && popup.getOwnerNode() == purge).tryQuery().isPresent());
        moveTo("#connectionState");
        // the other screens' writes are off too, with the same reason
        for (String id : WRITES) {
            Control control = lookup(id).queryAs(Control.class);
            assertThat(control.isDisabled()).as(id).isTrue();
            assertThat(control.getTooltip().getText()).as(id).startsWith("Redis cannot be reached (connection refused");
        }
        // what is shown says it is from before the loss
        assertThat(deadLettersStale.isVisible()).isTrue();
        assertThat(deadLettersStale.getText()).matches(String.format(STALE_SENTENCE, "showing what was read at"));
        assertThat(lookup("#deadLetterTable").queryAs(javafx.scene.control.TableView.class).getPseudoClassStates()).contains(STALE);
        assertThat(((Label) lookup("#deadLetterTable").queryAs(javafx.scene.control.TableView.class).getPlaceholder()).getText())
                .as("the empty list does not say it is reading").isEqualTo(deadLettersStale.getText());
        assertThat(overviewStale.isVisible()).isTrue();
        assertThat(overviewStale.getText()).matches(String.format(STALE_SENTENCE, "these figures were read at"));
        assertThat(lookup("#serverFacts").queryAs(Label.class).getPseudoClassStates()).contains(STALE);

        server.restart();
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> !banner.isVisible());
        assertThat(lookup("#connectionState").queryAs(Label.class).getText()).startsWith("Connected");
        BULK.forEach(id -> assertThat(lookup(id).queryAs(Control.class).isDisabled()).as(id).isFalse());
        assertThat(lookup("#purgeFilterButton").queryAs(Control.class).getTooltip().getText()).isEqualTo("Purge every dead letter the filters match, on every page");
        assertThat(hitRate.getPseudoClassStates()).doesNotContain(STALE);
        WRITES.forEach(id -> assertThat(lookup(id).queryAs(Control.class).isDisabled()).as(id).isFalse());
        assertThat(lookup("#applyPolicy").queryAs(Control.class).getTooltip().getText())
                .isEqualTo("Stores the policy for this queue; every engine on this Redis applies it within a second");
        assertThat(lookup("#killButton").queryAs(Control.class).getTooltip()).as("no reason left to give").isNull();
        assertThat(overviewStale.isVisible()).isFalse();
        assertThat(deadLettersStale.isVisible()).isFalse();
        assertThat(lookup("#serverFacts").queryAs(Label.class).getPseudoClassStates()).doesNotContain(STALE);
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.getText().startsWith("Background retry worker: running")
                && breaker.getText().contains("Redis in use"));
        assertThat(watchdog.longestBlockedMillis()).as("FX thread while Redis was away: longest time the FX thread was blocked, ms; it was at %s", watchdog.blockedAt()).isLessThan(100);
    }

    /** A waiting message selected on Retries, a namespace on Cache, a changed policy on Retry timelines. */
    @SuppressWarnings("unchecked")
    private void selectSomethingToWriteOnEveryScreen() {
        TableView<Object> scheduled = lookup("#scheduledTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduled.getItems().size() == 1);
        interact(() -> scheduled.getSelectionModel().select(0));
        TableView<NamespaceRow> namespaces = lookup("#namespaceTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> namespaces.getItems().stream().anyMatch(r -> r.getName().equals("user")));
        interact(() -> namespaces.getSelectionModel().select(namespaces.getItems().stream()
                .filter(r -> r.getName().equals("user")).findFirst().orElseThrow()));
        Spinner<Integer> maxAttempts = lookup("#policyMaxAttempts").queryAs(Spinner.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> lookup("#currentPolicy").queryAs(Label.class).getText().contains("orders"));
        interact(() -> maxAttempts.increment());
    }
}
