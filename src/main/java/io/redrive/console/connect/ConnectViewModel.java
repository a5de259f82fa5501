package io.redrive.console.connect;

import io.redrive.console.Confirmation;
import io.redrive.console.ConnectionSettings;
import io.redrive.console.DialogService;
import io.redrive.console.Environment;
import io.redrive.console.TaskExecutor;
import io.redrive.console.WorkerStart;
import io.redrive.console.connect.ConnectionProfile.Mode;
import io.redrive.console.connect.ConnectionProfile.Verification;
import io.redrive.console.connect.ConnectionTestModel.TestState;
import io.redrive.console.connect.ProfileForm.Draft;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The connection manager: the saved profiles, a form for the selected one, a connection test that says in plain
 * words what went wrong, and the connection settings to open. The form is edited through its properties; saving, deleting,
 * testing and connecting are the commands. Passwords go to the {@link SecretStore}, never to the profiles file.
 */
public final class ConnectViewModel {
    private final ProfileStore store;
    private final SecretStore secrets;
    private final TaskExecutor tasks;
    private final DialogService dialogs;

    private final ObservableList<ConnectionProfile> profiles = FXCollections.observableArrayList();
    /** Ids of profiles made in this dialog and not saved yet. */
    private final Set<String> drafts = new HashSet<>();
    private final ReadOnlyObjectWrapper<ConnectionProfile> selected = new ReadOnlyObjectWrapper<>();

    /** The form: what the operator edits. */
    private final ProfileForm form = new ProfileForm();
    private final ConnectionTestModel connectionTest;

    // What the model works out
    private final ReadOnlyBooleanWrapper edited = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper savable = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper passwordNote = new ReadOnlyStringWrapper("Looking for the system keyring…");
    private final ReadOnlyStringWrapper storeError = new ReadOnlyStringWrapper("");

    /** True while the model fills the form, so that filling it is not taken for an edit. */
    private boolean filling;
    /** True while the model changes the list, so that the list view's own reselection is ignored. */
    private boolean switching;

    public ConnectViewModel(ProfileStore store, SecretStore secrets, TaskExecutor tasks, DialogService dialogs) {
        this.store = store;
        this.secrets = secrets;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.connectionTest = new ConnectionTestModel(tasks);
        form.onChange(this::formChanged);
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
    public StringProperty nameProperty() { return form.name; }
    public ObjectProperty<Mode> modeProperty() { return form.mode; }
    public StringProperty urlProperty() { return form.url; }
    public StringProperty hostProperty() { return form.host; }
    public StringProperty portProperty() { return form.port; }
    public StringProperty databaseProperty() { return form.database; }
    public StringProperty usernameProperty() { return form.username; }
    public StringProperty passwordProperty() { return form.password; }
    public BooleanProperty tlsProperty() { return form.tls; }
    public StringProperty caFileProperty() { return form.caFile; }
    public ObjectProperty<Verification> verificationProperty() { return form.verification; }
    public StringProperty sentinelMasterProperty() { return form.sentinelMaster; }
    public StringProperty sentinelNodesProperty() { return form.sentinelNodes; }
    public StringProperty clusterNodesProperty() { return form.clusterNodes; }
    public StringProperty keyPrefixProperty() { return form.keyPrefix; }
    public ObjectProperty<Environment> environmentProperty() { return form.environment; }
    public BooleanProperty readOnlyProperty() { return form.readOnly; }
    /** Whether the background retry worker starts on connecting. */
    public ObjectProperty<WorkerStart> workerProperty() { return form.worker; }
    /** Whether the operator changed the form since it was filled or saved. */
    public ReadOnlyBooleanProperty editedProperty() { return edited.getReadOnlyProperty(); }
    /** Whether Save has something to do: an edit, or a profile not saved yet. */
    public ReadOnlyBooleanProperty savableProperty() { return savable.getReadOnlyProperty(); }
    /** The first thing wrong with the form, in words; empty when it can connect. */
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }
    /** The URL the form connects to, without the password. */
    public ReadOnlyStringProperty previewProperty() { return preview.getReadOnlyProperty(); }
    public ReadOnlyStringProperty testResultProperty() { return connectionTest.resultProperty(); }
    public ReadOnlyObjectProperty<TestState> testStateProperty() { return connectionTest.stateProperty(); }
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
        form.url.set(saved.url());
        form.username.set(saved.username());
        form.password.set(draft.password());
        filling = false;
        storePassword(saved.id(), draft.password());
        edited.set(false);
        updateSavable();
        return written;
    }

    /** Connects to the form's Redis in the background, PINGs it, and says how it went. */
    public void test() {
        Draft draft = draft();
        if (!draft.problems().isEmpty()) {
            connectionTest.refuse(draft.problems().get(0));
            return;
        }
        connectionTest.start(draft.profile().url(draft.password()), draft.profile().displayUrl());
    }

    /**
     * What the console should open: the form's connection, saved first when it was edited or is new. Empty when
     * the form cannot connect as it stands.
     */
    public Optional<ConnectionSettings> connect() {
        Draft draft = draft();
        if (!draft.problems().isEmpty()) {
            problem.set(draft.problems().get(0));
            return Optional.empty();
        }
        if (savable.get()) {
            save();
        }
        return Optional.of(draft.profile().settings(draft.password()));
    }

    private Draft draft() {
        return form.draft(selected.get() != null ? selected.get() : ConnectionProfile.builder().build());
    }

    private void formChanged() {
        if (!filling) {
            edited.set(true);
            connectionTest.reset();
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
            form.fill(p);
        } finally {
            filling = false;
        }
        edited.set(false);
        connectionTest.reset();
        revalidate();
        if (!drafts.contains(p.id())) {
            String id = p.id();
            tasks.run(() -> secrets.password(id), saved -> {
                if (selected.get() != null && selected.get().id().equals(id) && form.password.get().isEmpty() && saved.isPresent()) {
                    filling = true;
                    form.password.set(saved.get());
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
        form.password.set(draftPassword);
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
        if (edited.get() && dialogs.confirm("Unsaved changes", "Save the changes to '" + form.displayName() + "'?") && save()) {
            return;
        }
        if (draft && (edited.get() || dropUntouchedDraft)) {
            drafts.remove(current.id());
            withinSwitch(() -> profiles.remove(current));
        }
        edited.set(false);
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
