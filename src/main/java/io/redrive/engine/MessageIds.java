package io.redrive.engine;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Message ids: 26 characters of Crockford base32, 50 bits of milliseconds then 80 random bits, so ids sort by
 * creation time and do not collide across processes.
 */
final class MessageIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private MessageIds() {
    }

    static String next(Clock clock) {
        char[] id = new char[26];
        fill(id, 0, 10, clock.millis());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        fill(id, 10, 8, random.nextLong());
        fill(id, 18, 8, random.nextLong());
        return new String(id);
    }

    /** Writes the low {@code 5 × count} bits of {@code bits} as base32, most significant first. */
    private static void fill(char[] id, int from, int count, long bits) {
        for (int i = from + count - 1; i >= from; i--) {
            id[i] = ALPHABET[(int) (bits & 31)];
            bits >>>= 5;
        }
    }
}
