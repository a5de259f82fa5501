package io.redrive.console.connect;

import io.redrive.console.Confirmation;
import io.redrive.console.ConnectionTarget;
import io.redrive.console.DialogService;
import io.redrive.console.Environment;
import io.redrive.console.TaskExecutor;
import io.redrive.console.WorkerStart;
import io.redrive.console.connect.ConnectionProfile.Mode;
import io.redrive.console.connect.ConnectionProfile.Verification;
import io.redrive.redis.RedisConnection;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The connection manager: the saved profiles, a form for the selected one, a connection test that says in plain
 * words what went wrong, and the target to open. The form is edited through its properties; saving, deleting,
 * testing and connecting are the commands. Passwords go to the {@link SecretStore}, never to the profiles file.
 */
public final class ConnectViewModel {
    /** How long the Test button waits for Redis. */
    static final Duration TEST_TIMEOUT = Duration.ofSeconds(5);

    /** Where the last connection test stands. */
    public enum TestState { IDLE, RUNNING, SUCCEEDED, FAILED }

    private final ProfileStore store;
    private final SecretStore secrets;
    private final TaskExecutor tasks;
    private final DialogService dialogs;

    private final ObservableList<ConnectionProfile> profiles = FXCollections.observableArrayList();
    /** Ids of profiles made in this dialog and not saved yet. */
    private final Set<String> drafts = new HashSet<>();
    private final ReadOnlyObjectWrapper<ConnectionProfile> selected = new ReadOnlyObjectWrapper<>();

    // The form: what the operator edits
    private final StringProperty name = new SimpleStringProperty("");
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.STANDALONE);
    private final StringProperty url = new SimpleStringProperty("");
    private final StringProperty host = new SimpleStringProperty("");
    private final StringProperty port = new SimpleStringProperty("");
    private final StringProperty database = new SimpleStringProperty("");
    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final BooleanProperty tls = new SimpleBooleanProperty();
    private final StringProperty caFile = new SimpleStringProperty("");
    private final ObjectProperty<Verification> verification = new SimpleObjectProperty<>(Verification.FULL);
    private final StringProperty sentinelMaster = new SimpleStringProperty("");
    private final StringProperty sentinelNodes = new SimpleStringProperty("");
    private final StringProperty clusterNodes = new SimpleStringProperty("");
    private final StringProperty keyPrefix = new SimpleStringProperty("");
    private final ObjectProperty<Environment> environment = new SimpleObjectProperty<>(Environment.DEVELOPMENT);
    private final BooleanProperty readOnly = new SimpleBooleanProperty();
    private final ObjectProperty<WorkerStart> worker = new SimpleObjectProperty<>(WorkerStart.DEFAULT);

    // What the model works out
    private final ReadOnlyBooleanWrapper edited = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper savable = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper testResult = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<TestState> testState = new ReadOnlyObjectWrapper<>(TestState.IDLE);
    private final ReadOnlyStringWrapper passwordNote = new ReadOnlyStringWrapper("Looking for the system keyring…");
    private final ReadOnlyStringWrapper storeError = new ReadOnlyStringWrapper("");

    /** True while the model fills the form, so that filling it is not taken for an edit. */
    private boolean filling;
    /** True while the model changes the list, so that the list view's own reselection is ignored. */
    private boolean switching;
    private int testRun;

    public ConnectViewModel(ProfileStore store, SecretStore secrets, TaskExecutor tasks, DialogService dialogs) {
        this.store = store;
        this.secrets = secrets;
        this.tasks = tasks;
        this.dialogs = dialogs;
        List<ObservableValue<?>> form = List.of(name, mode, url, host, port, database, username, password, tls, caFile, verification,
                sentinelMaster, sentinelNodes, clusterNodes, keyPrefix, environment, readOnly, worker);
        for (ObservableValue<?> field : form) {
            field.addListener((o, was, now) -> formChanged());
        }
        try {
            profiles.setAll(store.load());
        } catch (UncheckedIOException e) {
            storeError.set("Could not read the saved connections: " + e.getMessage()
                    + ". The file is kept; the next save keeps a copy of it as " + store.file().getFileName() + ".bak.");
        }
        if (profiles.isEmpty()) {
            addDraft(ConnectionProfile.builder().name("local").build(), "");
        } else {
            fill(profiles.get(0));
        }
        tasks.run(secrets::description, passwordNote::set,
                e -> passwordNote.set("The system keyring could not be reached: the password is asked for each time."));
    }

    public ObservableList<ConnectionProfile> profiles() { return profiles; }
    public ReadOnlyObjectProperty<ConnectionProfile> selectedProperty() { return selected.getReadOnlyProperty(); }
    public StringProperty nameProperty() { return name; }
    public ObjectProperty<Mode> modeProperty() { return mode; }
    public StringProperty urlProperty() { return url; }
    public StringProperty hostProperty() { return host; }
    public StringProperty portProperty() { return port; }
    public StringProperty databaseProperty() { return database; }
    public StringProperty usernameProperty() { return username; }
    public StringProperty passwordProperty() { return password; }
    public BooleanProperty tlsProperty() { return tls; }
    public StringProperty caFileProperty() { return caFile; }
    public ObjectProperty<Verification> verificationProperty() { return verification; }
    public StringProperty sentinelMasterProperty() { return sentinelMaster; }
    public StringProperty sentinelNodesProperty() { return sentinelNodes; }
    public StringProperty clusterNodesProperty() { return clusterNodes; }
    public StringProperty keyPrefixProperty() { return keyPrefix; }
    public ObjectProperty<Environment> environmentProperty() { return environment; }
    public BooleanProperty readOnlyProperty() { return readOnly; }
    /** Whether the background retry worker starts on connecting. */
    public ObjectProperty<WorkerStart> workerProperty() { return worker; }
    /** Whether the operator changed the form since it was filled or saved. */
    public ReadOnlyBooleanProperty editedProperty() { return edited.getReadOnlyProperty(); }
    /** Whether Save has something to do: an edit, or a profile not saved yet. */
    public ReadOnlyBooleanProperty savableProperty() { return savable.getReadOnlyProperty(); }
    /** The first thing wrong with the form, in words; empty when it can connect. */
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }
    /** The URL the form connects to, without the password. */
    public ReadOnlyStringProperty previewProperty() { return preview.getReadOnlyProperty(); }
    public ReadOnlyStringProperty testResultProperty() { return testResult.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<TestState> testStateProperty() { return testState.getReadOnlyProperty(); }
    /** Where the password goes: the keyring, or nowhere (asked each time). */
    public ReadOnlyStringProperty passwordNoteProperty() { return passwordNote.getReadOnlyProperty(); }
    /** A failure to read or write the profiles file or the keyring; empty when all is well. */
    public ReadOnlyStringProperty storeErrorProperty() { return storeError.getReadOnlyProperty(); }

    // Commands

    /** Shows this profile in the form, asking first what to do with unsaved edits of the one shown. */
    public void select(ConnectionProfile profile) {
        if (switching || profile == null || profile == selected.get()) {
            return;
        }
        settle();
        if (profiles.contains(profile)) {
            fill(profile);
        }
    }

    /** Starts a new profile, a copy of the defaults. */
    public void add() {
        settle();
        addDraft(ConnectionProfile.builder().name(freeName("New connection")).build(), "");
    }

    /** Starts a new profile from the form as it stands, password included. */
    public void duplicate() {
        Draft draft = draft();
        settle(false);
        ConnectionProfile base = draft.profile() != null ? draft.profile() : selected.get();
        addDraft(base.mutate().id(null).name(freeName(base.name() + " (copy)")).build(), draft.password());
    }

    /** Deletes the selected profile and its saved password, once the operator confirms. */
    public void delete() {
        ConnectionProfile doomed = selected.get();
        if (doomed == null || !dialogs.confirm(new Confirmation("Delete the connection '" + doomed.name() + "'?", "Delete",
                "Delete the saved connection '" + doomed.name() + "' from this computer; its password is removed from the keyring too.",
                "This cannot be undone: you would enter its settings and password again. Nothing on the Redis server changes.",
                "", 1, true, false))) {
            return;
        }
        int at = profiles.indexOf(doomed);
        boolean wasDraft = drafts.remove(doomed.id());
        withinSwitch(() -> profiles.remove(doomed));
        if (!wasDraft) {
            persist();
            String id = doomed.id();
            tasks.run(() -> {
                secrets.forget(id);
                return null;
            }, done -> { }, e -> storeError.set("Could not remove the password from the keyring: " + e.getMessage()));
        }
        selected.set(null);
        if (profiles.isEmpty()) {
            addDraft(ConnectionProfile.builder().name("local").build(), "");
        } else {
            fill(profiles.get(Math.min(at, profiles.size() - 1)));
        }
    }

    /** Saves the form to the selected profile: the profile to the file, the password to the keyring. */
    public boolean save() {
        Draft draft = draft();
        if (!draft.problems().isEmpty()) {
            problem.set(draft.problems().get(0));
            return false;
        }
        ConnectionProfile saved = draft.profile();
        ConnectionProfile old = selected.get();
        withinSwitch(() -> {
            int at = profiles.indexOf(old);
            if (at >= 0) profiles.set(at, saved); else profiles.add(saved);
        });
        drafts.remove(saved.id());
        selected.set(saved);
        boolean written = persist();
        // a URL typed with credentials in it is kept without them: they move to their own fields
        filling = true;
        url.set(saved.url());
        username.set(saved.username());
        password.set(draft.password());
        filling = false;
        storePassword(saved.id(), draft.password());
        edited.set(false);
        updateSavable();
        return written;
    }

    /** Connects to the form's Redis in the background, PINGs it, and says how it went. */
    public void test() {
        Draft draft = draft();
        int run = ++testRun;
        if (!draft.problems().isEmpty()) {
            testState.set(TestState.FAILED);
            testResult.set("Not tested: " + draft.problems().get(0));
            return;
        }
        String target = draft.profile().url(draft.password());
        testState.set(TestState.RUNNING);
        testResult.set("Connecting to " + draft.profile().displayUrl() + "…");
        tasks.run(() -> ping(target), roundTrip -> {
            if (run == testRun) {
                testState.set(TestState.SUCCEEDED);
                testResult.set(String.format(Locale.ROOT, "Connected: PING answered in %.1f ms.", roundTrip.toNanos() / 1e6));
            }
        }, e -> {
            if (run == testRun) {
                testState.set(TestState.FAILED);
                testResult.set(explain(e));
            }
        });
    }

    /**
     * What the console should open: the form's connection, saved first when it was edited or is new. Empty when
     * the form cannot connect as it stands.
     */
    public Optional<ConnectionTarget> connect() {
        Draft draft = draft();
        if (!draft.problems().isEmpty()) {
            problem.set(draft.problems().get(0));
            return Optional.empty();
        }
        if (savable.get()) {
            save();
        }
        return Optional.of(draft.profile().target(draft.password()));
    }

    /**
     * A connection failure as one sentence an operator can act on: refused, wrong password, password needed,
     * TLS handshake, timeout or unknown host; anything else in the words of {@link RedisConnection#describe}.
     */
    public static String explain(Throwable failure) {
        StringBuilder seen = new StringBuilder();
        java.net.UnknownHostException unknownHost = null;
        Throwable tlsFailure = null;
        boolean timeout = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            seen.append(' ').append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            if (t instanceof java.net.UnknownHostException u) {
                unknownHost = u;
            }
            if (tlsFailure == null && (t instanceof javax.net.ssl.SSLException || t.getClass().getSimpleName().contains("Ssl"))) {
                tlsFailure = t;
            }
            if (t.getClass().getSimpleName().contains("Timeout")) {
                timeout = true;
            }
        }
        String all = seen.toString().toLowerCase(Locale.ROOT);
        if (unknownHost != null) {
            String message = String.valueOf(unknownHost.getMessage());
            String hostName = message.contains(":") ? message.substring(0, message.indexOf(':')) : message;
            return "Unknown host: '" + hostName.strip() + "' does not resolve to an address. Check the spelling, your DNS or your VPN.";
        }
        if (all.contains("connection refused")) {
            return "Connection refused: nothing accepts connections on that host and port. Is Redis running there, and is the port right?";
        }
        if (all.contains("wrongpass") || all.contains("invalid password") || all.contains("invalid username-password")) {
            return "Wrong password: Redis refused the username and password (WRONGPASS). Check both; an ACL user must also be enabled.";
        }
        if (all.contains("noauth")) {
            return "This Redis needs a password (NOAUTH): enter it in the Password field, with the username of an ACL user.";
        }
        if (all.contains("without any password configured")) {
            return "This Redis has no password set, yet one was sent: leave the Password field empty.";
        }
        if (tlsFailure != null || all.contains("handshake")) {
            String detail = tlsFailure == null || tlsFailure.getMessage() == null ? "" : " (" + tlsFailure.getMessage() + ")";
            return "TLS handshake failed" + detail + ": check that this port speaks TLS, the CA file and the verification mode.";
        }
        if (timeout || all.contains("timed out")) {
            return "Timed out: no answer within " + TEST_TIMEOUT.toSeconds() + " seconds. The host may be down or behind a firewall, "
                    + "or the port is not Redis (a TLS port waits for TLS: turn TLS on).";
        }
        return "Could not connect: " + RedisConnection.describe(failure) + ".";
    }

    private static Duration ping(String url) {
        try (RedisConnection connection = RedisConnection.open(url, TEST_TIMEOUT)) {
            long start = System.nanoTime();
            connection.await(connection.commands().ping());
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }

    // The form

    /** The profile the form describes, its password, and what keeps it from connecting. */
    private record Draft(ConnectionProfile profile, String password, List<String> problems) { }

    private Draft draft() {
        List<String> problems = new ArrayList<>();
        ConnectionProfile base = selected.get() != null ? selected.get() : ConnectionProfile.builder().build();
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
        if (profile.tls() && !profile.caFile().isEmpty() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(profile.caFile()))) {
            problems.add("The CA file " + profile.caFile() + " cannot be read.");
        }
        return new Draft(profile, secret == null ? "" : secret, problems);
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

    private void formChanged() {
        if (!filling) {
            edited.set(true);
            testRun++;
            testState.set(TestState.IDLE);
            testResult.set("");
        }
        revalidate();
    }

    private void revalidate() {
        Draft draft = draft();
        problem.set(draft.problems().isEmpty() ? "" : draft.problems().get(0));
        preview.set(draft.profile().displayUrl());
        updateSavable();
    }

    private void fill(ConnectionProfile p) {
        filling = true;
        try {
            selected.set(p);
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
        } finally {
            filling = false;
        }
        edited.set(false);
        testRun++;
        testState.set(TestState.IDLE);
        testResult.set("");
        revalidate();
        if (!drafts.contains(p.id())) {
            String id = p.id();
            tasks.run(() -> secrets.password(id), saved -> {
                if (selected.get() != null && selected.get().id().equals(id) && password.get().isEmpty() && saved.isPresent()) {
                    filling = true;
                    password.set(saved.get());
                    filling = false;
                }
            }, e -> storeError.set("Could not read the password from the keyring: " + e.getMessage()));
        }
    }

    private void addDraft(ConnectionProfile draft, String draftPassword) {
        drafts.add(draft.id());
        withinSwitch(() -> profiles.add(draft));
        fill(draft);
        filling = true;
        password.set(draftPassword);
        filling = false;
        updateSavable();
    }

    private void settle() {
        settle(true);
    }

    /**
     * Before the form shows another profile: save or drop the edits of this one. A new profile nobody touched
     * goes away, unless it is the original of a duplicate.
     */
    private void settle(boolean dropUntouchedDraft) {
        ConnectionProfile current = selected.get();
        if (current == null) {
            return;
        }
        boolean draft = drafts.contains(current.id());
        if (edited.get() && dialogs.confirm("Unsaved changes", "Save the changes to '" + displayName() + "'?") && save()) {
            return;
        }
        if (draft && (edited.get() || dropUntouchedDraft)) {
            drafts.remove(current.id());
            withinSwitch(() -> profiles.remove(current));
        }
        edited.set(false);
    }

    private String displayName() {
        return name.get() == null || name.get().isBlank() ? "this connection" : name.get().strip();
    }

    private boolean persist() {
        List<ConnectionProfile> saved = profiles.stream().filter(p -> !drafts.contains(p.id())).toList();
        try {
            store.save(saved);
            storeError.set("");
            return true;
        } catch (UncheckedIOException e) {
            storeError.set(e.getMessage());
            return false;
        }
    }

    private void storePassword(String id, String secret) {
        tasks.run(() -> {
            secrets.store(id, secret);
            return null;
        }, done -> { }, e -> storeError.set(e.getMessage() + ". The password will be asked for each time."));
    }

    private void updateSavable() {
        ConnectionProfile current = selected.get();
        savable.set(edited.get() || (current != null && drafts.contains(current.id())));
    }

    private void withinSwitch(Runnable change) {
        boolean was = switching;
        switching = true;
        try {
            change.run();
        } finally {
            switching = was;
        }
    }

    private String freeName(String wanted) {
        String candidate = wanted;
        for (int n = 2; nameTaken(candidate); n++) {
            candidate = wanted + " " + n;
        }
        return candidate;
    }

    private boolean nameTaken(String candidate) {
        return profiles.stream().anyMatch(p -> p.name().equalsIgnoreCase(candidate));
    }
}
