package io.redrive.console;

/**
 * The environment a connection belongs to, shown as its colour label so nobody mistakes production for a test
 * server. In Redrive "environment" means only this; the operating system's settings are "environment variables"
 * (read by {@code EnvironmentVariables} in the redis package).
 */
public enum Environment {
    DEMO("Demo", "#6f42c1"),
    DEVELOPMENT("Development", "#2da44e"),
    STAGING("Staging", "#bf8700"),
    PRODUCTION("Production", "#cf222e"),
    OTHER("Other", "#57606a");

    private final String label;
    private final String colour;

    Environment(String label, String colour) {
        this.label = label;
        this.colour = colour;
    }

    public String label() {
        return label;
    }

    /** A CSS colour. */
    public String colour() {
        return colour;
    }

    /** Whether destructive actions need the count typed rather than a yes. */
    public boolean isProduction() {
        return this == PRODUCTION;
    }
}
