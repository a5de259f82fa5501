package io.redrive.cli;

import io.redrive.demo.DemoServer;
import io.redrive.demo.DemoWorkload;
import io.redrive.demo.EmbeddedRedis;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.QueueCounts;
import java.util.HashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the simulated document-processing backend on an embedded Redis of its own. Its handler fails at random and it
 * rewrites its queues' retry policies, so another server is used only when asked for explicitly, and never one that
 * already holds Redrive data under the demo's prefix.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Simulate a document-processing backend (queues documents, summaries, embeddings, graph, under "
                + "the key prefix " + DemoServer.PREFIX + ") that fails at realistic rates. Ctrl-C stops it.",
                "It runs on an embedded Redis of its own; REDIS_URL is ignored. --redis URL (or REDIS_URL) is used only "
                        + "with " + DemoCommand.ALLOW_EXTERNAL + ", and a server that already holds Redrive data under "
                        + "the prefix is refused."})
final class DemoCommand implements Callable<Integer> {
    static final String ALLOW_EXTERNAL = "--allow-external-redis";

    @Option(names = "--redis", paramLabel = "URL",
            description = "Run on this Redis instead of the embedded one (needs " + ALLOW_EXTERNAL + ")")
    String url;

    @Option(names = ALLOW_EXTERNAL,
            description = "Let the demo write to --redis URL (or REDIS_URL): never a production server")
    boolean allowExternal;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = DemoServer.PREFIX,
            description = "Key prefix the demo writes under (default: ${DEFAULT-VALUE})")
    String prefix = DemoServer.PREFIX;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "20",
            description = "Documents uploaded per second (default: ${DEFAULT-VALUE})")
    int rate = 20;

    @Option(names = "--failure-rate", paramLabel = "F", defaultValue = "0.15",
            description = "Share of attempts that fail, 0 to 1 (default: ${DEFAULT-VALUE})")
    double failureRate = 0.15;

    @Option(names = "--status-every", paramLabel = "SECONDS", defaultValue = "5",
            description = "Print the queues' counts every this many seconds (default: ${DEFAULT-VALUE})")
    int statusSeconds = 5;

    private final Map<String, String> env;

    DemoCommand() {
        this(System.getenv());
    }

    DemoCommand(Map<String, String> env) {
        this.env = env;
    }

    /** The demo of the default run: the embedded Redis and the demo's prefix, whatever the environment says. */
    static DemoCommand embeddedOnly() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("REDIS_URL");
        return new DemoCommand(env);
    }

    @Override
    public Integer call() throws InterruptedException {
        String external = externalUrl();
        EmbeddedRedis embedded = null;
        String redisUrl;
        if (external != null) {
            DemoServer.requireNoRedriveData(external, prefix);
            redisUrl = external;
        } else {
            if (env.get("REDIS_URL") != null && !env.get("REDIS_URL").isBlank()) {
                System.out.println("REDIS_URL is ignored: the demo writes to another Redis only with " + ALLOW_EXTERNAL + ".");
            }
            embedded = EmbeddedRedis.start();
            redisUrl = embedded.url();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ShutdownHooks.stopAndWait(stopped, cleanedUp), "redrive-shutdown"));
        // the environment's retry settings are the demo's too; its Redis and prefix are not
        EngineOptions options = EngineOptions.fromEnvironmentVariables(env).mutate().redisUrl(redisUrl).keyPrefix(prefix).build();
        try (Engine engine = Engine.connect(options);
             DemoWorkload workload = new DemoWorkload(engine, rate, failureRate)) {
            System.out.printf("Redrive demo on %s%s, key prefix %s: %d documents/s, %.0f%% of attempts fail. Ctrl-C stops it.%n",
                    engine.redisUrl(), embedded != null ? " (its own embedded redis-server)" : "", prefix, rate, failureRate * 100);
            while (!stopped.await(Math.max(1, statusSeconds), TimeUnit.SECONDS)) {
                StringBuilder line = new StringBuilder();
                for (QueueCounts c : workload.counts()) {
                    line.append(String.format("%s: %d ready, %d in flight, %d retrying, %d dead   ",
                            c.queue(), c.ready(), c.inFlight(), c.scheduled(), c.dead()));
                }
                System.out.println(line.toString().trim());
            }
            System.out.println("Stopping the demo");
        } finally {
            if (embedded != null) {
                embedded.close();
            }
            cleanedUp.countDown();
        }
        return 0;
    }

    /** The server the operator asked for, or null for the embedded one; refuses one asked for without the flag. */
    private String externalUrl() {
        String asked = url != null && !url.isBlank() ? url.trim() : null;
        if (asked == null && allowExternal) {
            String fromEnv = env.get("REDIS_URL");
            asked = fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : null;
            if (asked == null) {
                throw new IllegalArgumentException(ALLOW_EXTERNAL + " needs --redis URL or REDIS_URL.");
            }
        }
        if (asked != null && !allowExternal) {
            throw new IllegalStateException("The demo fails messages at random and rewrites queue policies, so it runs on "
                    + "another Redis only with " + ALLOW_EXTERNAL + "; without it, leave out --redis to use its own embedded one.");
        }
        return asked;
    }
}
