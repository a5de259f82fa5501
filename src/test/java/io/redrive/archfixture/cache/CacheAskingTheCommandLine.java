package io.redrive.archfixture.cache;

import io.redrive.archfixture.cli.CommandLineCommand;

/** Breaks the rule that the cache never imports the command line. */
public final class CacheAskingTheCommandLine {
    public CommandLineCommand command;
}
