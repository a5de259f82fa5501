package io.redrive.cache;

import java.util.regex.Pattern;

/** Namespace names: they are part of every key, so they are kept to characters that need no escaping. */
final class Namespaces {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Namespaces() {
    }

    static String requireValid(String namespace) {
        if (namespace == null || !NAME.matcher(namespace).matches()) {
            throw new IllegalArgumentException("Invalid cache namespace '" + namespace
                    + "': use 1-64 letters, digits or . _ - starting with a letter or digit");
        }
        return namespace;
    }
}
