package io.redrive.engine;

/** Words for a key of the wrong type, as the consistency check reports it. */
final class DamageWords {
    private DamageWords() {
    }

    /** The sentence for a damaged key, with the redis-cli commands an operator could use to look at and remove it. */
    static String wrongType(String key, String type, String holds) {
        return "Key '" + key + "' is " + article(typeName(type)) + ", but Redrive keeps " + article(typeName(holds))
                + " there; Redrive leaves it alone. Look at it with: redis-cli TYPE '" + key + "', and if it holds nothing"
                + " you need, remove it with: redis-cli DEL '" + key + "'";
    }

    private static String typeName(String type) {
        return switch (type) {
            case "zset" -> "sorted set";
            case "hash", "string", "list", "set", "stream" -> type;
            default -> "value of type " + type;
        };
    }

    private static String article(String noun) {
        return (noun.startsWith("a") || noun.startsWith("e") || noun.startsWith("i") || noun.startsWith("o") ? "an " : "a ") + noun;
    }
}
