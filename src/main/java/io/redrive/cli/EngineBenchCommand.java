package io.redrive.cli;

import io.redrive.bench.EngineBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Set;
import java.util.concurrent.Callable;

/** {@code redrive bench engine}: the options of {@link EngineBenchmark}, which does the measuring. */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Measure enqueue, end-to-end and failure-path rates and a raw Redis ceiling; "
                + "prints one JSON object per line, then the medians over the runs.")
final class EngineBenchCommand implements Callable<Integer> {
    @Mixin
    RedisOptions redis;

    @Option(names = "--messages", defaultValue = "100000", description = "Messages per measurement (default: ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--payload-bytes", defaultValue = "1024", description = "Payload size (default: ${DEFAULT-VALUE})")
    int payloadBytes;

    @Option(names = "--runs", defaultValue = "3", description = "Runs; medians are printed at the end (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--concurrency", defaultValue = "8", description = "Worker handler threads (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--batch-size", defaultValue = "200", description = "Messages a worker leases per call (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--workers", defaultValue = "1", description = "Workers consuming each queue (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--warmup", defaultValue = "20000",
            description = "Messages pushed through every measurement once before the runs, unreported, so that the "
                    + "JIT has compiled the hot paths (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--only", split = ",", paramLabel = "FIGURE",
            description = "Measure only these of raw, enqueue, end_to_end, failure_path (default: all)")
    Set<String> only = Set.of("raw", "enqueue", "end_to_end", "failure_path");

    @Override
    public Integer call() throws Exception {
        String url = redis.given() ? redis.engineOptions().build().redisUrl() : null;
        new EngineBenchmark(new EngineBenchmark.Settings(url, messages, payloadBytes, runs, concurrency, batchSize,
                workers, warmup, only)).run();
        return 0;
    }
}
