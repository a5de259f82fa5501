package io.redrive.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** A payload for reading: JSON pretty-printed, text as it is, anything else as a hex dump. */
final class PayloadView {
    /** How a payload reads. */
    enum Kind {
        JSON, TEXT, BINARY;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int BYTES_PER_LINE = 16;

    private PayloadView() {
    }

    static Kind kind(byte[] payload) {
        Optional<String> text = text(payload);
        if (text.isEmpty()) {
            return Kind.BINARY;
        }
        return json(text.get()).isPresent() ? Kind.JSON : Kind.TEXT;
    }

    /**
     * The payload for a terminal: pretty JSON, the text, or a hex dump. A payload over {@code maxBytes} shows only
     * its first {@code maxBytes} (text as stored, or the hex dump of those bytes): the caller says how to get the rest.
     */
    static String render(byte[] payload, int maxBytes) {
        Optional<String> text = text(payload);
        if (text.isEmpty()) {
            return hexDump(payload, maxBytes);
        }
        if (payload.length > maxBytes) {
            return new String(payload, 0, characterBoundary(payload, maxBytes), StandardCharsets.UTF_8);
        }
        Optional<JsonNode> json = json(text.get());
        if (json.isPresent()) {
            try {
                return STRICT.writerWithDefaultPrettyPrinter().writeValueAsString(json.get());
            } catch (JsonProcessingException e) {
                return text.get();
            }
        }
        return text.get();
    }

    /** How many bytes {@link #render} shows of this payload. */
    static int shown(byte[] payload, int maxBytes) {
        if (payload.length <= maxBytes) {
            return payload.length;
        }
        return text(payload).isPresent() ? characterBoundary(payload, maxBytes) : maxBytes;
    }

    /** At most {@code max} bytes of UTF-8, cut where a character starts rather than inside one. */
    private static int characterBoundary(byte[] utf8, int max) {
        int end = max;
        while (end > 0 && (utf8[end] & 0xc0) == 0x80) {
            end--;
        }
        return end;
    }

    /** The payload as text when it is strict UTF-8 without control characters (tabs and line breaks allowed). */
    static Optional<String> text(byte[] payload) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return Optional.empty();
            }
        }
        return Optional.of(text);
    }

    /** An object or array that parses whole; a bare number or word reads better as text. */
    private static Optional<JsonNode> json(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
            return Optional.empty();
        }
        try {
            return Optional.of(STRICT.readTree(trimmed));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Offset, sixteen bytes in hex, and the printable ones as ASCII, like {@code hexdump -C}; at most {@code maxBytes}. */
    static String hexDump(byte[] payload, int maxBytes) {
        int shown = Math.min(payload.length, maxBytes);
        StringBuilder out = new StringBuilder();
        for (int offset = 0; offset < shown; offset += BYTES_PER_LINE) {
            int end = Math.min(shown, offset + BYTES_PER_LINE);
            out.append(String.format(Locale.ROOT, "%08x ", offset));
            StringBuilder ascii = new StringBuilder();
            for (int i = offset; i < offset + BYTES_PER_LINE; i++) {
                if (i % 8 == 0) {
                    out.append(' ');
                }
                if (i < end) {
                    int b = payload[i] & 0xff;
                    out.append(String.format(Locale.ROOT, "%02x ", b));
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    out.append("   ");
                }
            }
            out.append(" |").append(ascii).append("|\n");
        }
        return out.toString();
    }
}
