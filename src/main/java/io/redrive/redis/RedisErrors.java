package io.redrive.redis;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * A Redis or Lettuce failure in words, for the console and the command line alike. One reading of the failure
 * (the whole cause chain: refused, unknown host, wrong or missing password, TLS, timeout, no permission) and two
 * registers: {@link #describe}, a clause that follows "Cannot connect to Redis at host:6379: ", and {@link #advice},
 * the sentence a connection test shows, which also says what to check.
 */
public final class RedisErrors {
    /** What a refused command means for an operator connected as a read-only Redis user (see the README's ACLs). */
    public static final String NO_WRITE_ACCESS = "This needs write access to Redis, and the Redis user you connected as"
            + " may only read (the README names the ACL a full operator needs).";
    static final String NO_KEY_ACCESS = "The Redis user you connected as may not use Redrive's keys"
            + " (the README names the ACL an operator needs).";

    private enum Kind { NO_WRITE_ACCESS, NO_KEY_ACCESS, UNKNOWN_HOST, REFUSED, WRONG_PASSWORD, NEEDS_PASSWORD, NO_PASSWORD_SET, TLS, TIMEOUT, OTHER }

    /** The kind of failure and its detail: the host name, the TLS reason or, for anything else, the root message. */
    private record Reading(Kind kind, String detail) {
    }

    private RedisErrors() {
    }

    /** Turns Lettuce's nested exceptions into one clause a person can act on ("wrong username or password"). */
    public static String describe(Throwable e) {
        Reading r = read(e);
        return switch (r.kind) {
            case NO_WRITE_ACCESS -> NO_WRITE_ACCESS;
            case NO_KEY_ACCESS -> NO_KEY_ACCESS;
            case UNKNOWN_HOST -> "unknown host " + r.detail;
            case REFUSED -> "connection refused (is redis-server running on that host and port?)";
            case WRONG_PASSWORD -> "wrong username or password";
            case NEEDS_PASSWORD -> "the server needs a password";
            case NO_PASSWORD_SET -> "a password was sent, but this Redis has none set";
            case TLS -> "TLS failure: " + r.detail;
            case TIMEOUT -> "timed out";
            case OTHER -> r.detail;
        };
    }

    /**
     * A failure to connect as one sentence that also says what to check, as a connection test shows it.
     *
     * @param waited how long the attempt waited for an answer, named when it timed out
     */
    public static String advice(Throwable failure, Duration waited) {
        Reading r = read(failure);
        return switch (r.kind) {
            case UNKNOWN_HOST -> {
                String host = r.detail.contains(":") ? r.detail.substring(0, r.detail.indexOf(':')) : r.detail;
                yield "Unknown host: '" + host.strip() + "' does not resolve to an address. Check the spelling, your DNS or your VPN.";
            }
            case REFUSED -> "Connection refused: nothing accepts connections on that host and port. Is Redis running there, and is the port right?";
            case WRONG_PASSWORD -> "Wrong password: Redis refused the username and password (WRONGPASS). Check both; an ACL user must also be enabled.";
            case NEEDS_PASSWORD -> "This Redis needs a password (NOAUTH): enter it in the Password field, with the username of an ACL user.";
            case NO_PASSWORD_SET -> "This Redis has no password set, yet one was sent: leave the Password field empty.";
            case TLS -> "TLS handshake failed" + (r.detail.isEmpty() ? "" : " (" + r.detail + ")")
                    + ": check that this port speaks TLS, the CA file and the verification mode.";
            case TIMEOUT -> "Timed out: no answer within " + waited.toSeconds() + " seconds. The host may be down or behind a firewall, "
                    + "or the port is not Redis (a TLS port waits for TLS: turn TLS on).";
            default -> "Could not connect: " + describe(failure) + ".";
        };
    }

    /** Reads the whole cause chain once, its classes and messages, most telling sign first. */
    private static Reading read(Throwable failure) {
        StringBuilder seen = new StringBuilder();
        UnknownHostException unknownHost = null;
        Throwable tls = null;
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            seen.append(' ').append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            if (unknownHost == null && t instanceof UnknownHostException u) {
                unknownHost = u;
            }
            if (tls == null && (t instanceof SSLException || t.getClass().getSimpleName().contains("Ssl"))) {
                tls = t;
            }
            root = t;
        }
        String all = seen.toString().toLowerCase(Locale.ROOT);
        String rootText = String.valueOf(root.getMessage());
        if (all.contains("noperm")) {
            return new Reading(all.contains("to access") ? Kind.NO_KEY_ACCESS : Kind.NO_WRITE_ACCESS, rootText);
        }
        if (unknownHost != null) {
            return new Reading(Kind.UNKNOWN_HOST, String.valueOf(unknownHost.getMessage()));
        }
        if (all.contains("connection refused")) {
            return new Reading(Kind.REFUSED, rootText);
        }
        if (all.contains("wrongpass") || all.contains("invalid password") || all.contains("invalid username-password")) {
            return new Reading(Kind.WRONG_PASSWORD, rootText);
        }
        if (all.contains("noauth")) {
            return new Reading(Kind.NEEDS_PASSWORD, rootText);
        }
        if (all.contains("without any password configured")) {
            return new Reading(Kind.NO_PASSWORD_SET, rootText);
        }
        if (tls != null || all.contains("handshake") || all.contains("certificate")) {
            return new Reading(Kind.TLS, tls == null || tls.getMessage() == null ? rootText : tls.getMessage());
        }
        if (all.contains("timed out") || all.contains("timeout")) {
            return new Reading(Kind.TIMEOUT, rootText);
        }
        return new Reading(Kind.OTHER, rootText);
    }
}
