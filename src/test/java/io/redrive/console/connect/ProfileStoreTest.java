package io.redrive.console.connect;

import io.redrive.console.Environment;
import io.redrive.console.TaskExecutor;
import io.redrive.console.WorkerStart;
import io.redrive.console.connect.ConnectionProfile.Verification;
import io.redrive.testing.AnsweringDialogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileStoreTest {
    @TempDir
    Path dir;

    private static final List<ConnectionProfile> EVERY_KIND = List.of(
            ConnectionProfile.builder().name("local").server("localhost", 6379).build(),
            ConnectionProfile.builder().name("prod tls").server("redis.example.com", 6380).database(2).username("ops")
                    .tls(true).caFile("/etc/redis/ca.pem").verification(Verification.CA).keyPrefix("orders")
                    .environment(Environment.PRODUCTION).readOnly(true).build(),
            ConnectionProfile.builder().name("sentinel").sentinel("mymaster",
                    List.of(new HostPort("s1", 26379), new HostPort("::1", 26380))).database(1)
                    .environment(Environment.STAGING).build(),
            ConnectionProfile.builder().name("cluster").cluster(List.of(new HostPort("n1", 7000), new HostPort("n2", 7001)))
                    .worker(WorkerStart.OFF).build(),
            ConnectionProfile.builder().name("typed").connectingTo("rediss://cache:6380/3?verifyPeer=NONE").build());

    @Test
    void profilesOfEveryKindComeBackAsTheyWereSaved() {
        ProfileStore store = new ProfileStore(dir.resolve("nested/profiles.json"));

        store.save(EVERY_KIND);

        assertThat(new ProfileStore(dir.resolve("nested/profiles.json")).load()).isEqualTo(EVERY_KIND);
    }

    @Test
    void theWorkerSettingIsSavedAndGoesIntoTheConnection() {
        Path file = dir.resolve("profiles.json");
        ConnectViewModel model = new ConnectViewModel(new ProfileStore(file), new MemorySecrets(), TaskExecutor.direct(), new AnsweringDialogs());
        model.nameProperty().set("orders");
        model.environmentProperty().set(Environment.DEVELOPMENT);
        model.workerProperty().set(WorkerStart.OFF);

        assertThat(model.save()).isTrue();

        assertThat(new ProfileStore(file).load().get(0).worker()).isEqualTo(WorkerStart.OFF);
        assertThat(model.connect()).get().extracting(t -> t.worker(), t -> t.startsWorker())
                .containsExactly(WorkerStart.OFF, false);
    }

    @Test
    void aProfileSavedBeforeTheWorkerSettingStartsItAsItsEnvironmentSays() throws Exception {
        Path file = dir.resolve("profiles.json");
        Files.writeString(file, "{\"profiles\":[{\"id\":\"a\",\"name\":\"prod\",\"mode\":\"STANDALONE\",\"environment\":\"PRODUCTION\"},"
                + "{\"id\":\"b\",\"name\":\"dev\",\"mode\":\"STANDALONE\",\"environment\":\"DEVELOPMENT\"}]}");

        List<ConnectionProfile> loaded = new ProfileStore(file).load();

        assertThat(loaded).extracting(ConnectionProfile::worker).containsOnly(WorkerStart.DEFAULT);
        assertThat(loaded).extracting(p -> p.settings("").startsWorker()).containsExactly(false, true);
    }

    @Test
    void noFileYetMeansNoProfiles() {
        assertThat(new ProfileStore(dir.resolve("profiles.json")).load()).isEmpty();
    }

    @Test
    void aUrlTypedWithItsPasswordIsSavedWithoutIt() throws Exception {
        Path file = dir.resolve("profiles.json");
        ConnectionProfile typed = ConnectionProfile.builder().name("typed")
                .connectingTo("redis://ops:hunter2@cache:6379/0").build();

        new ProfileStore(file).save(List.of(typed));

        String json = Files.readString(file);
        assertThat(json).doesNotContain("hunter2").contains("redis://cache:6379/0");
        assertThat(new ProfileStore(file).load().get(0).url()).isEqualTo("redis://cache:6379/0");
    }

    @Test
    void savingFromTheFormPutsThePasswordInTheKeyringAndNeverInTheFile() throws Exception {
        Path file = dir.resolve("profiles.json");
        MemorySecrets keyring = new MemorySecrets();
        ConnectViewModel model = new ConnectViewModel(new ProfileStore(file), keyring, TaskExecutor.direct(), new AnsweringDialogs());
        model.nameProperty().set("orders");
        model.usernameProperty().set("ops");
        model.passwordProperty().set("correct horse battery staple");

        assertThat(model.save()).isTrue();

        String json = Files.readString(file);
        assertThat(json).contains("\"orders\"", "\"ops\"").doesNotContain("correct horse", "battery", "password");
        String id = new ProfileStore(file).load().get(0).id();
        assertThat(keyring.saved).containsEntry(id, "correct horse battery staple");
    }

    @Test
    void aPasswordTypedIntoTheUrlFieldMovesToTheKeyring() throws Exception {
        Path file = dir.resolve("profiles.json");
        MemorySecrets keyring = new MemorySecrets();
        ConnectViewModel model = new ConnectViewModel(new ProfileStore(file), keyring, TaskExecutor.direct(), new AnsweringDialogs());
        model.modeProperty().set(ConnectionProfile.Mode.URL);
        model.urlProperty().set("redis://ops:hunter2@cache:6379/0");

        model.save();

        assertThat(Files.readString(file)).doesNotContain("hunter2");
        assertThat(keyring.saved).containsValue("hunter2");
        assertThat(model.urlProperty().get()).isEqualTo("redis://cache:6379/0");
        assertThat(model.usernameProperty().get()).isEqualTo("ops");
        assertThat(model.passwordProperty().get()).isEqualTo("hunter2");
    }

    @Test
    void withoutAKeyringThePasswordIsKeptNowhereAndAskedForAgain() throws Exception {
        Path file = dir.resolve("profiles.json");
        SecretStore none = SecretStore.askEachTime("No system keyring is available here.");
        ConnectViewModel first = new ConnectViewModel(new ProfileStore(file), none, TaskExecutor.direct(), new AnsweringDialogs());
        first.passwordProperty().set("s3cret");
        first.save();

        ConnectViewModel next = new ConnectViewModel(new ProfileStore(file), none, TaskExecutor.direct(), new AnsweringDialogs());

        assertThat(Files.readString(file)).doesNotContain("s3cret");
        assertThat(next.passwordProperty().get()).isEmpty();
        assertThat(next.passwordNoteProperty().get()).contains("type it each time you connect");
    }

    @Test
    void theKeyringsPasswordFillsTheFormOfASavedProfile() {
        Path file = dir.resolve("profiles.json");
        MemorySecrets keyring = new MemorySecrets();
        ConnectionProfile saved = ConnectionProfile.builder().name("orders").build();
        new ProfileStore(file).save(List.of(saved));
        keyring.saved.put(saved.id(), "from the keyring");

        ConnectViewModel model = new ConnectViewModel(new ProfileStore(file), keyring, TaskExecutor.direct(), new AnsweringDialogs());

        assertThat(model.passwordProperty().get()).isEqualTo("from the keyring");
        assertThat(model.editedProperty().get()).isFalse();
        assertThat(model.connect()).hasValueSatisfying(t -> assertThat(t.url()).isEqualTo("redis://:from%20the%20keyring@localhost:6379/0"));
    }

    @Test
    void duplicateAndDeleteKeepTheFileAndTheKeyringInStep() {
        Path file = dir.resolve("profiles.json");
        MemorySecrets keyring = new MemorySecrets();
        AnsweringDialogs dialogs = new AnsweringDialogs();
        ConnectViewModel model = new ConnectViewModel(new ProfileStore(file), keyring, TaskExecutor.direct(), dialogs);
        model.nameProperty().set("orders");
        model.passwordProperty().set("pw");
        model.save();

        model.duplicate();
        model.save();

        assertThat(new ProfileStore(file).load()).extracting(ConnectionProfile::name).containsExactly("orders", "orders (copy)");
        assertThat(keyring.saved).hasSize(2).containsValues("pw");

        model.delete();

        assertThat(dialogs.asked()).anyMatch(q -> q.contains("Delete the saved connection 'orders (copy)'"));
        assertThat(new ProfileStore(file).load()).extracting(ConnectionProfile::name).containsExactly("orders");
        assertThat(keyring.saved).hasSize(1);
        assertThat(model.selectedProperty().get().name()).isEqualTo("orders");
    }

    @Test
    void eachSaveKeepsThePreviousFileAsABackup() throws Exception {
        Path file = dir.resolve("profiles.json");
        ProfileStore store = new ProfileStore(file);
        store.save(EVERY_KIND.subList(0, 1));
        store.save(EVERY_KIND);

        assertThat(new ProfileStore(dir.resolve("profiles.json.bak")).load()).isEqualTo(EVERY_KIND.subList(0, 1));
    }

    @Test
    void aBrokenFileIsReportedWithItsName() throws Exception {
        Path file = dir.resolve("profiles.json");
        Files.writeString(file, "{ not json");

        assertThatThrownBy(() -> new ProfileStore(file).load()).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON");
        ConnectViewModel model = new ConnectViewModel(new ProfileStore(file), new MemorySecrets(), TaskExecutor.direct(), new AnsweringDialogs());
        assertThat(model.storeErrorProperty().get()).contains("Could not read the saved connections");
    }

    /** A keyring in memory. */
    static final class MemorySecrets implements SecretStore {
        final Map<String, String> saved = new HashMap<>();

        @Override
        public boolean remembers() {
            return true;
        }

        @Override
        public String description() {
            return "kept in memory";
        }

        @Override
        public Optional<String> password(String profileId) {
            return Optional.ofNullable(saved.get(profileId));
        }

        @Override
        public void store(String profileId, String password) {
            if (password == null || password.isEmpty()) {
                saved.remove(profileId);
            } else {
                saved.put(profileId, password);
            }
        }

        @Override
        public void forget(String profileId) {
            saved.remove(profileId);
        }
    }
}
