package io.redrive.cli;

import io.redrive.bench.AlertBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code redrive bench alerts}: the options of {@link AlertBenchmark}, which does the measuring. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Measure what one alert evaluation tick costs with many rules over many queues: Redis's own "
                + "time for the tick's commands (INFO commandstats, so use a Redis nothing else uses meanwhile), "
                + "wall time and commands per tick; prints one JSON object per line, then the medians over the runs "
                + "and the Redis time against the 5 ms target.")
final class AlertBenchCommand implements Callable<Integer> {
    @Mixin
    RedisOptions redis;

    @Option(names = "--queues", defaultValue = "50", description = "Queues to seed (default: ${DEFAULT-VALUE})")
    int queues;

    @Option(names = "--rules", defaultValue = "50", description = "Alert rules, spread over the kinds (default: ${DEFAULT-VALUE})")
    int rules;

    @Option(names = "--dead-letters", defaultValue = "200",
            description = "Dead letters seeded per queue, as many messages again succeed (default: ${DEFAULT-VALUE})")
    int deadLetters;

    @Option(names = "--ticks", defaultValue = "20", description = "Ticks measured per run (default: ${DEFAULT-VALUE})")
    int ticks;

    @Option(names = "--warmup", defaultValue = "5", description = "Unreported ticks before the runs (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--runs", defaultValue = "3", description = "Runs; medians are printed at the end (default: ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() throws Exception {
        String url = redis.given() ? redis.engineOptions().build().redisUrl() : null;
        new AlertBenchmark(new AlertBenchmark.Settings(url, queues, rules, deadLetters, ticks, warmup, runs)).run(System.out);
        return 0;
    }
}
