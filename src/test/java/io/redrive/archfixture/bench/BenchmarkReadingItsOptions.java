package io.redrive.archfixture.bench;

import io.redrive.archfixture.cli.CommandLineCommand;

/** Breaks the rule that a benchmark never depends on the command line (its command passes it plain settings). */
public final class BenchmarkReadingItsOptions {
    public CommandLineCommand options;
}
