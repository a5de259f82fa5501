package io.redrive.console;

/** What every screen of one connection tab is given: the session, where to run work, and the dialogs. */
public record SessionContext(Session session, TaskExecutor tasks, DialogService dialogs) {
    /** The tooltip of every disabled mutating control on a read-only connection. */
    public static final String READ_ONLY_REASON = "This connection is read-only: Redrive sends no write command on it";
}
