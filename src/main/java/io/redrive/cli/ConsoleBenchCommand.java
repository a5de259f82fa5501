package io.redrive.cli;

import io.redrive.bench.BenchOutput;
import io.redrive.bench.ChartBenchmark;
import io.redrive.bench.ConsoleBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code redrive bench console}: the dead-letters screen over a large DLQ, headless. */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Measure the console headless over a large DLQ: first page, last page, filter, heap, the "
                + "longest FX-thread stall during a bulk replay, and the hit-rate chart's update and frame time with "
                + "a day of per-second points; one JSON object per line, then the medians.")
final class ConsoleBenchCommand implements Callable<Integer> {
    @Mixin
    RedisOptions redis;

    @Option(names = "--dead-letters", defaultValue = "1000000", description = "Dead letters to seed (default: ${DEFAULT-VALUE})")
    int deadLetters;

    @Option(names = "--runs", defaultValue = "5", description = "Runs; medians are printed at the end (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", defaultValue = "20000",
            description = "Dead letters of an unreported first run, so that the measured runs find the JIT warm, as "
                    + "a console that has been open a while does; its first page is printed as "
                    + "console.first_page.cold_jvm (0: no warm-up; default: ${DEFAULT-VALUE})")
    int warmup;

    @Override
    public Integer call() throws Exception {
        BenchOutput out = new BenchOutput(System.out);
        String url = redis.given() ? redis.engineOptions().build().redisUrl() : null;
        if (warmup > 0) {
            Map<String, Double> cold = ConsoleBenchmark.run(url, warmup, warmup / 5);
            out.line("console.first_page.cold_jvm", cold.get("console.first_page"), "ms", 0);
        }
        for (int run = 1; run <= runs; run++) {
            for (Map.Entry<String, Double> figure : ConsoleBenchmark.run(url, deadLetters, deadLetters / 5).entrySet()) {
                out.line(figure.getKey(), figure.getValue(), figure.getKey().endsWith("heap_used") ? "MB" : "ms", run);
            }
            // the hit-rate chart with a day of per-second points for the five namespaces (432,000 points)
            ChartBenchmark.Result chart = ChartBenchmark.run(5, 86_400);
            out.line("console.chart.update_fx", chart.updateMedian(), "ms", run);
            out.line("console.chart.update_fx.p99", chart.updateP99(), "ms", run);
            out.line("console.chart.frame", chart.frameMedian(), "ms", run);
            out.line("console.chart.updates_per_second", chart.updatesPerSecond(), "updates/s", run);
        }
        out.medians();
        System.exit(0);  // the JavaFX toolkit keeps the JVM alive otherwise
        return 0;
    }
}
