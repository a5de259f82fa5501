package io.redrive.archfixture.console;

import io.redrive.archfixture.bench.BenchmarkReadingItsOptions;

/** Breaks the rule that nothing but the command line depends on the benchmarks. */
public final class ScreenRunningABenchmark {
    public BenchmarkReadingItsOptions benchmark;
}
