package io.redrive.console.connect;

import io.redrive.console.TaskExecutor;
import io.redrive.redis.ConnectionTest;
import io.redrive.redis.RedisErrors;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.util.Locale;

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

    /** A connection failure as one sentence an operator can act on, in the words of {@link RedisErrors#advice}. */
    public static String explain(Throwable failure) {
        return RedisErrors.advice(failure, TEST_TIMEOUT);
    }
}
