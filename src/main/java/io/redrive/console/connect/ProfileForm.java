package io.redrive.console.connect;

import io.redrive.console.Environment;
import io.redrive.console.WorkerStart;
import io.redrive.console.connect.ConnectionProfile.Mode;
import io.redrive.console.connect.ConnectionProfile.Verification;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The connection manager's form: one property per field the operator edits, filled from a profile and read back
 * into one ({@link #draft}), with what keeps it from connecting in words.
 */
final class ProfileForm {
    final StringProperty name = new SimpleStringProperty("");
    final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.STANDALONE);
    final StringProperty url = new SimpleStringProperty("");
    final StringProperty host = new SimpleStringProperty("");
    final StringProperty port = new SimpleStringProperty("");
    final StringProperty database = new SimpleStringProperty("");
    final StringProperty username = new SimpleStringProperty("");
    final StringProperty password = new SimpleStringProperty("");
    final BooleanProperty tls = new SimpleBooleanProperty();
    final StringProperty caFile = new SimpleStringProperty("");
    final ObjectProperty<Verification> verification = new SimpleObjectProperty<>(Verification.FULL);
    final StringProperty sentinelMaster = new SimpleStringProperty("");
    final StringProperty sentinelNodes = new SimpleStringProperty("");
    final StringProperty clusterNodes = new SimpleStringProperty("");
    final StringProperty keyPrefix = new SimpleStringProperty("");
    final ObjectProperty<Environment> environment = new SimpleObjectProperty<>(Environment.DEVELOPMENT);
    final BooleanProperty readOnly = new SimpleBooleanProperty();
    final ObjectProperty<WorkerStart> worker = new SimpleObjectProperty<>(WorkerStart.DEFAULT);

    /** The profile the form describes, its password, and what keeps it from connecting. */
    record Draft(ConnectionProfile profile, String password, List<String> problems) { }

    /** Calls {@code changed} whenever any field changes. */
    void onChange(Runnable changed) {
        List<ObservableValue<?>> fields = List.of(name, mode, url, host, port, database, username, password, tls, caFile, verification,
                sentinelMaster, sentinelNodes, clusterNodes, keyPrefix, environment, readOnly, worker);
        for (ObservableValue<?> field : fields) {
            field.addListener((o, was, now) -> changed.run());
        }
    }

    /** Shows {@code p} in the fields; the password field is emptied (it comes from the keyring). */
    void fill(ConnectionProfile p) {
        name.set(p.name());
        mode.set(p.mode());
        url.set(p.url());
        host.set(p.host());
        port.set(String.valueOf(p.port()));
        database.set(String.valueOf(p.database()));
        username.set(p.username());
        password.set("");
        tls.set(p.tls());
        caFile.set(p.caFile());
        verification.set(p.verification());
        sentinelMaster.set(p.sentinelMaster());
        sentinelNodes.set(HostPort.format(p.sentinelNodes()));
        clusterNodes.set(HostPort.format(p.clusterNodes()));
        keyPrefix.set(p.keyPrefix());
        environment.set(p.environment());
        readOnly.set(p.readOnly());
        worker.set(p.worker());
    }

    /** The fields read into {@code base} (which keeps its id). */
    Draft draft(ConnectionProfile base) {
        List<String> problems = new ArrayList<>();
        String typedUrl = url.get() == null ? "" : url.get().strip();
        String user = username.get();
        String secret = password.get();
        if (mode.get() == Mode.URL) {
            // credentials typed into the URL count as the fields' (the fields win when both are given)
            if (secret == null || secret.isEmpty()) {
                secret = ConnectionProfile.passwordIn(typedUrl).orElse("");
            }
            if (user == null || user.isBlank()) {
                user = ConnectionProfile.usernameIn(typedUrl).orElse("");
            }
            typedUrl = ConnectionProfile.withoutCredentials(typedUrl);
        }
        ConnectionProfile.Builder b = base.mutate()
                .name(name.get()).mode(mode.get()).url(typedUrl).host(host.get()).username(user)
                .tls(tls.get()).caFile(caFile.get()).verification(verification.get())
                .sentinelMaster(sentinelMaster.get()).keyPrefix(keyPrefix.get())
                .environment(environment.get() == null ? Environment.OTHER : environment.get()).readOnly(readOnly.get())
                .worker(worker.get() == null ? WorkerStart.DEFAULT : worker.get());
        b.port(number(port.get(), ConnectionProfile.DEFAULT_PORT, "The port", mode.get() == Mode.STANDALONE, problems));
        b.database(number(database.get(), 0, "The database", mode.get() == Mode.STANDALONE || mode.get() == Mode.SENTINEL, problems));
        b.sentinelNodes(nodes(sentinelNodes.get(), ConnectionProfile.DEFAULT_SENTINEL_PORT, mode.get() == Mode.SENTINEL, problems));
        b.clusterNodes(nodes(clusterNodes.get(), ConnectionProfile.DEFAULT_PORT, mode.get() == Mode.CLUSTER, problems));
        ConnectionProfile profile = b.build();
        problems.addAll(profile.problems());
        if (profile.tls() && !profile.caFile().isEmpty() && !Files.isReadable(Path.of(profile.caFile()))) {
            problems.add("The CA file " + profile.caFile() + " cannot be read.");
        }
        return new Draft(profile, secret == null ? "" : secret, problems);
    }

    /** The name as the operator would read it in a question. */
    String displayName() {
        return name.get() == null || name.get().isBlank() ? "this connection" : name.get().strip();
    }

    private static int number(String text, int otherwise, String what, boolean used, List<String> problems) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            if (used) {
                problems.add(what + " must be a whole number, not '" + s + "'.");
            }
            return otherwise;
        }
    }

    private static List<HostPort> nodes(String text, int defaultPort, boolean used, List<String> problems) {
        try {
            return HostPort.parseList(text, defaultPort);
        } catch (IllegalArgumentException e) {
            if (used) {
                problems.add(e.getMessage() + ".");
            }
            return List.of();
        }
    }
}
