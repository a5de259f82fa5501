package io.redrive.archfixture.cli;

/** A command-line class for the cache fixture to depend on wrongly. */
public final class CommandLineCommand {
}
