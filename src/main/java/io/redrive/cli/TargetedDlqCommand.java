package io.redrive.cli;

import io.redrive.ops.BulkOperation;
import io.redrive.engine.DeadLetterTarget;
import io.redrive.engine.DeadLetters;
import io.redrive.engine.DryRun;
import io.redrive.engine.Engine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A bulk change to dead letters picked by queue, ids or filters, with a rate limit: replay, purge. */
abstract class TargetedDlqCommand extends BulkDlqCommand {
    @Mixin
    DeadLetterTargetOptions target;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "At most N messages a second (default: no limit)")
    double rate;

    private DeadLetterTarget chosen;

    /** The queue the messages go to, for the preview; null when the operation does not move them to a queue. */
    String toQueue() {
        return null;
    }

    /** Starts the operation on a target as it is now. */
    abstract BulkOperation start(DeadLetters letters, DeadLetterTarget target);

    @Override
    final boolean targetGiven() {
        return !target.ids.isEmpty() || target.all || target.any();
    }

    @Override
    final boolean isBulk() {
        return target.isBulk();
    }

    @Override
    final void check(Engine engine) {
        if (rate < 0 || Double.isNaN(rate)) {
            throw usage("--rate must be 0 (no limit) or more messages a second, got " + rate);
        }
        chosen = target.target(spec, options().clock());
        requireQueues(engine, target.queues);
    }

    @Override
    final DryRun preview(DeadLetters letters) {
        return letters.preview(operation(), chosen, rate, toQueue());
    }

    @Override
    final BulkOperation start(DeadLetters letters) {
        return start(letters, chosen);
    }

    @Override
    String rateNote() {
        return rate > 0 ? " at " + Display.count(Math.round(rate)) + " a second" : "";
    }
}
