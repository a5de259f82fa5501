package io.redrive.console;

import java.util.Objects;

/**
 * What a console tab connects to.
 *
 * @param url      the Redis URL, with the password in it when there is one (never stored on disk: see the
 *                 connection manager's keyring)
 * @param readOnly no write command is ever sent: the upkeep stays off and every mutation is disabled
 * @param worker   whether the background retry worker starts on connecting (never on a read-only connection)
 */
public record ConnectionSettings(String name, String url, String keyPrefix, Environment environment, boolean readOnly,
                               WorkerStart worker) {
    public ConnectionSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(worker, "worker");
    }

    /** With the worker as the environment has it: off on production, on elsewhere. */
    public ConnectionSettings(String name, String url, String keyPrefix, Environment environment, boolean readOnly) {
        this(name, url, keyPrefix, environment, readOnly, WorkerStart.DEFAULT);
    }

    /** Whether the background retry worker runs as soon as the connection opens. */
    public boolean startsWorker() {
        return !readOnly && worker.startsOn(environment);
    }
}
