package io.redrive.console.connect;

import io.redrive.console.Environment;
import io.redrive.console.TaskExecutor;
import io.redrive.console.connect.ConnectionProfile.Mode;
import io.redrive.testing.AnsweringDialogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The connection form without a window or a Redis: drafts, edits, validation and the target it opens. */
class ConnectViewModelTest {
    @TempDir
    Path dir;

    private final AnsweringDialogs dialogs = new AnsweringDialogs();

    private ConnectViewModel model() {
        return new ConnectViewModel(new ProfileStore(dir.resolve("profiles.json")), new ProfileStoreTest.MemorySecrets(),
                TaskExecutor.direct(), dialogs);
    }

    @Test
    void aFirstStartOffersALocalServerNotSavedYet() {
        ConnectViewModel model = model();

        assertThat(model.profiles()).extracting(ConnectionProfile::name).containsExactly("local");
        assertThat(model.previewProperty().get()).isEqualTo("redis://localhost:6379/0");
        assertThat(model.savableProperty().get()).isTrue();
        assertThat(model.editedProperty().get()).isFalse();
        assertThat(new ProfileStore(dir.resolve("profiles.json")).load()).isEmpty();
    }

    @Test
    void duplicatingANewProfileKeepsTheOriginal() {
        ConnectViewModel model = model();

        model.duplicate();

        assertThat(model.profiles()).extracting(ConnectionProfile::name).containsExactly("local", "local (copy)");
        assertThat(model.selectedProperty().get().name()).isEqualTo("local (copy)");
    }

    @Test
    void switchingAwayFromEditsAsksWhetherToSaveThem() {
        ConnectViewModel model = model();
        model.save();
        model.add();
        model.nameProperty().set("staging");
        model.hostProperty().set("redis.staging");

        model.select(model.profiles().get(0));

        assertThat(dialogs.asked()).containsExactly("Save the changes to 'staging'?");
        assertThat(new ProfileStore(dir.resolve("profiles.json")).load()).extracting(ConnectionProfile::name)
                .containsExactly("local", "staging");
    }

    @Test
    void editsTheOperatorDeclinesToSaveAreDropped() {
        ConnectViewModel model = model();
        model.save();
        model.hostProperty().set("elsewhere");
        dialogs.answering(false);

        model.add();
        model.select(model.profiles().get(0));

        assertThat(dialogs.asked()).containsExactly("Save the changes to 'local'?");
        assertThat(model.hostProperty().get()).isEqualTo("localhost");
        assertThat(model.profiles()).extracting(ConnectionProfile::name).containsExactly("local");
        assertThat(new ProfileStore(dir.resolve("profiles.json")).load()).singleElement()
                .satisfies(p -> assertThat(p.host()).isEqualTo("localhost"));
    }

    @Test
    void aFormThatCannotConnectSaysWhyAndGivesNoTarget() {
        ConnectViewModel model = model();

        model.portProperty().set("63 79");
        assertThat(model.problemProperty().get()).isEqualTo("The port must be a whole number, not '63 79'.");
        assertThat(model.connect()).isEmpty();

        model.portProperty().set("6380");
        model.modeProperty().set(Mode.SENTINEL);
        assertThat(model.problemProperty().get()).startsWith("Enter the master name");

        model.sentinelMasterProperty().set("mymaster");
        model.sentinelNodesProperty().set("s1:26379, s2:x");
        assertThat(model.problemProperty().get()).contains("'x'").contains("not a port number");

        model.sentinelNodesProperty().set("s1:26379, s2");
        assertThat(model.problemProperty().get()).isEmpty();
        assertThat(model.previewProperty().get()).isEqualTo("redis-sentinel://s1:26379,s2:26379/0#mymaster");
    }

    @Test
    void connectSavesTheFormAndOpensItsTarget() {
        ConnectViewModel model = model();
        model.nameProperty().set("billing");
        model.hostProperty().set("db1");
        model.keyPrefixProperty().set("billing");
        model.environmentProperty().set(Environment.PRODUCTION);
        model.readOnlyProperty().set(true);
        model.passwordProperty().set("pw");

        assertThat(model.connect()).hasValueSatisfying(target -> {
            assertThat(target.name()).isEqualTo("billing");
            assertThat(target.url()).isEqualTo("redis://:pw@db1:6379/0");
            assertThat(target.keyPrefix()).isEqualTo("billing");
            assertThat(target.environment()).isEqualTo(Environment.PRODUCTION);
            assertThat(target.readOnly()).isTrue();
        });
        List<ConnectionProfile> saved = new ProfileStore(dir.resolve("profiles.json")).load();
        assertThat(saved).extracting(ConnectionProfile::name).containsExactly("billing");
    }
}
