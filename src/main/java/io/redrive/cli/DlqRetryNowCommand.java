package io.redrive.cli;

import io.redrive.ops.Actor;
import io.redrive.engine.Engine;
import io.redrive.engine.RetryChange;
import picocli.CommandLine.Command;

import java.util.List;

/** Makes messages waiting for a retry due now. */
@Command(name = "retry-now", mixinStandardHelpOptions = true,
        description = "Make messages waiting for a retry due now, without waiting for their backoff.")
final class DlqRetryNowCommand extends RetryChangeCommand {
    @Override
    long apply(Engine engine, List<String> ids, Actor actor) {
        return engine.retries().retryNow(queue, ids, actor);
    }

    @Override
    RetryChange change() {
        return RetryChange.RETRY_NOW;
    }
}
