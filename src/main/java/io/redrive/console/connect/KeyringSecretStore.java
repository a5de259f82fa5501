package io.redrive.console.connect;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;

import java.util.Optional;

/**
 * Profile passwords in the operating system's keyring (java-keyring), one entry per profile id under the
 * service {@value #SERVICE}. The keyring is looked for on first use; without one (a headless Linux with no
 * Secret Service, say) every call behaves as {@link SecretStore#askEachTime}.
 */
final class KeyringSecretStore implements SecretStore {
    static final String SERVICE = "Redrive";
    static final KeyringSecretStore SYSTEM = new KeyringSecretStore();

    private Keyring keyring;
    private SecretStore fallback;

    private KeyringSecretStore() {
    }

    /** Finds the keyring once; slow the first time (it may start a D-Bus conversation). */
    private synchronized boolean available() {
        if (keyring == null && fallback == null) {
            try {
                keyring = Keyring.create();
            } catch (BackendNotSupportedException | RuntimeException | LinkageError e) {
                fallback = SecretStore.askEachTime("No system keyring is available here.");
            }
        }
        return keyring != null;
    }

    @Override
    public boolean remembers() {
        return available();
    }

    @Override
    public synchronized String description() {
        return available() ? "The password is kept in the system keyring (" + keyring.getKeyringStorageType()
                + "), never in the profiles file." : fallback.description();
    }

    @Override
    public synchronized Optional<String> password(String profileId) {
        if (!available()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(keyring.getPassword(SERVICE, account(profileId))).filter(p -> !p.isEmpty());
        } catch (PasswordAccessException | RuntimeException e) {
            // java-keyring reports a missing entry as a failure too
            return Optional.empty();
        }
    }

    @Override
    public synchronized void store(String profileId, String password) {
        if (password == null || password.isEmpty()) {
            forget(profileId);
            return;
        }
        if (!available()) {
            return;
        }
        try {
            keyring.setPassword(SERVICE, account(profileId), password);
        } catch (PasswordAccessException | RuntimeException e) {
            throw new IllegalStateException("The system keyring did not take the password (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public synchronized void forget(String profileId) {
        if (!available()) {
            return;
        }
        try {
            keyring.deletePassword(SERVICE, account(profileId));
        } catch (PasswordAccessException | RuntimeException e) {
            // nothing was saved for it
        }
    }

    private static String account(String profileId) {
        return "profile:" + profileId;
    }
}
