package io.redrive.console.charts;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes 8-bit RGBA PNG files (RFC 2083) from ARGB pixels, with nothing but java.util.zip: the console exports
 * chart snapshots without javafx-swing and AWT's image I/O.
 */
public final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int COLOR_TYPE_RGBA = 6;
    private static final int FILTER_SUB = 1;

    private PngEncoder() {
    }

    /**
     * @param argb {@code width × height} pixels, row by row, each {@code 0xAARRGGBB} (JavaFX's INT_ARGB format)
     */
    public static byte[] encode(int width, int height, int[] argb) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("An image needs a positive size, got " + width + "×" + height);
        }
        if (argb.length < (long) width * height) {
            throw new IllegalArgumentException("Expected " + (long) width * height + " pixels, got " + argb.length);
        }
        try {
            ByteArrayOutputStream file = new ByteArrayOutputStream(width * height + 1024);
            file.write(SIGNATURE);
            ByteArrayOutputStream header = new ByteArrayOutputStream(13);
            DataOutputStream h = new DataOutputStream(header);
            h.writeInt(width);
            h.writeInt(height);
            h.writeByte(8);               // bits per channel
            h.writeByte(COLOR_TYPE_RGBA);
            h.writeByte(0);               // deflate
            h.writeByte(0);               // adaptive filtering, one filter byte per row
            h.writeByte(0);               // not interlaced
            chunk(file, "IHDR", header.toByteArray());
            chunk(file, "IDAT", pixels(width, height, argb));
            chunk(file, "IEND", new byte[0]);
            return file.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // only in-memory streams here
        }
    }

    /** The zlib stream of the scanlines, each with the Sub filter: charts have long flat runs that it shrinks well. */
    private static byte[] pixels(int width, int height, int[] argb) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(width * height);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try (DeflaterOutputStream zip = new DeflaterOutputStream(out, deflater, 64 * 1024)) {
            byte[] row = new byte[1 + width * 4];
            for (int y = 0; y < height; y++) {
                row[0] = FILTER_SUB;
                int previous = 0;  // the pixel left of the first one counts as 0 in every channel
                for (int x = 0; x < width; x++) {
                    int p = argb[y * width + x];
                    int i = 1 + x * 4;
                    row[i] = (byte) ((p >> 16) - (previous >> 16));
                    row[i + 1] = (byte) ((p >> 8) - (previous >> 8));
                    row[i + 2] = (byte) (p - previous);
                    row[i + 3] = (byte) ((p >>> 24) - (previous >>> 24));
                    previous = p;
                }
                zip.write(row);
            }
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream file, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(file);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
