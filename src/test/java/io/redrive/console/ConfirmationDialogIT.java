package io.redrive.console;

import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The designed confirmation in the real window, on a production connection. */
class ConfirmationDialogIT extends ConsoleTestSupport {
    private static final Duration UI = Duration.ofSeconds(10);
    private final AtomicReference<Boolean> answer = new AtomicReference<>();

    @Override
    protected ConnectionSettings target() {
        return new ConnectionSettings("prod", redisUrl(), prefix, Environment.PRODUCTION, false);
    }

    private static Confirmation purge(boolean typeCount) {
        return new Confirmation("Purge 14 dead letters?", "Purge 14",
                "Purge 14 dead letters of queue orders.", "Purge moves them to the trash for 24 h.",
                "orders/1  IOException  timeout\norders/2  IOException  timeout", 14, true, typeCount);
    }

    /** Puts the decision to the operator through the window's own dialogs, and waits for the dialog to show. */
    private DialogPane ask(Confirmation c) {
        await().atMost(UI).until(() -> window.main().selectedEnvironment() == Environment.PRODUCTION);
        answer.set(null);
        Platform.runLater(() -> answer.set(window.dialogs().confirm(c)));
        await().atMost(UI).until(() -> lookup(".rd-confirmation").tryQuery().isPresent());
        return lookup(".rd-confirmation").queryAs(DialogPane.class);
    }

    private boolean answered() {
        await().atMost(UI).until(() -> answer.get() != null);
        return answer.get();
    }

    @Test
    void aDestructiveActionIsNamedLooksDangerousAndIsNotTheDefault() {
        DialogPane pane = ask(purge(false));
        Button act = (Button) pane.lookup("#confirmAction");
        Button cancel = (Button) pane.lookup("#confirmCancel");

        assertThat(act.getText()).isEqualTo("Purge 14");
        assertThat(act.getStyleClass()).contains(atlantafx.base.theme.Styles.DANGER);
        assertThat(act.isDefaultButton()).isFalse();
        assertThat(cancel.isDefaultButton()).isTrue();
        assertThat(((Label) pane.lookup("#confirmReversibility")).getText()).isEqualTo("Purge moves them to the trash for 24 h.");
        assertThat(pane.lookup("#confirmDetails").getStyleClass()).contains(Styles.MONO);

        type(KeyCode.ENTER);
        assertThat(answered()).as("Enter does not purge").isFalse();

        ask(purge(false));
        type(KeyCode.ESCAPE);
        assertThat(answered()).as("Escape does not purge").isFalse();

        ask(purge(false));
        clickOn("#confirmAction");
        assertThat(answered()).as("the named button purges").isTrue();
    }

    @Test
    void theTypedCountEnablesTheActionOnlyWhileItMatches() {
        DialogPane pane = ask(purge(true));
        Button act = (Button) pane.lookup("#confirmAction");
        assertThat(act.isDisabled()).isTrue();

        clickOn("#confirmCount").write("13");
        assertThat(act.isDisabled()).as("a wrong count").isTrue();
        eraseText(2).write("14");
        assertThat(act.isDisabled()).as("the count").isFalse();
        type(KeyCode.ENTER);
        assertThat(answer.get()).as("Enter in the field confirms nothing").isNull();
        assertThat(lookup(".rd-confirmation").tryQuery()).isPresent();
        eraseText(1);
        assertThat(act.isDisabled()).as("no longer the count").isTrue();
        write("4");

        clickOn("#confirmAction");
        assertThat(answered()).isTrue();
    }

    @Test
    void aCountTypedWithGroupingConfirmsAsOnTheCommandLine() {
        Confirmation big = new Confirmation("Purge 1,234 dead letters?", "Purge 1,234", "Purge 1,234 dead letters of queue orders.",
                "Purge moves them to the trash for 24 h.", "", 1234, true, true);
        DialogPane pane = ask(big);
        Button act = (Button) pane.lookup("#confirmAction");

        clickOn("#confirmCount").write("1,235");
        assertThat(act.isDisabled()).as("another count, grouped").isTrue();
        eraseText(1).write("4");
        assertThat(act.isDisabled()).as("the count, grouped").isFalse();

        clickOn("#confirmAction");
        assertThat(answered()).isTrue();
    }

    @Test
    void everyDialogOnAProductionConnectionSaysSoInItsHeader() {
        DialogPane pane = ask(purge(false));
        Label badge = (Label) pane.lookup("#dialogEnvironment");
        assertThat(badge.getText()).isEqualTo("PRODUCTION");
        assertThat(badge.getStyle()).contains(Environment.PRODUCTION.colour());
        clickOn("#confirmCancel");
        assertThat(answered()).isFalse();

        Platform.runLater(() -> window.dialogs().showInfo("Nothing to purge", "None of these are dead letters any more."));
        await().atMost(UI).until(() -> lookup(".dialog-pane").lookup("#dialogEnvironment").tryQuery().isPresent());
        assertThat(lookup(".dialog-pane").lookup("#dialogEnvironment").queryAs(Label.class).getText()).isEqualTo("PRODUCTION");
        type(KeyCode.ESCAPE);
        await().atMost(UI).until(() -> lookup(".dialog-pane").tryQuery().isEmpty());
    }
}
