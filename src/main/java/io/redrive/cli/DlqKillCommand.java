package io.redrive.cli;

import io.redrive.ops.Actor;
import io.redrive.engine.Engine;
import io.redrive.engine.RetryChange;
import picocli.CommandLine.Command;

import java.util.List;

/** Dead-letters messages waiting for a retry at once. */
@Command(name = "kill", mixinStandardHelpOptions = true,
        description = "Dead-letter messages waiting for a retry now, without their remaining attempts.")
final class DlqKillCommand extends RetryChangeCommand {
    @Override
    long apply(Engine engine, List<String> ids, Actor actor) {
        return engine.retries().kill(queue, ids, actor);
    }

    @Override
    RetryChange change() {
        return RetryChange.KILL;
    }
}
