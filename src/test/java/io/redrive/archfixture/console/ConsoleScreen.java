package io.redrive.archfixture.console;

import io.redrive.archfixture.redis.RedisCallingTheEngine;

/** Closes a package cycle: console → redis → engine → console. */
public final class ConsoleScreen {
    public RedisCallingTheEngine redis;
}
