package io.redrive.cli;

import io.redrive.demo.DemoWorkload;
import io.redrive.demo.EmbeddedRedis;
import io.redrive.engine.Engine;
import io.redrive.engine.QueueCounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs the simulated document-processing backend, on an embedded Redis unless one is given. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Simulate a document-processing backend (queues documents, summaries, embeddings, graph) "
                + "that fails at realistic rates, on an embedded Redis unless --redis or REDIS_URL is given. "
                + "Ctrl-C stops it.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    RedisOptions redis = new RedisOptions();

    @Option(names = "--rate", paramLabel = "N", defaultValue = "20",
            description = "Documents uploaded per second (default: ${DEFAULT-VALUE})")
    int rate = 20;

    @Option(names = "--failure-rate", paramLabel = "F", defaultValue = "0.15",
            description = "Share of attempts that fail, 0 to 1 (default: ${DEFAULT-VALUE})")
    double failureRate = 0.15;

    @Option(names = "--status-every", paramLabel = "SECONDS", defaultValue = "5",
            description = "Print the queues' counts every this many seconds (default: ${DEFAULT-VALUE})")
    int statusSeconds = 5;

    @Override
    public Integer call() throws InterruptedException {
        if (redis.prefix == null) {
            redis.prefix = "redrive";
        }
        EmbeddedRedis embedded = redis.given() ? null : EmbeddedRedis.start();
        if (embedded != null) {
            redis.url = embedded.url();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ShutdownHooks.stopAndWait(stopped, cleanedUp), "redrive-shutdown"));
        try (Engine engine = Engine.connect(redis.engineOptions().build());
             DemoWorkload workload = new DemoWorkload(engine, rate, failureRate)) {
            System.out.printf("Redrive demo on %s%s: %d documents/s, %.0f%% of attempts fail. Ctrl-C stops it.%n",
                    engine.redisUrl(), embedded != null ? " (embedded redis-server)" : "", rate, failureRate * 100);
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
}
