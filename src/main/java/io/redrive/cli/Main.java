package io.redrive.cli;

import io.redrive.redis.RedisConnection;
import io.redrive.redis.DamagedKeyException;
import io.redrive.redis.RedisUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** The entry point of {@code redrive.jar}. With no command it opens the console on the demo. */
@Command(name = "redrive", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Redrive: dead-letter queues, retries and caches on Redis.%n"
                + "With no command, opens the console on the demo (its own embedded Redis with simulated traffic; REDIS_URL is ignored).",
        subcommands = {ConsoleCommand.class, EngineCommand.class, DemoCommand.class, CheckCommand.class, AuditCommand.class, AlertsCommand.class, DlqCommand.class, PolicyCommand.class, QueuesCommand.class, CacheCommand.class, BenchCommand.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code: 0 success, 1 failure, 2 bad usage. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::explain);
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        return new ConsoleCommand().call();
    }

    /** Failures get one plain sentence, no stack trace: the logs keep the detail. */
    private static int explain(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        String reason = RedisConnection.isPermissionDenied(e) ? RedisConnection.describe(e)
                : e instanceof RedisUnavailableException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException || e instanceof DamagedKeyException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        // the full name ("redrive dlq show"), so a failure names the command as it was typed
        err.println(cli.getColorScheme().errorText(cli.getCommandSpec().qualifiedName() + ": " + Display.oneLine(reason)));
        err.flush();
        return 1;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"Redrive " + (version == null ? "(development build)" : version)
                    + " on Java " + System.getProperty("java.version")};
        }
    }
}
