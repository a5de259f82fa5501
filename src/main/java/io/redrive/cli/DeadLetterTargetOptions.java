package io.redrive.cli;

import io.redrive.engine.DeadLetterTarget;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Which dead letters a command acts on: some ids of one queue ({@code --queue Q --id ID}), everything the filters
 * match ({@code --queue Q --group G}, ...), or {@code --all}. Never everything by default.
 */
final class DeadLetterTargetOptions extends DeadLetterFilters {
    @Option(names = "--id", paramLabel = "ID", description = "A dead letter by id; repeat for several; needs exactly one --queue")
    List<String> ids = new ArrayList<>();

    @Option(names = "--all", description = "Every dead letter of every queue")
    boolean all;

    /** Whether the target is whatever some filters match now, rather than ids named one by one. */
    boolean isBulk() {
        return ids.isEmpty();
    }

    DeadLetterTarget target(CommandSpec spec, Clock clock) {
        if (!ids.isEmpty()) {
            if (queues.size() != 1) {
                throw new ParameterException(spec.commandLine(), "--id needs exactly one --queue, the queue the ids are in");
            }
            if (all || conditionsBeyondQueue()) {
                throw new ParameterException(spec.commandLine(), "--id names the dead letters already: leave out --all and the filters");
            }
            return DeadLetterTarget.ids(queues.get(0), ids);
        }
        if (all) {
            if (any()) {
                throw new ParameterException(spec.commandLine(), "--all means every dead letter of every queue: leave it out to narrow with --queue or filters");
            }
            return DeadLetterTarget.all();
        }
        if (!any()) {
            throw new ParameterException(spec.commandLine(), "Say which dead letters: --queue Q --id ID, filters such as "
                    + "--queue Q --group G, or --all");
        }
        return DeadLetterTarget.matching(query(spec, clock).build());
    }
}
