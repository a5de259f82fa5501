package io.redrive.console;

import java.nio.file.Path;
import java.util.prefs.Preferences;

/**
 * Where the console keeps what it remembers about its user: window size, position and theme in a preferences node,
 * connection profiles in a folder, passwords in the system keyring. The tests point each elsewhere with a system
 * property (the build sets them), so running them never reads or overwrites the user's own.
 */
public final class UserStorage {
    /** Path of the preferences node under the user root; default {@value #DEFAULT_PREFERENCES}. */
    public static final String PREFERENCES_PROPERTY = "redrive.preferences";
    /** Folder of {@code profiles.json}; default {@code ~/.redrive}. */
    public static final String HOME_PROPERTY = "redrive.home";
    /** {@code none} keeps passwords nowhere instead of in the system keyring. */
    public static final String KEYRING_PROPERTY = "redrive.keyring";
    static final String DEFAULT_PREFERENCES = "io/redrive/console";

    private UserStorage() {
    }

    public static Preferences preferences() {
        return Preferences.userRoot().node(System.getProperty(PREFERENCES_PROPERTY, DEFAULT_PREFERENCES));
    }

    public static Path home() {
        String home = System.getProperty(HOME_PROPERTY);
        return home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".redrive");
    }

    public static boolean keyringAllowed() {
        return !"none".equals(System.getProperty(KEYRING_PROPERTY));
    }
}
