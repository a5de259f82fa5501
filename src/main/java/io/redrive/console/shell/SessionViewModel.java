package io.redrive.console.shell;

import io.redrive.console.ConnectionState;
import io.redrive.console.SessionContext;
import io.redrive.console.Words;
import io.redrive.redis.RedisConnection;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection tab's state: whether Redis answers, its round-trip time, and the banner to show. The connection
 * reconnects by itself (Lettuce); {@link #check()} pings in the background and reports what it sees to the
 * context's {@link ConnectionState}, which every screen of the tab follows.
 */
public final class SessionViewModel {
    private final SessionContext context;
    private final Clock clock;
    private final ReadOnlyStringWrapper latency = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper("");
    private final AtomicBoolean checking = new AtomicBoolean();

    public SessionViewModel(SessionContext context) {
        this(context, Clock.systemDefaultZone());
    }

    SessionViewModel(SessionContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
    }

    public ReadOnlyBooleanProperty connectedProperty() { return context.connection().connectedProperty(); }
    /** "1.2 ms", or empty while unknown. */
    public ReadOnlyStringProperty latencyProperty() { return latency.getReadOnlyProperty(); }
    /** The connection-lost banner's text, with its cause and how long ago; empty while connected. */
    public ReadOnlyStringProperty bannerProperty() { return banner.getReadOnlyProperty(); }
    public SessionContext context() { return context; }

    // Commands

    /**
     * Brings the banner's "lost 12 s ago" up to date, then pings Redis in the background; a ping still running
     * (it waits up to the command timeout while Redis is away) makes the ping a no-op, not the banner.
     */
    public void check() {
        showBanner();
        if (!checking.compareAndSet(false, true)) {
            return;
        }
        context.tasks().run(() -> context.session().engine().ping(), this::answered, this::failed);
    }

    private void answered(Duration roundTrip) {
        checking.set(false);
        context.connection().answered();
        latency.set(String.format("%.1f ms", roundTrip.toNanos() / 1e6));
        showBanner();
    }

    private void failed(Throwable e) {
        checking.set(false);
        context.connection().failed(RedisConnection.describe(e), clock.instant());
        latency.set("");
        showBanner();
    }

    private void showBanner() {
        ConnectionState state = context.connection();
        Instant lostAt = state.lostAtProperty().get();
        if (state.isConnected() || lostAt == null) {
            banner.set("");
            return;
        }
        String at = Words.clock(lostAt, clock.getZone());
        banner.set("Connection to " + context.session().engine().redisUrl() + " lost "
                + Words.duration(Duration.ofSeconds(Math.max(1, Duration.between(lostAt, clock.instant()).toSeconds()))) + " ago, at " + at + ": "
                + state.causeProperty().get()
                + ". Reconnecting by itself; operations started before are finished or reported when it is back.");
    }
}
