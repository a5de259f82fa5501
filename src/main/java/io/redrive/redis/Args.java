package io.redrive.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds a script's ARGV: Lua receives every argument as a byte string. */
public final class Args {
    private final List<byte[]> values = new ArrayList<>();

    public Args add(byte[] value) {
        values.add(value);
        return this;
    }

    public Args add(String value) {
        values.add(value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public Args add(long value) {
        return add(Long.toString(value));
    }

    public Args add(double value) {
        return add(Double.toString(value));
    }

    public List<byte[]> list() {
        return values;
    }
}
