package io.redrive.console.overview;

import io.redrive.console.ConnectionSettings;
import io.redrive.console.Environment;
import io.redrive.console.Session;
import io.redrive.console.SessionContext;
import io.redrive.console.TaskExecutor;
import io.redrive.ops.AuditEntry;
import io.redrive.ops.AuditQuery;
import io.redrive.redis.ReadOnlyException;
import io.redrive.testing.AnsweringDialogs;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Switching the console's background retry worker off and on is recorded in the audit log, both ways. */
class WorkerSwitchAuditIT {
    private final Session session = Session.open(new ConnectionSettings("test", TestRedis.url(), TestRedis.newPrefix(),
            Environment.DEVELOPMENT, false));

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void switchingTheWorkerOffAndOnRecordsWhoDidItEachTime() {
        OverviewViewModel model = new OverviewViewModel(new SessionContext(session, TaskExecutor.direct(), new AnsweringDialogs()));

        model.setWorkerRunning(false);
        assertThat(session.engine().upkeep().isRunning()).isFalse();
        model.setWorkerRunning(true);
        assertThat(session.engine().upkeep().isRunning()).isTrue();

        List<AuditEntry> entries = session.engine().audit().list(AuditQuery.builder().build());
        assertThat(entries).extracting(AuditEntry::action).containsExactly("worker-on", "worker-off");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo(session.actor().name());
            assertThat(e.target()).isEqualTo("background retry worker of " + session.engine().id());
            assertThat(e.details()).containsEntry("environment", Environment.DEVELOPMENT.label());
        });
    }

    @Test
    void onAReadOnlyConnectionTheSwitchReachesTheEngineWhichRefusesItAndNothingIsRecorded() {
        try (Session reader = Session.open(new ConnectionSettings("reader", TestRedis.url(), session.settings().keyPrefix(),
                Environment.DEVELOPMENT, true))) {
            OverviewViewModel model = new OverviewViewModel(new SessionContext(reader, TaskExecutor.direct(), new AnsweringDialogs()));

            model.refresh();
            model.setWorkerRunning(true);  // the view greys the switch out; called anyway

            assertThat(model.errorProperty().get()).isEqualTo(ReadOnlyException.SENTENCE);
            assertThat(reader.engine().upkeep().isRunning()).isFalse();
            assertThat(model.workerProperty().get()).isEqualTo("Background retry worker: off (read-only connection)");
        }
        assertThat(session.engine().audit().list(AuditQuery.builder().build())).isEmpty();
    }
}
