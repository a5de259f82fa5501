package io.redrive.console.connect;

import io.redrive.console.UserStorage;
import java.util.Optional;

/**
 * Where profile passwords live: the operating system's keyring, or nowhere (asked for each time). A password
 * is never written to a file. Calls may block on the keyring (D-Bus, Keychain): make them off the UI thread.
 */
public interface SecretStore {

    /** Whether a password stored here is there the next time; false means it is asked for each time. */
    boolean remembers();

    /** One sentence for the connection form saying where passwords go. */
    String description();

    /** The password saved for this profile, if any. */
    Optional<String> password(String profileId);

    /**
     * Saves the profile's password; an empty one removes it.
     *
     * @throws IllegalStateException when the keyring refuses, saying why
     */
    void store(String profileId, String password);

    /** Removes the profile's password, if there is one. */
    void forget(String profileId);

    /** Remembers nothing: the operator types the password each time they connect. */
    static SecretStore askEachTime(String why) {
        return new AskEachTime(why);
    }

    /**
     * The system keyring (Windows Credential Manager, macOS Keychain, a freedesktop Secret Service or KWallet),
     * found on first use; where none works, ask each time.
     */
    static SecretStore system() {
        return UserStorage.keyringAllowed() ? KeyringSecretStore.SYSTEM
                : askEachTime("Passwords are not kept here (redrive.keyring=none).");
    }

    /** A store that keeps nothing. */
    final class AskEachTime implements SecretStore {
        private final String why;

        private AskEachTime(String why) {
            this.why = why;
        }

        @Override
        public boolean remembers() {
            return false;
        }

        @Override
        public String description() {
            return why + " The password is never saved: type it each time you connect.";
        }

        @Override
        public Optional<String> password(String profileId) {
            return Optional.empty();
        }

        @Override
        public void store(String profileId, String password) {
            // by design: nothing is kept
        }

        @Override
        public void forget(String profileId) {
            // nothing was kept
        }
    }
}
