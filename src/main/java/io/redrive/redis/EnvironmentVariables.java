package io.redrive.redis;

import java.util.Map;
import java.util.function.Function;

/**
 * Reads settings from environment variables, shared by the engine's and the cache helper's options so both read
 * {@code REDIS_URL} and whole numbers the same way and fail with the same sentence.
 */
public final class EnvironmentVariables {

    /** Where Redis is when {@code REDIS_URL} is not set. */
    public static final String DEFAULT_REDIS_URL = "redis://localhost:6379";

    private EnvironmentVariables() {
    }

    /** {@code REDIS_URL}, or {@link #DEFAULT_REDIS_URL} when it is unset or blank. */
    public static String redisUrl(Map<String, String> env) {
        return env.getOrDefault("REDIS_URL", "").isBlank() ? DEFAULT_REDIS_URL : env.get("REDIS_URL").trim();
    }

    /** Reads a whole-number setting, failing with the variable's name when it is not one. */
    public static int intSetting(Map<String, String> env, String name, int defaultValue, int min) {
        return setting(env, name, defaultValue, text -> {
            int value = Integer.parseInt(text);
            if (value < min) {
                throw new NumberFormatException();
            }
            return value;
        }, "a whole number of at least " + min);
    }

    /** Reads a setting with {@code parse}; unset or blank gives the default, a bad value names the variable. */
    public static <T> T setting(Map<String, String> env, String name, T defaultValue, Function<String, T> parse,
                                String expected) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            return parse.apply(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " must be " + expected + ", got '" + text + "'", e);
        }
    }
}
