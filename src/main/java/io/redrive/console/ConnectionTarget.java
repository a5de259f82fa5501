package io.redrive.console;

import java.util.Objects;

/**
 * What a console tab connects to.
 *
 * @param url      the Redis URL, with the password in it when there is one (never stored on disk: see the
 *                 connection manager's keyring)
 * @param readOnly no write command is ever sent: the background worker stays off and every mutation is disabled
 */
public record ConnectionTarget(String name, String url, String keyPrefix, Environment environment, boolean readOnly) {
    public ConnectionTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(environment, "environment");
    }
}
