package io.redrive.console;

import io.redrive.engine.Backoff;
import io.redrive.engine.CheckReport;
import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterDetail;
import io.redrive.engine.Engine;
import io.redrive.engine.FailureGroup;
import io.redrive.engine.MessageState;
import io.redrive.engine.MessageVersion;
import io.redrive.engine.NonRetryableException;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Control;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.Test;
import org.testfx.matcher.control.LabeledMatchers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter screen driven end to end in the real window on a production-labelled connection: find a dead
 * letter by its error text, edit it (invalid JSON refused with the reason, then valid JSON saved as a new version),
 * replay it and see a worker process the edited payload; purge a whole failure group and restore it from the
 * trash. The engine's consistency check is clean after each, and the FX thread never waits on Redis.
 */
class DeadLetterFlowsIT extends ConsoleTestSupport {
    private static final Duration UI = Duration.ofSeconds(10);
    private static final RetryPolicy TWO_QUICK_ATTEMPTS = RetryPolicy.builder().maxAttempts(2).backoff(Backoff.none()).build();
    /** One throw site, so orders that die of it later land in the same failure group. */
    private static final Supplier<RuntimeException> PAYMENT_TIMEOUT = () -> new IllegalStateException("payment gateway timed out");
    private static final String INVOICE = "{\"invoice\":7,\"region\":\"XY\"}";
    /** The payload as the editor shows it (pretty), with the region changed by typing over its end. */
    private static final String FIXED_INVOICE = "{\n  \"invoice\": 7,\n  \"region\": \"EU\"}";

    private Engine engine;
    private List<String> orders;
    private String invoice;
    private List<String> mails;

    @Override
    protected ConnectionSettings target() {
        return new ConnectionSettings("prod", redisUrl(), prefix, Environment.PRODUCTION, false);
    }

    /** Six dead letters in three queues and three failure groups, each died its own way. */
    @Override
    protected void beforeWindow() {
        engine = producer();
        // exhausted attempts: failed twice, then dead
        orders = kill("orders", TWO_QUICK_ATTEMPTS, List.of(OutgoingMessage.json("{\"order\":1}"),
                OutgoingMessage.json("{\"order\":2}"), OutgoingMessage.json("{\"order\":3}")),
                PAYMENT_TIMEOUT);
        invoice = kill("invoices", TWO_QUICK_ATTEMPTS, List.of(OutgoingMessage.json(INVOICE).header("tenant", "acme")),
                () -> new IllegalArgumentException("tax rate missing for region XY")).get(0);
        // non-retryable: dead at the first attempt, whatever the policy
        mails = kill("mail", RetryPolicy.builder().maxAttempts(5).backoff(Backoff.exponential(Duration.ofMinutes(10))).build(),
                List.of(OutgoingMessage.json("{\"to\":\"a@example.com\"}"), OutgoingMessage.json("{\"to\":\"b@example.com\"}")),
                () -> new NonRetryableException("mailbox full"));
    }

    @Test
    void aDeadLetterFoundByItsErrorTextIsEditedReplayedAndProcessedWithTheEditedPayload() throws Exception {
        pressShortcutForDeadLetters();
        TableView<DeadLetter> table = deadLetterTable();
        await().atMost(UI).until(() -> table.getItems().size() == 6);

        // find it by its error text: only the matching dead letter stays in the table
        clickOn("#searchBox").write("tax rate").type(KeyCode.ENTER);
        await().atMost(UI).untilAsserted(() -> assertThat(table.getItems()).extracting(DeadLetter::id).containsExactly(invoice));

        // select it: payload, headers and errors in the detail pane
        clickOn(cell(table, invoice));
        Label title = lookup("#detailTitle").queryAs(Label.class);
        await().atMost(UI).until(() -> title.getText().contains(invoice) && title.getText().contains("version 0"));
        CodeArea payload = lookup("#payloadView").queryAs(CodeArea.class);
        assertThat(payload.getText()).isEqualTo("{\n  \"invoice\": 7,\n  \"region\": \"XY\"\n}");
        clickOn(tabLabel("Headers"));
        assertThat(lookup("#headersTable .table-cell").match(LabeledMatchers.hasText("tenant")).tryQuery()).isPresent();
        assertThat(lookup("#headersTable .table-cell").match(LabeledMatchers.hasText("acme")).tryQuery()).isPresent();
        clickOn(tabLabel("Errors (2)"));
        List<String> errors = lookup("#errorsBox").queryAs(VBox.class).getChildren().stream()
                .map(n -> ((TitledPane) n).getText()).toList();
        assertThat(errors).hasSize(2).allSatisfy(e -> assertThat(e)
                .contains("java.lang.IllegalArgumentException: tax rate missing for region XY"));
        assertThat(errors.get(0)).startsWith("Attempt 1 ");
        assertThat(errors.get(1)).startsWith("Attempt 2 ");

        // edit: invalid JSON is refused with the reason in plain words, however good the reason for the edit
        clickOn("#editButton");
        await().atMost(UI).until(() -> lookup("#payloadEditor").tryQuery().isPresent());
        CodeArea editor = lookup("#payloadEditor").queryAs(CodeArea.class);
        Node save = lookup("#saveEdit").query();
        Label editError = lookup("#editError").queryAs(Label.class);
        assertThat(editor.getText()).isEqualTo(payload.getText());
        assertThat(save.isDisabled()).as("nothing changed yet").isTrue();
        clickOn(editor).push(KeyCode.SHORTCUT, KeyCode.END).write(",");  // a second value after the object: not JSON
        clickOn("#editReason").write("XY is now EU");
        assertThat(editError.isVisible()).isTrue();
        assertThat(editError.getText()).isEqualTo("The payload is not valid JSON at line 4, column 2: "
                + "unexpected text after the end of the JSON value");
        assertThat(save.isDisabled()).as("invalid JSON cannot be saved").isTrue();

        // the comma and the end of the region go; the new region is typed in
        clickOn(editor).push(KeyCode.SHORTCUT, KeyCode.END);
        for (int i = 0; i < 6; i++) {
            type(KeyCode.BACK_SPACE);
        }
        write("EU\"}");
        assertThat(editor.getText()).isEqualTo(FIXED_INVOICE);
        assertThat(editError.isVisible()).isFalse();
        assertThat(save.isDisabled()).isFalse();
        clickOn(save);

        // a new version in Redis; the original kept in its history, who edited it and why in its timeline
        await().atMost(UI).until(() -> show("invoices", invoice).version() == 1);
        DeadLetterDetail edited = show("invoices", invoice);
        assertThat(new String(edited.message().payload(), StandardCharsets.UTF_8)).isEqualTo(FIXED_INVOICE);
        assertThat(edited.message().headers()).containsEntry("tenant", "acme");
        assertThat(edited.versions()).hasSize(1);
        MessageVersion original = edited.versions().get(0);
        assertThat(original.version()).isZero();
        assertThat(new String(original.payload(), StandardCharsets.UTF_8)).isEqualTo(INVOICE);
        assertThat(original.by()).isEqualTo("original");
        assertThat(original.headers()).containsEntry("tenant", "acme");
        String operator = window.model().sessions().get(0).actor().name();
        assertThat(edited.timeline()).filteredOn(e -> e.type().equals("edited")).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("by", operator)
                        .containsEntry("why", "XY is now EU").containsEntry("version", 1));
        // the pane still shows the letter, read again: the new payload and the kept version
        await().atMost(UI).untilAsserted(() -> assertThat(title.getText()).contains(invoice).contains("version 1"));
        assertThat(table.getSelectionModel().getSelectedItem().id()).isEqualTo(invoice);
        assertThat(payload.getText()).isEqualTo("{\n  \"invoice\": 7,\n  \"region\": \"EU\"\n}");
        assertThat(tab("#detailTabs", "versionsTab").getText()).isEqualTo("Versions (2)");
        clickOn(tabLabel("Versions (2)"));
        assertThat(versionRows()).containsExactly(List.of("1 (current)", operator, "XY is now EU"), List.of("0", "original", ""));
        assertClean(6);

        // replay: options, then the dry run, confirmed by typing the count on production
        clickOn("#replayButton");
        DialogPane options = dialog(p -> ("Replay message " + invoice).equals(p.getHeaderText()));
        assertThat(from(options).lookup("#replayToOwn").queryAs(javafx.scene.control.RadioButton.class).isSelected()).isTrue();
        clickOn(from(options).lookup("#replayNext").<Node>query());
        DialogPane confirm = confirmation("Replay 1 dead letter?");
        assertThat(details(confirm)).contains("Count: 1").contains(invoice);
        assertThat(((Label) confirm.lookup("#confirmReversibility")).getText()).startsWith("Replay cannot be undone");
        assertThat(((Label) confirm.lookup("#dialogEnvironment")).getText()).containsIgnoringCase("production");
        Node ok = confirm.lookup("#confirmAction");
        assertThat(ok.isDisabled()).as("the action waits for the count").isTrue();
        clickOn(confirm.lookup("#confirmCount")).write("1");
        assertThat(ok.isDisabled()).isFalse();
        clickOn(ok);

        Queue invoices = engine.queue("invoices");
        await().atMost(UI).until(() -> invoices.counts().dead() == 0 && invoices.counts().ready() == 1);
        await().atMost(UI).until(() -> table.getItems().isEmpty());
        Label status = lookup("#deadLettersStatus").queryAs(Label.class);
        assertThat(status.getText()).startsWith("Replayed 1 dead letter in ");

        // a worker on the source queue processes the edited payload
        List<String> processed = new CopyOnWriteArrayList<>();
        Worker worker = engine.worker("invoices", d -> processed.add(d.id() + " " + d.text()),
                WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).build());
        try {
            // acknowledged: done, and kept for a day because it was replayed, so what became of it can be looked up
            await().atMost(UI).until(() -> worker.succeeded() == 1 && invoices.counts().total() == invoices.counts().done());
        } finally {
            worker.close();
        }
        assertThat(processed).containsExactly(invoice + " " + FIXED_INVOICE);
        assertThat(invoices.message(invoice).orElseThrow().state()).isEqualTo(io.redrive.engine.MessageState.DONE);

        // the other dead letters are still there, this one is not
        clickOn("#clearFilter");
        await().atMost(UI).until(() -> table.getItems().size() == 5);
        assertThat(table.getItems()).extracting(DeadLetter::id).doesNotContain(invoice)
                .containsExactlyInAnyOrderElementsOf(concat(orders, mails));
        assertClean(6);  // the five dead letters and the replayed one, kept as done
        assertFxThreadNeverBlocked();
    }

    @Test
    void anEditedDeadLetterThatNoLongerMatchesTheFiltersStaysSelectedAndShownWithItsNewVersion() {
        pressShortcutForDeadLetters();
        TableView<DeadLetter> table = deadLetterTable();
        await().atMost(UI).until(() -> table.getItems().size() == 6);
        clickOn("#moreFilters");
        clickOn("#filterPayloadText").write("XY").type(KeyCode.ENTER);
        await().atMost(UI).untilAsserted(() -> assertThat(table.getItems()).extracting(DeadLetter::id).containsExactly(invoice));
        clickOn(cell(table, invoice));
        Label title = lookup("#detailTitle").queryAs(Label.class);
        await().atMost(UI).until(() -> title.getText().contains(invoice) && title.getText().contains("version 0"));

        // the edit takes XY out of the payload: the filter no longer matches it
        clickOn("#editButton");
        await().atMost(UI).until(() -> lookup("#payloadEditor").tryQuery().isPresent());
        clickOn(lookup("#payloadEditor").<Node>query()).push(KeyCode.SHORTCUT, KeyCode.A).write("{\"invoice\":7,\"region\":\"EU\"}");
        clickOn("#editReason").write("XY is now EU");
        clickOn(lookup("#saveEdit").<Node>query());

        Label status = lookup("#deadLettersStatus").queryAs(Label.class);
        await().atMost(UI).until(() -> status.getText().startsWith("Saved version 1 of message " + invoice + ". It is not on this page any more"));
        await().atMost(UI).until(() -> table.getItems().isEmpty());
        // still shown, read again, and still what Replay and Purge act on
        await().atMost(UI).untilAsserted(() -> assertThat(title.getText()).contains(invoice).contains("version 1"));
        CodeArea payload = lookup("#payloadView").queryAs(CodeArea.class);
        assertThat(payload.getText()).contains("\"EU\"");
        assertThat(lookup("#replayButton").queryAs(Control.class).isDisabled()).isFalse();
        assertThat(lookup("#editButton").queryAs(Control.class).isDisabled()).isFalse();
        String operator = window.model().sessions().get(0).actor().name();
        clickOn(tabLabel("Versions (2)"));
        assertThat(versionRows()).containsExactly(List.of("1 (current)", operator, "XY is now EU"), List.of("0", "original", ""));

        // back to every dead letter: the edited one is on the page again, selected and in view
        clickOn("#clearFilter");
        await().atMost(UI).until(() -> table.getItems().size() == 6);
        await().atMost(UI).untilAsserted(() -> assertThat(table.getSelectionModel().getSelectedItems())
                .extracting(DeadLetter::id).containsExactly(invoice));
        assertThat(title.getText()).contains(invoice).contains("version 1");
        assertFxThreadNeverBlocked();
    }

    @Test
    void aPurgedFailureGroupGoesToTheTrashAndIsRestoredFromIt() throws Exception {
        openDeadLettersByClickingItsTab();
        TableView<DeadLetter> table = deadLetterTable();
        await().atMost(UI).until(() -> table.getItems().size() == 6);
        ListView<FailureGroup> groups = groupList();
        await().atMost(UI).until(() -> groups.getItems().size() == 3);

        // narrow the table to the mail group and purge the whole group
        clickOn(groupCell("mail"));
        await().atMost(UI).untilAsserted(() -> assertThat(table.getItems()).extracting(DeadLetter::id)
                .containsExactlyInAnyOrderElementsOf(mails));
        clickOn("#purgeGroupButton");
        DialogPane confirm = confirmation("Purge 2 dead letters?");
        assertThat(details(confirm)).contains("Count: 2").contains("Destination: the trash");
        assertThat(lookup(".dialog-pane").queryAllAs(DialogPane.class)).as("one dialog at a time").hasSize(1);
        Node ok = confirm.lookup("#confirmAction");
        clickOn(confirm.lookup("#confirmCount")).write("3");
        assertThat(ok.isDisabled()).as("a wrong count does not confirm").isTrue();
        clickOn(confirm.lookup("#confirmCount")).push(KeyCode.BACK_SPACE).write("2");
        clickOn(ok);

        Queue mail = engine.queue("mail");
        await().atMost(UI).until(() -> engine.deadLetters().trashCount("mail") == 2 && mail.counts().dead() == 0);
        assertThat(engine.deadLetters().trash("mail", 10)).extracting(DeadLetter::id).containsExactlyInAnyOrderElementsOf(mails);
        // the group has gone, so the table is back to the filters alone: the others, not the purged ones
        await().atMost(UI).untilAsserted(() -> assertThat(table.getItems()).extracting(DeadLetter::id)
                .containsExactlyInAnyOrderElementsOf(concat(orders, List.of(invoice))));
        await().atMost(UI).untilAsserted(() -> assertThat(groups.getItems()).extracting(FailureGroup::queue)
                .containsExactlyInAnyOrder("orders", "invoices"));
        assertThat(lookup("#deadLettersStatus").queryAs(Label.class).getText()).startsWith("Purged 2 dead letters in ");
        assertClean(6);

        // the trash lists them; restore both
        clickOn("#trashButton");
        await().atMost(UI).untilAsserted(() -> assertThat(table.getItems()).extracting(DeadLetter::id)
                .containsExactlyInAnyOrderElementsOf(mails));
        assertThat(lookup("#totalCount").queryAs(Label.class).getText()).isEqualTo("2 purged dead letters");
        clickOn(cell(table, mails.get(0))).push(KeyCode.SHORTCUT, KeyCode.A);
        assertThat(table.getSelectionModel().getSelectedItems()).hasSize(2);
        clickOn("#restoreButton");
        DialogPane restore = confirmation("Restore 2 purged dead letters?");
        assertThat(details(restore)).contains("queue mail");
        clickOn(restore.lookup("#confirmCount")).write("2");
        clickOn(restore.lookup("#confirmAction"));

        await().atMost(UI).until(() -> engine.deadLetters().trashCount("mail") == 0 && mail.counts().dead() == 2);
        await().atMost(UI).until(() -> table.getItems().isEmpty());
        assertThat(lookup("#totalCount").queryAs(Label.class).getText()).isEqualTo("0 purged dead letters");

        // back among the dead letters, in their failure group again
        clickOn("#trashButton");
        await().atMost(UI).untilAsserted(() -> assertThat(table.getItems()).extracting(DeadLetter::id)
                .containsExactlyInAnyOrderElementsOf(concat(concat(orders, List.of(invoice)), mails)));
        await().atMost(UI).untilAsserted(() -> assertThat(groups.getItems()).extracting(FailureGroup::queue, FailureGroup::count)
                .contains(tuple("mail", 2L)));
        for (String id : mails) {
            assertThat(show("mail", id).message().state()).isEqualTo(MessageState.DEAD);
        }
        assertClean(6);
        assertFxThreadNeverBlocked();
    }

    @Test
    void aConfirmedPurgeActsOnExactlyWhatItsDryRunCountedWhileMoreArrive() {
        openDeadLettersByClickingItsTab();
        TableView<DeadLetter> table = deadLetterTable();
        await().atMost(UI).until(() -> table.getItems().size() == 6);
        clickOn(groupCell("orders"));
        await().atMost(UI).untilAsserted(() -> assertThat(table.getItems()).extracting(DeadLetter::id)
                .containsExactlyInAnyOrderElementsOf(orders));
        clickOn("#purgeGroupButton");
        DialogPane confirm = confirmation("Purge 3 dead letters?");

        // while the operator reads the confirmation, two more orders die of the same failure
        List<String> arrived = kill("orders", TWO_QUICK_ATTEMPTS, List.of(OutgoingMessage.json("{\"order\":4}"),
                OutgoingMessage.json("{\"order\":5}")), PAYMENT_TIMEOUT);
        assertThat(engine.deadLetters().groups("orders")).singleElement().extracting(FailureGroup::count).isEqualTo(5L);
        clickOn(confirm.lookup("#confirmCount")).write("3");
        clickOn(confirm.lookup("#confirmAction"));

        await().atMost(UI).until(() -> engine.deadLetters().trashCount("orders") == 3);
        assertThat(engine.deadLetters().trash("orders", 10)).extracting(DeadLetter::id).containsExactlyInAnyOrderElementsOf(orders);
        for (String id : arrived) {
            assertThat(show("orders", id).message().state()).isEqualTo(MessageState.DEAD);
        }
        Label status = lookup("#deadLettersStatus").queryAs(Label.class);
        await().atMost(UI).untilAsserted(() -> assertThat(status.getText()).startsWith("Purged 3 dead letters in ")
                .contains("2 new dead letters arrived after the preview and were not touched."));
        assertThat(engine.audit().list(io.redrive.ops.AuditQuery.builder().action("purge").build())).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("ok; 2 new dead letters arrived after the preview and were not touched"));
        assertClean(8);
        assertFxThreadNeverBlocked();
    }

    // Setup

    /** Enqueues the messages and fails every delivery with {@code failure} until the policy dead-letters them all. */
    private List<String> kill(String queueName, RetryPolicy policy, List<OutgoingMessage> messages, Supplier<RuntimeException> failure) {
        Queue queue = engine.queue(queueName);
        queue.updatePolicy(policy);
        long before = queue.counts().dead();
        List<String> ids = queue.enqueueAll(messages);
        Worker worker = engine.worker(queueName, d -> {
            throw failure.get();
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).build());
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> queue.counts().dead() == before + messages.size());
        } finally {
            worker.close();
        }
        return ids;
    }

    // Driving the window

    private void pressShortcutForDeadLetters() {
        TabPane screens = screens();
        push(KeyCode.SHORTCUT, KeyCode.DIGIT2);
        await().atMost(UI).until(() -> "deadLettersTab".equals(screens.getSelectionModel().getSelectedItem().getId()));
    }

    private void openDeadLettersByClickingItsTab() {
        TabPane screens = screens();
        await().atMost(UI).until(() -> lookup(".tab-pane .tab-label").match(LabeledMatchers.hasText("Dead letters")).tryQuery().isPresent());
        clickOn(tabLabel("Dead letters"));
        await().atMost(UI).until(() -> "deadLettersTab".equals(screens.getSelectionModel().getSelectedItem().getId()));
    }

    private TabPane screens() {
        await().ignoreExceptions().atMost(UI).until(() -> lookup("#screens").tryQuery().isPresent());
        return lookup("#screens").queryAs(TabPane.class);
    }

    @SuppressWarnings("unchecked")
    private TableView<DeadLetter> deadLetterTable() {
        return lookup("#deadLetterTable").queryAs(TableView.class);
    }

    @SuppressWarnings("unchecked")
    private ListView<FailureGroup> groupList() {
        return lookup("#groupList").queryAs(ListView.class);
    }

    /** The table's cell showing this id. */
    private Node cell(TableView<DeadLetter> table, String id) {
        return from(table).lookup(".table-cell").match(LabeledMatchers.hasText(id)).query();
    }

    @SuppressWarnings("unchecked")
    private Node groupCell(String queue) {
        return lookup("#groupList .list-cell").match(n -> {
            FailureGroup g = ((ListCell<FailureGroup>) n).getItem();
            return g != null && g.queue().equals(queue);
        }).query();
    }

    /** The Versions table as it reads: version, by, why. */
    @SuppressWarnings("unchecked")
    private List<List<String>> versionRows() {
        TableView<MessageVersion> versions = lookup("#versionsTable").queryAs(TableView.class);
        return versions.getItems().stream().map(v -> List.of(
                String.valueOf(versions.getColumns().get(0).getCellObservableValue(v).getValue()),
                String.valueOf(versions.getColumns().get(1).getCellObservableValue(v).getValue()),
                String.valueOf(versions.getColumns().get(3).getCellObservableValue(v).getValue()))).toList();
    }

    private Node tabLabel(String text) {
        return lookup(".tab-pane .tab-label").match(LabeledMatchers.hasText(text)).query();
    }

    private Tab tab(String tabPane, String id) {
        return lookup(tabPane).queryAs(TabPane.class).getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseThrow();
    }

    /** The designed confirmation with this title, once it shows. */
    private DialogPane confirmation(String title) {
        return dialog(p -> p.getStyleClass().contains(io.redrive.console.Styles.CONFIRMATION)
                && p.lookup("#confirmTitle") instanceof Label l && title.equals(l.getText()));
    }

    private static String details(DialogPane confirmation) {
        return ((javafx.scene.control.TextArea) confirmation.lookup("#confirmDetails")).getText();
    }

    /** The one dialog showing that matches, once it shows. */
    private DialogPane dialog(Predicate<DialogPane> which) {
        await().atMost(UI).until(() -> lookup(".dialog-pane").queryAllAs(DialogPane.class).stream().anyMatch(which));
        return lookup(".dialog-pane").queryAllAs(DialogPane.class).stream().filter(which).findFirst().orElseThrow();
    }

    // Checking

    private DeadLetterDetail show(String queue, String id) {
        return engine.deadLetters().show(queue, id).orElseThrow();
    }

    /** The engine's consistency check finds every message in exactly one place. */
    private void assertClean(int messages) {
        CheckReport report = engine.check();
        assertThat(report.problems()).as("consistency check").isEmpty();
        assertThat(report.isClean()).isTrue();
        assertThat(report.messagesChecked()).isEqualTo(messages);
    }

    private void assertFxThreadNeverBlocked() {
        assertThat(watchdog.longestBlockedMillis())
                .as("longest time the FX thread was blocked, ms (longest stall, layout included: %.0f ms); it was at %s",
                        watchdog.longestStallMillis(), watchdog.blockedAt())
                .isLessThan(100);
    }

    private static List<String> concat(List<String> some, List<String> more) {
        return java.util.stream.Stream.concat(some.stream(), more.stream()).toList();
    }
}
