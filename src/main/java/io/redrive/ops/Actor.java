package io.redrive.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who takes an operator action, as the {@linkplain AuditLog audit log} records it.
 *
 * @param name {@code user@host}, or whatever name the caller gives; never blank
 */
public record Actor(String name) {

    public Actor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("An actor needs a name, got '" + name + "'");
        }
        name = name.strip();
    }

    /** The operating-system user of this process on this host, such as {@code alice@build-07}. */
    public static Actor current() {
        return Current.ACTOR;
    }

    /** An actor the caller names, such as a service account or a user signed in to a console. */
    public static Actor named(String name) {
        return new Actor(name);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Looked up once: resolving the host name can wait on DNS for seconds. */
    private static final class Current {
        static final Actor ACTOR = new Actor(user() + "@" + host());

        private static String user() {
            String user = System.getProperty("user.name");
            return user == null || user.isBlank() ? "unknown" : user.strip();
        }

        private static String host() {
            try {
                String host = InetAddress.getLocalHost().getHostName();
                return host == null || host.isBlank() ? "localhost" : host;
            } catch (UnknownHostException | SecurityException e) {
                return "localhost";
            }
        }
    }
}
