package io.redrive.console;

import io.lettuce.core.AclCategory;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redrive.ops.Actor;
import io.redrive.ops.AuditQuery;
import io.redrive.engine.Backoff;
import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.Engine;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.testing.KeyDigest;
import io.redrive.testing.TestRedis;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.PickResult;
import javafx.stage.PopupWindow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testfx.matcher.control.LabeledMatchers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A read-only connection says so, runs no upkeep, disables every control that would write (each saying
 * why) on every screen, and sends Redis no write command. The console connects as a Redis user who may run anything
 * but write commands, so a write it tried would be refused and land in the server's ACL log, which must stay empty
 * of that user; the prefix's keys and the audit log must also be exactly as the producer left them.
 */
class ReadOnlyConsoleIT extends ConsoleTestSupport {
    private static final Duration UI = Duration.ofSeconds(10);
    /** The Redis users the tests made, removed when they are done. */
    private static final List<String> USERS = new ArrayList<>();

    private final String user = "redrive-read-only-" + prefix;
    private final String password = "pw-" + prefix;
    private Engine engine;
    private List<String> dead;
    private String trashed;
    private Map<String, String> keysBefore;
    private long auditBefore;

    @Override
    protected ConnectionSettings target() {
        return new ConnectionSettings("prod-replica", readOnlyUserUrl(), prefix, Environment.PRODUCTION, true);
    }

    /** Dead letters (one of them purged to the trash) and a message waiting for its retry; then a read-only user. */
    @Override
    protected void beforeWindow() {
        engine = producer();
        Queue orders = engine.queue("orders");
        orders.updatePolicy(RetryPolicy.builder().maxAttempts(1).backoff(Backoff.none()).build());
        List<String> ids = orders.enqueueAll(List.of(OutgoingMessage.json("{\"order\":1}"), OutgoingMessage.json("{\"order\":2}"),
                OutgoingMessage.json("{\"order\":3}")));
        failEveryDelivery("orders", () -> orders.counts().dead() == 3);
        trashed = ids.get(2);
        try {
            engine.deadLetters().purge(DeadLetterTarget.ids("orders", List.of(trashed)), 0, Actor.named("setup")).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        dead = ids.subList(0, 2);
        Queue payments = engine.queue("payments");
        payments.updatePolicy(RetryPolicy.builder().maxAttempts(3).backoff(Backoff.exponential(Duration.ofMinutes(10))).build());
        payments.enqueue(OutgoingMessage.json("{\"payment\":1}"));
        failEveryDelivery("payments", () -> payments.counts().scheduled() == 1);

        try (RedisAdmin admin = new RedisAdmin()) {
            // everything but the commands Redis files under @write, on every key and channel
            admin.commands.aclSetuser(user, AclSetuserArgs.Builder.on().addPassword(password).allKeys().allChannels()
                    .allCommands().removeCategory(AclCategory.WRITE));
            USERS.add(user);
            keysBefore = admin.snapshot(prefix);
        }
        auditBefore = engine.audit().list(AuditQuery.builder().limit(AuditQuery.MAX_LIMIT).build()).size();
        assertThat(auditBefore).as("the setup's purge is audited, when it started and when it ended").isEqualTo(2);
    }

    @AfterAll
    static void removeUsers() {
        try (RedisAdmin admin = new RedisAdmin()) {
            USERS.forEach(admin.commands::aclDeluser);
            USERS.clear();
        }
    }

    @Test
    void aReadOnlyConnectionShowsItsBannerAndDisablesTheWorkerSwitch() {
        await().ignoreExceptions().atMost(UI).until(() -> lookup("#readOnlyBanner").tryQuery().isPresent()
                && lookup("#workerToggle").tryQuery().isPresent());
        assertThat(lookup("#readOnlyBanner").queryAs(Label.class).isVisible()).isTrue();
        ToggleButton toggle = lookup("#workerToggle").queryAs(ToggleButton.class);
        assertThat(toggle.isDisabled()).isTrue();
        assertThat(toggle.getTooltip().getText()).isEqualTo(SessionContext.READ_ONLY_REASON);
        assertThat(window.model().sessions().get(0).engine().upkeep().isRunning()).isFalse();
        assertThat(lookup("#environmentLabel").queryAs(Label.class).getText()).contains("Production").contains("read-only");
    }

    @Test
    void everyScreenDisablesEveryMutationWithTheReasonAndNothingIsWrittenToRedis() {
        TabPane screens = screens();

        // overview: the worker switch; clicking it anyway changes nothing
        await().atMost(UI).until(() -> !lookup("#queueTable").queryAs(TableView.class).getItems().isEmpty());
        assertDisabledWithReason("#workerToggle");
        assertReasonShowsOnHover("#workerToggle");
        clickOn("#workerToggle");
        assertThat(lookup("#workerToggle").queryAs(ToggleButton.class).isSelected()).isFalse();
        assertThat(window.model().sessions().get(0).engine().upkeep().isRunning()).isFalse();

        // dead letters, with a row and a failure group selected: what would act on them is disabled
        showScreen(screens, KeyCode.DIGIT2, "deadLettersTab");
        @SuppressWarnings("unchecked")
        TableView<DeadLetter> table = lookup("#deadLetterTable").queryAs(TableView.class);
        await().atMost(UI).until(() -> table.getItems().size() == 2);
        clickOn(from(table).lookup(".table-cell").match(LabeledMatchers.hasText(dead.get(0))).<Node>query());
        await().atMost(UI).until(() -> lookup("#detailTitle").queryAs(Label.class).getText().contains(dead.get(0)));
        clickOn(lookup("#groupList .list-cell").match(n -> ((ListCell<?>) n).getItem() != null).<Node>query());
        await().atMost(UI).until(() -> lookup("#groupList").queryAs(javafx.scene.control.ListView.class).getSelectionModel().getSelectedItem() != null);
        for (String id : List.of("#replayButton", "#editButton", "#purgeButton", "#replayFilterButton", "#purgeFilterButton",
                "#replayGroupButton", "#purgeGroupButton", "#importButton")) {
            assertDisabledWithReason(id);
        }
        assertThat(lookup("#exportButton").queryAs(Control.class).isDisabled()).as("export only reads").isFalse();
        assertReasonShowsOnHover("#replayButton");
        // the table's keys do nothing either: no replay options, no editor, no purge confirmation
        clickOn(from(table).lookup(".table-cell").match(LabeledMatchers.hasText(dead.get(0))).<Node>query());
        type(KeyCode.R).type(KeyCode.E).type(KeyCode.DELETE);
        assertThat(lookup(".dialog-pane").tryQuery()).as("a dialog opened").isEmpty();
        assertThat(lookup("#deadLettersStatus").queryAs(Label.class).getText()).as("a command ran and was refused").isEmpty();
        // and the context menu's writing items are disabled, under the reason
        Node row = from(table).lookup(".table-cell").match(LabeledMatchers.hasText(dead.get(0))).query();
        rightClickOn(row);
        requestContextMenu(row);
        ContextMenu menu = table.getContextMenu();
        await().atMost(UI).until(menu::isShowing);
        assertThat(menu.getItems().get(0).getText()).isEqualTo(SessionContext.READ_ONLY_REASON);
        assertThat(menu.getItems().get(0).isDisable()).isTrue();
        assertThat(menu.getItems()).filteredOn(i -> i.getText() != null && i.getText().matches("(Replay|Edit|Purge|Restore).*"))
                .hasSize(4).allMatch(MenuItem::isDisable);
        assertThat(menu.getItems()).filteredOn(i -> "Copy id".equals(i.getText())).singleElement()
                .matches(i -> !i.isDisable(), "copying an id stays possible");
        type(KeyCode.ESCAPE);
        await().atMost(UI).until(() -> !menu.isShowing());

        // the trash: restore and restore all
        clickOn("#trashButton");
        await().atMost(UI).untilAsserted(() -> assertThat(table.getItems()).extracting(DeadLetter::id).containsExactly(trashed));
        clickOn(from(table).lookup(".table-cell").match(LabeledMatchers.hasText(trashed)).<Node>query());
        assertThat(table.getSelectionModel().getSelectedItems()).hasSize(1);
        assertDisabledWithReason("#restoreButton");
        assertDisabledWithReason("#restoreAllButton");
        clickOn("#trashButton");

        // retries, with the scheduled message selected
        showScreen(screens, KeyCode.DIGIT4, "retriesTab");
        TableView<?> scheduled = lookup("#scheduledTable").queryAs(TableView.class);
        await().atMost(UI).until(() -> scheduled.getItems().size() == 1);
        clickOn(from(scheduled).lookup(".table-row-cell").<Node>query());
        assertThat(scheduled.getSelectionModel().getSelectedItems()).hasSize(1);
        assertDisabledWithReason("#retryNowButton");
        assertDisabledWithReason("#killButton");
        assertReasonShowsOnHover("#killButton");

        // cache, with a namespace selected: TTL apply and re-apply, reset, the caching switch
        showScreen(screens, KeyCode.DIGIT6, "cacheTab");
        TableView<?> namespaces = lookup("#namespaceTable").queryAs(TableView.class);
        await().atMost(UI).until(() -> !namespaces.getItems().isEmpty());
        clickOn(lookup("#namespaceTable .table-cell").match(LabeledMatchers.hasText("user")).<Node>query());
        for (String id : List.of("#ttlSeconds", "#reapplyExisting", "#applyTtl", "#resetTtl", "#cachingEnabled", "#cancelReapply")) {
            assertDisabledWithReason(id);
        }
        assertReasonShowsOnHover("#applyTtl");

        // retry timelines: a changed policy still cannot be applied
        showScreen(screens, KeyCode.DIGIT7, "timelineTab");
        clickOn(lookup(".tab-pane .tab-label").match(LabeledMatchers.hasText("Retry policy")).<Node>query());
        await().atMost(UI).until(() -> lookup("#currentPolicy").queryAs(Label.class).getText().contains("attempts"));
        Spinner<?> maxAttempts = lookup("#policyMaxAttempts").queryAs(Spinner.class);
        clickOn(maxAttempts.getEditor()).push(KeyCode.SHORTCUT, KeyCode.A).write("9");
        await().atMost(UI).until(() -> lookup("#timeUntilDeadLetter").queryAs(Label.class).getText().contains("9 attempts"));
        assertDisabledWithReason("#applyPolicy");
        assertReasonShowsOnHover("#applyPolicy");

        // nothing was written: no refused write in the ACL log, the keys and the audit log as they were
        try (RedisAdmin admin = new RedisAdmin()) {
            assertThat(admin.refusals(user)).as("commands Redis refused the read-only console").isEmpty();
            assertThat(admin.snapshot(prefix)).as("every key of the prefix, dumped").isEqualTo(keysBefore);
        }
        assertThat(engine.audit().list(AuditQuery.builder().limit(AuditQuery.MAX_LIMIT).build())).hasSize((int) auditBefore);
        assertThat(watchdog.longestBlockedMillis()).as("longest time the FX thread was blocked, ms; it was at %s", watchdog.blockedAt())
                .isLessThan(100);
    }

    // Helpers

    private void failEveryDelivery(String queue, java.util.concurrent.Callable<Boolean> until) {
        Worker worker = engine.worker(queue, d -> {
            throw new IllegalStateException("no " + queue + " today");
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).build());
        try {
            await().atMost(Duration.ofSeconds(15)).until(until);
        } finally {
            worker.close();
        }
    }

    private String readOnlyUserUrl() {
        String url = redisUrl();
        int scheme = url.indexOf("://") + 3;
        String rest = url.substring(scheme);
        return url.substring(0, scheme) + user + ":" + password + "@" + rest.substring(rest.indexOf('@') + 1);
    }

    private TabPane screens() {
        await().ignoreExceptions().atMost(UI).until(() -> lookup("#screens").tryQuery().isPresent());
        return lookup("#screens").queryAs(TabPane.class);
    }

    private void showScreen(TabPane screens, KeyCode digit, String tabId) {
        push(KeyCode.SHORTCUT, digit);
        await().atMost(UI).until(() -> tabId.equals(screens.getSelectionModel().getSelectedItem().getId()));
    }

    /**
     * What the platform sends after a right click (or the menu key): headless Monocle sends none, so the test does,
     * at the middle of the node.
     */
    private void requestContextMenu(Node node) {
        interact(() -> {
            Bounds bounds = node.localToScene(node.getBoundsInLocal());
            Point2D screen = node.localToScreen(bounds.getWidth() / 2, bounds.getHeight() / 2);
            double x = bounds.getCenterX();
            double y = bounds.getCenterY();
            Event.fireEvent(node, new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED, x, y, screen.getX(), screen.getY(),
                    false, new PickResult(node, x, y)));
        });
    }

    /** Hovering over the disabled control shows its reason (JavaFX alone shows no tooltip on a disabled control). */
    private void assertReasonShowsOnHover(String id) {
        Control control = lookup(id).queryAs(Control.class);
        moveTo(control);
        await().atMost(UI).until(() -> lookup(".tooltip").match(n -> n instanceof Label label
                && SessionContext.READ_ONLY_REASON.equals(label.getText()) && label.getScene().getWindow() instanceof PopupWindow popup
                && popup.isShowing() && popup.getOwnerNode() == control).tryQuery().isPresent());
        moveTo("#connectionState");  // away again, to the status bar: the tooltip goes
        await().atMost(UI).until(() -> !control.getTooltip().isShowing());
    }

    private void assertDisabledWithReason(String id) {
        Control control = lookup(id).queryAs(Control.class);
        assertThat(control.isDisabled()).as("%s disabled", id).isTrue();
        assertThat(control.getTooltip()).as("%s tooltip", id).isNotNull();
        assertThat(control.getTooltip().getText()).as("%s tooltip", id).isEqualTo(SessionContext.READ_ONLY_REASON);
    }

    /** A connection to the test Redis as its default user, for what the console may not do. */
    private static final class RedisAdmin implements AutoCloseable {
        final RedisClient client = RedisClient.create(TestRedis.url());
        final StatefulRedisConnection<String, String> connection = client.connect();
        final RedisCommands<String, String> commands = connection.sync();

        /** Every key of the prefix with its type and content. */
        Map<String, String> snapshot(String prefix) {
            Map<String, String> keys = new TreeMap<>(KeyDigest.snapshot(TestRedis.url(), prefix + ":"));
            // the producer's heartbeat changes as it beats; which engines beat must not (the console writes none)
            String engines = prefix + ":engines";
            if (keys.containsKey(engines)) {
                keys.put(engines, "engines " + new TreeSet<>(commands.hkeys(engines)));
            }
            return keys;
        }

        /** The ACL log's entries for that user: what it tried and Redis refused. */
        List<String> refusals(String user) {
            return commands.aclLog().stream().filter(e -> user.equals(e.get("username")))
                    .map(e -> e.get("context") + " " + e.get("reason") + " " + e.get("object")).toList();
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
