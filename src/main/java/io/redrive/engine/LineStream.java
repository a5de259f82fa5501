package io.redrive.engine;

import java.io.IOException;
import java.io.InputStream;

/**
 * A file's lines, each read as its own stream that ends at the line break, so a line of hundreds of megabytes
 * (one export line holds a whole message) is never held in memory at once. A line break byte never occurs inside
 * a UTF-8 sequence, so splitting the bytes is safe before they are decoded.
 */
final class LineStream extends InputStream {
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean endOfFile;
    private boolean endOfLine = true;
    private long number;

    LineStream(InputStream in) {
        this.in = in;
    }

    /** Skips what is left of the current line and starts the next one; false when there is none. */
    boolean next() throws IOException {
        while (!endOfLine) {
            skip(Long.MAX_VALUE);
        }
        if (endOfFile || (position == limit && !fill())) {
            return false;
        }
        endOfLine = false;
        number++;
        return true;
    }

    /** The current line's number, counting from 1. */
    long number() {
        return number;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (endOfLine) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        if (position == limit && !fill()) {
            endOfLine = true;
            return -1;
        }
        int end = Math.min(limit, position + length);
        for (int i = position; i < end; i++) {
            if (buffer[i] == '\n') {
                int n = i - position;
                System.arraycopy(buffer, position, into, offset, n);
                position = i + 1;
                endOfLine = true;
                return n > 0 ? n : -1;
            }
        }
        int n = end - position;
        System.arraycopy(buffer, position, into, offset, n);
        position = end;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n < 0) {
            endOfFile = true;
            position = limit = 0;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    /** Leaves the file open: a parser closes its line, and the caller closes the file. */
    @Override
    public void close() {
    }
}
