package io.redrive.cli;

import picocli.CommandLine.Command;

/** {@code redrive bench <area>}: benchmarks that print one JSON object per line. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark; each prints one JSON object per line with name, value and unit.",
        subcommands = {EngineBenchCommand.class, DlqBenchCommand.class, CacheBenchCommand.class, ConsoleBenchCommand.class,
                AlertBenchCommand.class})
final class BenchCommand {
}
