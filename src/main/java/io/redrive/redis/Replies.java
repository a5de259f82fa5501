package io.redrive.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads the values of a Lua script's reply (Long, byte[], List or null). */
public final class Replies {
    private Replies() {
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object reply) {
        return reply == null ? List.of() : (List<Object>) reply;
    }

    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
    }

    /** A number; a script's integer reply arrives wrapped in a one-element list. */
    public static long number(Object value) {
        if (value instanceof List<?> list && list.size() == 1) {
            value = list.get(0);
        }
        if (value == null) {
            return 0;
        }
        return value instanceof Number n ? n.longValue() : Long.parseLong(text(value));
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
