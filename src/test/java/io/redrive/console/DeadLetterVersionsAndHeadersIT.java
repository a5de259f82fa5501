package io.redrive.console;

import io.redrive.engine.Backoff;
import io.redrive.engine.DeadLetter;
import io.redrive.engine.DeadLetterDetail;
import io.redrive.engine.Engine;
import io.redrive.engine.MessageVersion;
import io.redrive.engine.NonRetryableException;
import io.redrive.engine.OutgoingMessage;
import io.redrive.engine.Queue;
import io.redrive.engine.RetryPolicy;
import io.redrive.engine.Worker;
import io.redrive.engine.WorkerOptions;
import io.redrive.ops.Actor;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.Test;
import org.testfx.matcher.control.LabeledMatchers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter detail pane's two ways to change a message, driven in the real window: reverting to an earlier
 * version from the Versions tab, and editing headers in the edit dialog. Each ends in Redis and on screen.
 */
class DeadLetterVersionsAndHeadersIT extends ConsoleTestSupport {
    private static final Duration UI = Duration.ofSeconds(10);
    private static final String ORIGINAL = "{\"invoice\":7,\"region\":\"XY\"}";
    private static final String EDITED = "{\"invoice\":7,\"region\":\"EU\"}";

    private Engine engine;
    private String invoice;

    /** One dead letter with a header, died at its first attempt. */
    @Override
    protected void beforeWindow() {
        engine = producer();
        Queue queue = engine.queue("invoices");
        queue.updatePolicy(RetryPolicy.builder().maxAttempts(1).backoff(Backoff.none()).build());
        invoice = queue.enqueueAll(java.util.List.of(OutgoingMessage.json(ORIGINAL).header("tenant", "acme"))).get(0);
        Worker worker = engine.worker("invoices", d -> {
            throw new NonRetryableException("tax rate missing for region XY");
        }, WorkerOptions.builder().maxIdlePoll(Duration.ofMillis(10)).build());
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> queue.counts().dead() == 1);
        } finally {
            worker.close();
        }
    }

    @Test
    void revertingFromTheVersionsTabConfirmsTheVersionAndShowsItsPayloadAsTheNewVersion() {
        engine.deadLetters().edit("invoices", invoice, 0, EDITED.getBytes(StandardCharsets.UTF_8),
                show().message().headers(), "XY is now EU", Actor.named("alice"));
        Label title = openTheDeadLetter(1);
        CodeArea payload = lookup("#payloadView").queryAs(CodeArea.class);
        await().atMost(UI).until(() -> payload.getText().contains("\"EU\""));

        clickOn(tabLabel("Versions (2)"));
        @SuppressWarnings("unchecked")
        TableView<MessageVersion> versions = lookup("#versionsTable").queryAs(TableView.class);
        Button revert = lookup("#revertButton").queryAs(Button.class);
        assertThat(revert.isDisabled()).as("nothing earlier chosen yet").isTrue();
        await().atMost(UI).until(() -> versions.getItems().size() == 2);
        // the headless window leaves the detail pane too short for the rows' cells: the row is chosen as a click would
        interact(() -> versions.getSelectionModel().select(versions.getItems().stream()
                .filter(v -> v.version() == 0).findFirst().orElseThrow()));
        TextArea diff = lookup("#versionPayload").queryAs(TextArea.class);
        assertThat(diff.getText()).startsWith("Version 0 against the current content")
                .contains("-   \"region\": \"EU\"").contains("+   \"region\": \"XY\"");
        assertThat(revert.getText()).isEqualTo("Revert to version 0…");
        assertThat(revert.isDisabled()).isFalse();
        clickOn(revert);

        // the confirmation names the version it brings back and the one it keeps
        DialogPane confirm = dialog(p -> p.lookup("#confirmTitle") instanceof Label l && "Revert to version 0?".equals(l.getText()));
        assertThat(texts(confirm)).contains("Message " + invoice + " in queue invoices")
                .contains("version 0 (original, ").contains("as its new version 2").contains("Version 1 stays in its history");
        assertThat(engine.deadLetters().show("invoices", invoice).orElseThrow().version()).as("nothing before OK").isEqualTo(1);
        clickOn(confirm.lookup("#confirmAction"));

        await().atMost(UI).until(() -> show().version() == 2);
        assertThat(new String(show().message().payload(), StandardCharsets.UTF_8)).isEqualTo(ORIGINAL);
        await().atMost(UI).untilAsserted(() -> assertThat(title.getText()).contains(invoice).contains("version 2"));
        assertThat(payload.getText()).isEqualTo("{\n  \"invoice\": 7,\n  \"region\": \"XY\"\n}");
        assertThat(tabLabelText("versionsTab")).isEqualTo("Versions (3)");
        assertThat(lookup("#deadLettersStatus").queryAs(Label.class).getText())
                .isEqualTo("Reverted message " + invoice + " to version 0: now version 2.");
    }

    @Test
    void headersEditedInTheDialogAreStoredInRedisAndShownInTheHeadersTab() {
        openTheDeadLetter(0);
        clickOn("#editButton");
        await().atMost(UI).until(() -> lookup("#editHeaders").tryQuery().isPresent());
        TextArea headers = lookup("#editHeaders").queryAs(TextArea.class);
        Label editError = lookup("#editError").queryAs(Label.class);
        Node save = lookup("#saveEdit").query();
        assertThat(headers.getText()).isEqualTo("content-type=application/json\ntenant=acme");
        clickOn("#editReason").write("route by priority");
        assertThat(save.isDisabled()).as("nothing changed yet").isTrue();

        // a line without '=' is refused in a sentence naming the line
        clickOn(headers).push(KeyCode.SHORTCUT, KeyCode.END).type(KeyCode.ENTER).write("priority");
        assertThat(editError.isVisible()).isTrue();
        assertThat(editError.getText()).isEqualTo("Header line 3 has no '=': write each header as name=value.");
        assertThat(save.isDisabled()).as("invalid headers cannot be saved").isTrue();
        write("=high");
        assertThat(editError.isVisible()).isFalse();
        assertThat(save.isDisabled()).as("a header change alone is a change").isFalse();
        clickOn(save);

        await().atMost(UI).until(() -> show().version() == 1);
        DeadLetterDetail edited = show();
        assertThat(edited.message().headers()).containsOnly(Map.entry("content-type", "application/json"),
                Map.entry("tenant", "acme"), Map.entry("priority", "high"));
        assertThat(new String(edited.message().payload(), StandardCharsets.UTF_8)).as("the payload's bytes as they were")
                .isEqualTo(ORIGINAL);
        assertThat(edited.versions().get(0).headers()).doesNotContainKey("priority").containsEntry("tenant", "acme");
        Label title = lookup("#detailTitle").queryAs(Label.class);
        await().atMost(UI).untilAsserted(() -> assertThat(title.getText()).contains("version 1"));
        clickOn(tabLabel("Headers"));
        @SuppressWarnings("unchecked")
        TableView<Map.Entry<String, String>> shown = lookup("#headersTable").queryAs(TableView.class);
        await().atMost(UI).untilAsserted(() -> assertThat(shown.getItems()).extracting(e -> e.getKey() + "=" + e.getValue())
                .containsExactly("content-type=application/json", "priority=high", "tenant=acme"));
        assertThat(lookup("#headersTable .table-cell").match(LabeledMatchers.hasText("priority")).tryQuery()).isPresent();
    }

    /** Opens the dead-letters screen and selects the one dead letter; the pane's title once it shows this version. */
    private Label openTheDeadLetter(int version) {
        await().ignoreExceptions().atMost(UI).until(() -> lookup("#screens").tryQuery().isPresent());
        TabPane screens = lookup("#screens").queryAs(TabPane.class);
        push(KeyCode.SHORTCUT, KeyCode.DIGIT2);
        await().atMost(UI).until(() -> "deadLettersTab".equals(screens.getSelectionModel().getSelectedItem().getId()));
        @SuppressWarnings("unchecked")
        TableView<DeadLetter> table = lookup("#deadLetterTable").queryAs(TableView.class);
        await().atMost(UI).until(() -> table.getItems().size() == 1);
        clickOn(from(table).lookup(".table-cell").match(LabeledMatchers.hasText(invoice)).<Node>query());
        Label title = lookup("#detailTitle").queryAs(Label.class);
        await().atMost(UI).until(() -> title.getText().contains(invoice) && title.getText().contains("version " + version));
        return title;
    }

    private Node tabLabel(String text) {
        return lookup(".tab-pane .tab-label").match(LabeledMatchers.hasText(text)).query();
    }

    private String tabLabelText(String id) {
        return lookup("#detailTabs").queryAs(TabPane.class).getTabs().stream().filter(t -> id.equals(t.getId()))
                .findFirst().orElseThrow().getText();
    }

    /** The stock dialog with this header, once it shows. */
    private DialogPane dialog(Predicate<DialogPane> which) {
        await().atMost(UI).until(() -> lookup(".dialog-pane").queryAllAs(DialogPane.class).stream().anyMatch(which));
        return lookup(".dialog-pane").queryAllAs(DialogPane.class).stream().filter(which).findFirst().orElseThrow();
    }

    /** The words of every label in a dialog, one a line. */
    private static String texts(DialogPane pane) {
        return String.join("\n", pane.lookupAll(".label").stream().map(n -> ((Label) n).getText()).toList());
    }

    private DeadLetterDetail show() {
        return engine.deadLetters().show("invoices", invoice).orElseThrow();
    }
}
