package io.redrive.cli;

import io.redrive.bench.DlqBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code redrive bench dlq}: the options of {@link DlqBenchmark}, which does the measuring. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Measure dead-letter page latencies over a large DLQ and bulk replay, purge and export rates; "
                + "prints one JSON object per line, then the medians over the runs.")
final class DlqBenchCommand implements Callable<Integer> {
    @Mixin
    RedisOptions redis;

    @Option(names = "--dead-letters", defaultValue = "1000000", description = "Dead letters to seed (default: ${DEFAULT-VALUE})")
    int deadLetters;

    @Option(names = "--bulk", defaultValue = "100000", description = "Messages per bulk replay and purge run (default: ${DEFAULT-VALUE})")
    int bulk;

    @Option(names = "--runs", defaultValue = "3", description = "Runs; medians are printed at the end (default: ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() throws Exception {
        if ((long) 2 * bulk * runs > deadLetters) {
            throw new IllegalArgumentException("--dead-letters must hold at least 2 x --bulk x --runs dead letters");
        }
        String url = redis.given() ? redis.engineOptions().build().redisUrl() : null;
        new DlqBenchmark(new DlqBenchmark.Settings(url, deadLetters, bulk, runs)).run();
        return 0;
    }
}
