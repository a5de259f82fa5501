package io.redrive.archfixture.console;

import io.lettuce.core.RedisClient;

/** Breaks the rule that the console holds no Lettuce type. */
public final class ScreenHoldingLettuce {
    public RedisClient client;
}
