/**
 * The benchmarks behind {@code redrive bench ...}: the engine's rates beside a raw Redis ceiling
 * ({@link io.redrive.bench.EngineBenchmark}), dead-letter pages and bulk operations
 * ({@link io.redrive.bench.DlqBenchmark}), the cache helper ({@link io.redrive.bench.CacheBenchmark}), the
 * console driven headless ({@link io.redrive.bench.ConsoleBenchmark}, {@link io.redrive.bench.ChartBenchmark}), and
 * an alert evaluation tick ({@link io.redrive.bench.AlertBenchmark}).
 * Each takes plain settings and prints JSON lines through {@link io.redrive.bench.BenchOutput}. The commands that
 * read the options stay in {@code io.redrive.cli}, the only package that depends on this one; a benchmark never
 * depends on the command line, and the console never depends on a benchmark (both held by {@code ArchitectureTest}).
 */
package io.redrive.bench;
