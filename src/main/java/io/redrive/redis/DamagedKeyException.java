package io.redrive.redis;

/**
 * A Redrive script met a key that holds another type of value than Redrive keeps there. The message is a sentence
 * for an operator; it says nothing was changed only when that is true (the script checked before writing).
 */
public final class DamagedKeyException extends RuntimeException {
    private final String key;

    DamagedKeyException(String message, String key, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The damaged key, or null when Redis did not say which key it was. */
    public String key() {
        return key;
    }

    /** From a script's "DAMAGEDKEY found expected key" error: the script stopped before its first write. */
    static DamagedKeyException checked(String found, String expected, String key, Throwable cause) {
        return new DamagedKeyException("Redis key '" + key + "' is " + article(found) + ", but Redrive keeps "
                + article(expected) + " there; nothing was changed. Run `redrive check` to see what else is damaged.",
                key, cause);
    }

    /** A WRONGTYPE that no check caught: the script may have written before it, so that is what the sentence says. */
    static DamagedKeyException unchecked(String script, Throwable cause) {
        return new DamagedKeyException("Redrive's script '" + script + "' met a Redis key holding the wrong type of"
                + " value; some of its changes may have been kept. Run `redrive check` to see what is damaged.",
                null, cause);
    }

    private static String article(String type) {
        return switch (type) {
            case "zset" -> "a sorted set";
            case "hash" -> "a hash";
            case "list" -> "a list";
            case "set" -> "a set";
            case "string" -> "a string";
            case "stream" -> "a stream";
            default -> "a " + type;
        };
    }
}
