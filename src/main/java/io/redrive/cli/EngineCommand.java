package io.redrive.cli;

import io.redrive.alerts.Alerts;
import io.redrive.engine.Upkeep;
import io.redrive.engine.Engine;
import io.redrive.metrics.MetricsServer;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs the engine's upkeep headless until Ctrl-C. */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Run the background retry worker (promote due retries, recover expired leases, apply "
                + "retention) against a Redis, until Ctrl-C. Any number may run at once.")
final class EngineCommand implements Callable<Integer> {
    @Mixin
    RedisOptions redis;

    @Option(names = "--status-every", paramLabel = "SECONDS", defaultValue = "30",
            description = "Print what the upkeep did every this many seconds (default: ${DEFAULT-VALUE})")
    int statusSeconds;

    @Option(names = "--no-alerts", description = "Do not evaluate the alert rules in this engine")
    boolean noAlerts;

    @Option(names = "--alerts-every", paramLabel = "SECONDS", defaultValue = "30",
            description = "Evaluate the alert rules every this many seconds (default: ${DEFAULT-VALUE})")
    int alertSeconds;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve /metrics (Prometheus) and /health on this port (default: none)")
    Integer metricsPort;

    @Override
    public Integer call() throws InterruptedException, IOException {
        PrintStream out = System.out;
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch cleanedUp = new CountDownLatch(1);
        try (Engine engine = Engine.connect(redis.engineOptions().upkeep(false).build())) {
            engine.upkeep().start();  // refused on a read-only connection, before it sends anything
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ShutdownHooks.stopAndWait(stopped, cleanedUp), "redrive-shutdown"));
            out.printf("Redrive engine %s is running the background retry worker on %s (Ctrl-C stops it)%n",
                    engine.id(), engine.redisUrl());
            Alerts alerts = noAlerts ? null : Alerts.open(engine);
            if (alerts != null) {
                alerts.watcher(Duration.ofSeconds(Math.max(1, alertSeconds))).start();
                out.printf("Evaluating alert rules every %d s%n", Math.max(1, alertSeconds));
            }
            MetricsServer metrics = metricsPort == null ? null : MetricsServer.start(engine, metricsPort);
            if (metrics != null) {
                out.printf("Serving metrics on http://localhost:%d/metrics and health on /health%n", metrics.port());
            }
            Upkeep upkeep = engine.upkeep();
            while (!stopped.await(Math.max(1, statusSeconds), TimeUnit.SECONDS)) {
                out.printf("%s promoted %d, recovered %d, swept %d so far%s%n",
                        engine.options().clock().instant().truncatedTo(ChronoUnit.SECONDS),
                        upkeep.promotedTotal(), upkeep.recoveredTotal(), upkeep.sweptTotal(),
                        upkeep.isFailing() ? "; Redis is not answering, retrying" : "");
            }
            out.println("Stopping the engine");
            if (metrics != null) {
                metrics.close();
            }
            if (alerts != null) {
                alerts.close();  // its watcher's daemon thread ends with the process
            }
        } finally {
            cleanedUp.countDown();
        }
        return 0;
    }

}
