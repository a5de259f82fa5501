package io.redrive.console.shell;

import io.redrive.console.SessionContext;
import io.redrive.redis.RedisConnection;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection tab's state: whether Redis answers, its round-trip time, and the banner to show. The connection
 * reconnects by itself (Lettuce); {@link #check()} pings in the background and reports what it sees.
 */
public final class SessionViewModel {
    private final SessionContext context;
    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper latency = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper("");
    private final AtomicBoolean checking = new AtomicBoolean();
    private LocalTime lostSince;

    public SessionViewModel(SessionContext context) {
        this.context = context;
    }

    public ReadOnlyBooleanProperty connectedProperty() { return connected.getReadOnlyProperty(); }
    /** "1.2 ms", or empty while unknown. */
    public ReadOnlyStringProperty latencyProperty() { return latency.getReadOnlyProperty(); }
    /** The connection-lost banner's text; empty while connected. */
    public ReadOnlyStringProperty bannerProperty() { return banner.getReadOnlyProperty(); }
    public SessionContext context() { return context; }

    // Commands

    /** Pings Redis in the background; a ping still running makes this one a no-op. */
    public void check() {
        if (!checking.compareAndSet(false, true)) {
            return;
        }
        context.tasks().run(() -> context.session().engine().ping(), this::answered, this::failed);
    }

    private void answered(Duration roundTrip) {
        checking.set(false);
        connected.set(true);
        lostSince = null;
        banner.set("");
        latency.set(String.format("%.1f ms", roundTrip.toNanos() / 1e6));
    }

    private void failed(Throwable e) {
        checking.set(false);
        connected.set(false);
        latency.set("");
        if (lostSince == null) {
            lostSince = LocalTime.now().withNano(0);
        }
        banner.set("Connection to " + context.session().engine().redisUrl() + " lost at "
                + lostSince.format(DateTimeFormatter.ISO_LOCAL_TIME) + " (" + RedisConnection.describe(e)
                + "). Reconnecting by itself; operations started before are finished or reported when it is back.");
    }
}
