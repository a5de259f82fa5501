/**
 * The command line ({@code java -jar redrive.jar <command>}), one picocli class per command over the public API of
 * the engine and the cache helper: the console launcher (the default command), the headless engine and demo, the
 * consistency check and repair, the dead-letter operations ({@code dlq ...}), the audit log, the cache's
 * statistics, TTLs and invalidation ({@code cache ...}), and the benchmarks ({@code bench ...}, whose commands read
 * the options and hand plain settings to {@code io.redrive.bench}). A failure prints one plain sentence and exits 1
 * (2 for bad usage).
 */
package io.redrive.cli;
