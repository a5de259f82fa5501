package io.redrive.cache;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * How a value is stored: a marker byte, a format byte (plain or deflated), then the codec's bytes. The marker
 * lets a read tell a Redrive value from anything else under the key, and the format byte makes compression
 * transparent: values over the threshold are stored deflated and read back whole.
 */
final class StoredValue {
    static final byte MARKER = 'R';
    static final byte PLAIN = 0;
    static final byte DEFLATED = 1;

    private StoredValue() {
    }

    static byte[] wrap(byte[] encoded, int compressionThreshold) {
        if (encoded.length > compressionThreshold) {
            byte[] deflated = deflate(encoded);
            if (deflated.length < encoded.length) {
                return withHeader(DEFLATED, deflated);
            }
        }
        return withHeader(PLAIN, encoded);
    }

    /** @throws CorruptValueException when the bytes are not a stored value */
    static byte[] unwrap(byte[] stored) {
        if (stored.length < 2 || stored[0] != MARKER) {
            throw new CorruptValueException("it does not start with Redrive's marker");
        }
        byte[] body = Arrays.copyOfRange(stored, 2, stored.length);
        return switch (stored[1]) {
            case PLAIN -> body;
            case DEFLATED -> inflate(body);
            default -> throw new CorruptValueException("unknown format " + stored[1]);
        };
    }

    static boolean isCompressed(byte[] stored) {
        return stored.length >= 2 && stored[0] == MARKER && stored[1] == DEFLATED;
    }

    private static byte[] withHeader(byte format, byte[] body) {
        byte[] out = new byte[body.length + 2];
        out[0] = MARKER;
        out[1] = format;
        System.arraycopy(body, 0, out, 2, body.length);
        return out;
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 4));
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] data) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 4);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new CorruptValueException("its compressed data is cut short");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new CorruptValueException("its compressed data is damaged (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    /** A value in Redis that cannot be read back. */
    static final class CorruptValueException extends RuntimeException {
        CorruptValueException(String reason) {
            super(reason);
        }
    }
}
