package io.redrive.console;

import javafx.scene.control.Control;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** On a read-only connection the chart screens show everything and change nothing: tuning is disabled and says why. */
class ChartScreensReadOnlyIT extends ConsoleTestSupport {

    @Override
    protected ConnectionSettings target() {
        return new ConnectionSettings("prod-replica", redisUrl(), prefix, Environment.PRODUCTION, true);
    }

    @Test
    void ttlTuningAndPolicyApplyAreDisabledWithTheReason() {
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> lookup("#screens").tryQuery().isPresent());
        TabPane screens = lookup("#screens").queryAs(TabPane.class);
        Tab cache = screens.getTabs().stream().filter(t -> "cacheTab".equals(t.getId())).findFirst().orElseThrow();
        interact(() -> screens.getSelectionModel().select(cache));
        TableView<?> table = lookup("#namespaceTable").queryAs(TableView.class);
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> !table.getItems().isEmpty());
        interact(() -> table.getSelectionModel().select(0));

        for (String id : new String[] {"#ttlSeconds", "#reapplyExisting", "#applyTtl", "#resetTtl", "#cachingEnabled"}) {
            Control control = lookup(id).queryAs(Control.class);
            assertThat(control.isDisabled()).as(id).isTrue();
            assertThat(control.getTooltip().getText()).as(id).isEqualTo(SessionContext.READ_ONLY_REASON);
        }
        Control apply = lookup("#applyPolicy").queryAs(Control.class);
        assertThat(apply.isDisabled()).isTrue();
        assertThat(apply.getTooltip().getText()).isEqualTo(SessionContext.READ_ONLY_REASON);
    }
}
