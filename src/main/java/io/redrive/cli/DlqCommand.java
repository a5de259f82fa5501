package io.redrive.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code redrive dlq ...}: find, inspect and recover dead letters, and steer messages waiting for a retry. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Find, inspect and recover dead letters: list, show, groups, replay, edit, purge, restore, "
                + "trash, export and import; and steer messages waiting for a retry: scheduled, retry-now, kill. "
                + "Every change is recorded in the audit log.",
        subcommands = {DlqListCommand.class, DlqShowCommand.class, DlqGroupsCommand.class, DlqReplayCommand.class,
                DlqEditCommand.class, DlqPurgeCommand.class, DlqRestoreCommand.class, DlqTrashCommand.class,
                DlqExportCommand.class, DlqImportCommand.class, DlqScheduledCommand.class, DlqRetryNowCommand.class,
                DlqKillCommand.class, DlqOperationsCommand.class})
final class DlqCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: say what to do with the dead letters, such as 'dlq list'");
    }
}
