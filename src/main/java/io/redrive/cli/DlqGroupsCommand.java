package io.redrive.cli;

import io.redrive.engine.Engine;
import io.redrive.engine.FailureGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** Dead letters grouped by how they failed, largest group first. */
@Command(name = "groups", mixinStandardHelpOptions = true,
        description = "Show failure groups: dead letters of one queue that failed the same way (same exception, "
                + "message and top stack frames), largest first. Act on a group with --queue Q --group FINGERPRINT.")
final class DlqGroupsCommand extends DlqSubcommand {
    private static final int MAX_SAMPLE = 70;

    @Option(names = "--queue", paramLabel = "QUEUE", description = "Only this queue's groups (default: every queue)")
    String queue;

    @Override
    int run() {
        try (Engine engine = connect()) {
            if (queue != null) {
                engine.existingQueue(queue);
            }
            List<FailureGroup> groups = engine.deadLetters().groups(queue);
            if (json) {
                printJson(groups.stream().map(DlqJson::group).toList());
                return 0;
            }
            if (groups.isEmpty()) {
                out().println("No dead letters, so no failure groups.");
                return 0;
            }
            TextTable table = new TextTable("FINGERPRINT", "QUEUE", "COUNT", "FIRST SEEN", "LAST SEEN", "EXCEPTION", "SAMPLE")
                    .alignRight(2);
            for (FailureGroup g : groups) {
                table.add(g.fingerprint(), g.queue(), Display.count(g.count()), Display.localTime(g.firstSeen()),
                        Display.localTime(g.lastSeen()), g.exceptionClass(), Display.cut(g.sample(), MAX_SAMPLE));
            }
            table.print(out());
        }
        return 0;
    }
}
