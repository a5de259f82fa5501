package io.redrive.cli;

import io.redrive.bench.CacheBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code redrive bench cache}: the options of {@link CacheBenchmark}, which does the measuring. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "Measure cache hit latency against a raw GET, near-cache hits, throughput, and a Zipf workload's "
                + "hit rate; prints one JSON object per line, then the medians over the runs.")
final class CacheBenchCommand implements Callable<Integer> {
    @Mixin
    RedisOptions redis;

    @Option(names = "--runs", defaultValue = "3", description = "Runs; medians are printed at the end (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--samples", defaultValue = "20000", description = "Timed reads per latency figure (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--requests", defaultValue = "300000", description = "Requests in the Zipf workload (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--keys", defaultValue = "5000", description = "Distinct keys per namespace in the workload (default: ${DEFAULT-VALUE})")
    int keysPerNamespace;

    @Option(names = "--zipf", defaultValue = "1.0", description = "Zipf exponent of key popularity (default: ${DEFAULT-VALUE})")
    double zipf;

    @Option(names = "--threads", defaultValue = "4", description = "Threads for the throughput and workload figures (default: ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() throws Exception {
        String url = redis.given() ? redis.engineOptions().build().redisUrl() : null;
        new CacheBenchmark(new CacheBenchmark.Settings(url, runs, samples, requests, keysPerNamespace, zipf, threads)).run();
        return 0;
    }
}
