/**
 * The command line ({@code java -jar redrive.jar <command>}): the headless engine, the demo, the consistency
 * check and the benchmarks. Each command is a small picocli class over the engine's public API.
 */
package io.redrive.cli;
