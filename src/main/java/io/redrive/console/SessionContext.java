package io.redrive.console;

/**
 * What every screen of one connection tab is given: the session, where to run work, the dialogs, and the state of
 * the connection that every screen follows (see {@link ConnectionState}).
 */
public record SessionContext(Session session, TaskExecutor tasks, DialogService dialogs, ConnectionState connection) {
    /** The tooltip of every disabled mutating control on a read-only connection. */
    public static final String READ_ONLY_REASON = "This connection is read-only: Redrive sends no write command on it";

    /** A context whose connection is taken to be up (view-model tests, the benchmark). */
    public SessionContext(Session session, TaskExecutor tasks, DialogService dialogs) {
        this(session, tasks, dialogs, new ConnectionState());
    }

    /**
     * Whether writes are impossible on this connection: the one place the console asks. Its engine and cache were
     * opened read-only and refuse every write themselves; the screens only grey out their write controls with
     * {@link DisabledTooltips#writeControls}.
     */
    public boolean readOnly() {
        return session.readOnly();
    }

    /** The environment label of this connection, for anything that must say where it acts (a dialog's header). */
    public Environment environment() {
        return session.settings().environment();
    }
}
