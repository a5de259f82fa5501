package io.redrive.console;

import java.util.Locale;

/**
 * Whether a connection starts this console's background retry worker (it promotes due retries, takes back expired
 * leases and deletes old dead letters: it writes). By default it stays off on production until an operator
 * switches it on, so that opening a console there never changes anything by itself.
 */
public enum WorkerStart {
    DEFAULT("Off on production, on elsewhere"),
    ON("On when connected"),
    OFF("Off until switched on");

    private final String label;

    WorkerStart(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the worker starts when a connection to this environment opens. */
    public boolean startsOn(Environment environment) {
        return switch (this) {
            case ON -> true;
            case OFF -> false;
            case DEFAULT -> !environment.isProduction();
        };
    }

    /** {@code on} or {@code off}, as the command line's {@code --worker} takes it. */
    public static WorkerStart parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on" -> ON;
            case "off" -> OFF;
            default -> throw new IllegalArgumentException("--worker must be on or off; got " + value);
        };
    }
}
