package io.redrive.cli;

import io.redrive.ops.TimeWords;
import io.redrive.ops.BulkOperation;
import io.redrive.engine.Plan;
import io.redrive.engine.EditConflictException;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.ImportException;
import io.redrive.engine.InvalidPayloadException;
import io.redrive.redis.RedisUnavailableException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * What every {@code redrive dlq} subcommand (and {@code policy} and {@code queues}) shares: the Redis options, {@code --json}, where output goes, and
 * failures as one sentence naming the command ("redrive dlq edit: ...") with exit code 1. Usage mistakes are
 * {@link ParameterException}s, which picocli answers with the usage and exit code 2.
 */
abstract class DlqSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RedisOptions redis;

    @Option(names = "--json", description = "Print JSON for scripts instead of text for people")
    boolean json;

    private EngineOptions options;

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } catch (ParameterException e) {
            throw e;
        } catch (ImportException | EditConflictException | InvalidPayloadException | RedisUnavailableException
                 | IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            return fail(e.getMessage());
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** The command itself; returns the exit code. */
    abstract int run() throws Exception;

    /** The engine's settings for this command line; built once, so a bad setting fails before connecting. */
    final EngineOptions options() {
        if (options == null) {
            options = redis.engineOptions().upkeep(false).build();
        }
        return options;
    }

    /** An engine without the upkeep: the command line only looks and acts on request. */
    final Engine connect() {
        return Engine.connect(options());
    }

    /** Fails, naming the known queues, when a queue was never declared: a typo must not look like an empty queue. */
    static void requireQueues(Engine engine, Collection<String> queues) {
        queues.forEach(engine::existingQueue);
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    final void printJson(Object value) {
        out().println(DlqJson.write(value));
    }

    /** Prints one sentence on stderr after the command's name and returns exit code 1. */
    final int fail(String sentence) {
        err().println(spec.commandLine().getColorScheme().errorText(spec.qualifiedName() + ": " + Display.oneLine(sentence)));
        err().flush();
        return 1;
    }

    /** What the operation acts on, from its name ("replay dead letters in documents" → "dead letters in documents"). */
    static String target(BulkOperation op) {
        int space = op.name().indexOf(' ');
        return space < 0 ? op.name() : op.name().substring(space + 1);
    }

    final ParameterException usage(String sentence) {
        return new ParameterException(spec.commandLine(), sentence);
    }

    /**
     * Follows a bulk operation to its end with a progress line on stderr (Ctrl-C cancels it after the chunk in
     * progress; on a terminal, p and Enter pause and resume it), then prints what it did.
     *
     * @param operation "replay", "purge" or "restore"; its words (the summary, why it skips) are {@link Plan}'s
     * @return the exit code: 0 when it completed, 1 when it was cancelled or failed
     */
    final int follow(String operation, BulkOperation op) throws InterruptedException {
        String doneKey = Plan.pastTense(operation).toLowerCase(Locale.ROOT);
        if (!json) {
            // an operation on ids or --yes acts without a dry run on screen: say what it is acting on before it starts
            err().println(Display.capitalized(operation) + ": " + Display.oneLine(target(op)) + (op.id() == null ? "" : " (operation " + op.id() + ")"));
        }
        Console terminal = System.console();
        try (ForegroundOperation running = ForegroundOperation.start(op, err(), Display.capitalized(operation));
             PauseKeys keys = terminal == null ? null : PauseKeys.listen(op, terminal.reader(), err())) {
            BulkOperation.Progress last = running.await();
            if (json) {
                printJson(DlqJson.outcome(operation, doneKey, op, last, running.interrupted()));
            }
            return switch (last.state()) {
                case COMPLETED -> {
                    if (!json) {
                        out().println(Plan.summary(operation, last.succeeded(), last.skipped(), op.leftAlone(),
                                last.elapsed(), Display.oneLine(target(op))));
                    }
                    yield 0;
                }
                case CANCELLED -> {
                    if (!json) {
                        out().println(Plan.cancelled(operation, running.interrupted(), last.processed(), last.total(),
                                last.succeeded(), last.skipped()));
                    }
                    yield 1;
                }
                default -> fail(Plan.stopped(operation, last.processed(), last.succeeded(), last.skipped(), last.lastError()));
            };
        }
    }
}
