package io.redrive.console.connect;

import io.redrive.console.TaskExecutor;
import io.redrive.redis.ConnectionTest;
import io.redrive.redis.RedisConnection;
import java.net.UnknownHostException;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * The connection manager's Test button: connects to the form's Redis in the background through
 * {@link ConnectionTest}, and says in plain words how it went. A result that arrives after the form changed is dropped.
 */
public final class ConnectionTestModel {
    /** How long the Test button waits for Redis. */
    static final Duration TEST_TIMEOUT = Duration.ofSeconds(5);

    /** Where the last connection test stands. */
    public enum TestState { IDLE, RUNNING, SUCCEEDED, FAILED }

    private final TaskExecutor tasks;
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<TestState> state = new ReadOnlyObjectWrapper<>(TestState.IDLE);
    private int run;

    ConnectionTestModel(TaskExecutor tasks) {
        this.tasks = tasks;
    }

    public ReadOnlyStringProperty resultProperty() { return result.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<TestState> stateProperty() { return state.getReadOnlyProperty(); }

    /** Forgets the last result: the form it was about has changed. */
    void reset() {
        run++;
        state.set(TestState.IDLE);
        result.set("");
    }

    /** Says why the form cannot be tested as it stands. */
    void refuse(String problem) {
        run++;
        state.set(TestState.FAILED);
        result.set("Not tested: " + problem);
    }

    /** PINGs the Redis at {@code url} (shown as {@code shown}) in the background. */
    void start(String url, String shown) {
        int mine = ++run;
        state.set(TestState.RUNNING);
        result.set("Connecting to " + shown + "…");
        tasks.run(() -> ConnectionTest.roundTrip(url, TEST_TIMEOUT), roundTrip -> {
            if (mine == run) {
                state.set(TestState.SUCCEEDED);
                result.set(String.format(Locale.ROOT, "Connected: PING answered in %.1f ms.", roundTrip.toNanos() / 1e6));
            }
        }, e -> {
            if (mine == run) {
                state.set(TestState.FAILED);
                result.set(explain(e));
            }
        });
    }

    /**
     * A connection failure as one sentence an operator can act on: refused, wrong password, password needed,
     * TLS handshake, timeout or unknown host; anything else in the words of {@link RedisConnection#describe}.
     */
    public static String explain(Throwable failure) {
        StringBuilder seen = new StringBuilder();
        UnknownHostException unknownHost = null;
        Throwable tlsFailure = null;
        boolean timeout = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            seen.append(' ').append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            if (t instanceof UnknownHostException u) {
                unknownHost = u;
            }
            if (tlsFailure == null && (t instanceof SSLException || t.getClass().getSimpleName().contains("Ssl"))) {
                tlsFailure = t;
            }
            if (t.getClass().getSimpleName().contains("Timeout")) {
                timeout = true;
            }
        }
        String all = seen.toString().toLowerCase(Locale.ROOT);
        if (unknownHost != null) {
            String message = String.valueOf(unknownHost.getMessage());
            String hostName = message.contains(":") ? message.substring(0, message.indexOf(':')) : message;
            return "Unknown host: '" + hostName.strip() + "' does not resolve to an address. Check the spelling, your DNS or your VPN.";
        }
        if (all.contains("connection refused")) {
            return "Connection refused: nothing accepts connections on that host and port. Is Redis running there, and is the port right?";
        }
        if (all.contains("wrongpass") || all.contains("invalid password") || all.contains("invalid username-password")) {
            return "Wrong password: Redis refused the username and password (WRONGPASS). Check both; an ACL user must also be enabled.";
        }
        if (all.contains("noauth")) {
            return "This Redis needs a password (NOAUTH): enter it in the Password field, with the username of an ACL user.";
        }
        if (all.contains("without any password configured")) {
            return "This Redis has no password set, yet one was sent: leave the Password field empty.";
        }
        if (tlsFailure != null || all.contains("handshake")) {
            String detail = tlsFailure == null || tlsFailure.getMessage() == null ? "" : " (" + tlsFailure.getMessage() + ")";
            return "TLS handshake failed" + detail + ": check that this port speaks TLS, the CA file and the verification mode.";
        }
        if (timeout || all.contains("timed out")) {
            return "Timed out: no answer within " + TEST_TIMEOUT.toSeconds() + " seconds. The host may be down or behind a firewall, "
                    + "or the port is not Redis (a TLS port waits for TLS: turn TLS on).";
        }
        return "Could not connect: " + RedisConnection.describe(failure) + ".";
    }
}
