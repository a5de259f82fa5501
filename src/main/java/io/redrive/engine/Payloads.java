package io.redrive.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a payload reads, for the console and the command line alike: JSON (an object or array) re-indented with every
 * scalar kept as written, other text as it is, anything else as a hex dump. Also the one rule for whether an edit
 * must stay JSON, and why a text is not JSON in plain words. Pure functions.
 */
public final class Payloads {
    /** What a payload holds, as far as showing it goes. */
    public enum Kind {
        JSON, TEXT, BINARY;

        /** The lower-case word for listings and JSON output ("json", "text", "binary"). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A payload ready to show: its kind, the text, and how many of its bytes that text covers. */
    public record Shown(Kind kind, String text, int shownBytes) {
    }

    /** Past this, a screen or terminal shows only the start of a payload: nobody reads more, and views stay light. */
    public static final int DISPLAY_LIMIT = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactory();
    private static final int BYTES_PER_LINE = 16;
    private static final Pattern UNRECOGNIZED = Pattern.compile("Unrecognized token '([^']*)'");
    private static final Pattern UNEXPECTED = Pattern.compile("Unexpected character \\('(.+?)' \\(code");

    private Payloads() {
    }

    public static Kind kind(byte[] payload) {
        Optional<String> text = text(payload);
        if (text.isEmpty()) {
            return Kind.BINARY;
        }
        return isJsonDocument(text.get()) ? Kind.JSON : Kind.TEXT;
    }

    /**
     * The payload to read, at most {@code maxBytes} of it: pretty JSON when it is JSON and shown whole, the text
     * (cut where a character starts) or a hex dump of the first bytes. The caller says how to get the rest.
     */
    public static Shown show(byte[] payload, int maxBytes) {
        Optional<String> text = text(payload);
        if (text.isEmpty()) {
            return new Shown(Kind.BINARY, hexDump(payload, maxBytes), Math.min(payload.length, maxBytes));
        }
        boolean json = isJsonDocument(text.get());
        Kind kind = json ? Kind.JSON : Kind.TEXT;
        if (payload.length > maxBytes) {
            int end = characterBoundary(payload, maxBytes);
            return new Shown(kind, new String(payload, 0, end, StandardCharsets.UTF_8), end);
        }
        return new Shown(kind, json ? pretty(text.get()) : text.get(), payload.length);
    }

    /** The payload as text when it is strict UTF-8 without control characters (tabs and line breaks allowed). */
    public static Optional<String> text(byte[] payload) {
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
    private static boolean isJsonDocument(String text) {
        String trimmed = text.strip();
        return (trimmed.startsWith("{") || trimmed.startsWith("[")) && jsonError(trimmed).isEmpty();
    }

    /**
     * Whether an edit of this message must be JSON: its content type says so, or, without one, its payload is
     * JSON now. The engine refuses an edit that breaks this, and the console checks it while the operator types.
     */
    public static boolean mustBeJson(byte[] currentPayload, Map<String, String> headers) {
        String type = headers.get(OutgoingMessage.CONTENT_TYPE);
        if (type != null) {
            return type.toLowerCase(Locale.ROOT).contains("json");
        }
        return currentPayload.length > 0 && text(currentPayload).map(t -> jsonError(t).isEmpty()).orElse(false);
    }

    /**
     * Why the text is not JSON, in words ("line 3, column 14: expected a comma between two entries"), or empty when
     * it is: every token must parse, and nothing may follow the value.
     */
    public static Optional<String> jsonError(String text) {
        if (text.isBlank()) {
            return Optional.of("line 1, column 1: the payload is empty; JSON needs at least a value such as {}");
        }
        int depth = 0;
        boolean rootDone = false;
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
                rootDone = depth == 0;
            }
            return Optional.empty();
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            String why = rootDone ? "unexpected text after the end of the JSON value" : plainWords(e.getOriginalMessage());
            return Optional.of(where == null ? why : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + why);
        } catch (IOException e) {
            return Optional.of("the payload could not be read");
        }
    }

    /** Jackson's message for a parse error, said plainly for the common mistakes; its first line otherwise. */
    static String plainWords(String jackson) {
        String m = jackson == null ? "" : jackson;
        if (m.contains("comma to separate Object entries")) return "expected a comma between two entries";
        if (m.contains("comma to separate Array entries")) return "expected a comma between two items of the list";
        if (m.contains("closing quote")) return "a string is not closed: a closing \" is missing";
        if (m.contains("close marker for Object")) return "an object is not closed: a } is missing";
        if (m.contains("close marker for Array")) return "a list is not closed: a ] is missing";
        if (m.startsWith("Unexpected close marker")) return "unexpected " + m.charAt("Unexpected close marker '".length()) + " with nothing open to close";
        if (m.contains("double-quote to start field name")) return "expected a field name in double quotes (or a stray comma before })";
        if (m.contains("colon to separate field name")) return "expected a colon between the field name and its value";
        if (m.contains("Illegal unquoted character")) return "a line break or control character inside a string must be escaped";
        if (m.contains("Leading zeroes")) return "a number cannot start with 0";
        Matcher token = UNRECOGNIZED.matcher(m);
        if (token.find()) return "unexpected '" + token.group(1) + "': expected a value (a string in double quotes, a number, true, false, null, {} or [])";
        Matcher character = UNEXPECTED.matcher(m);
        if (character.find()) return "unexpected character '" + character.group(1) + "': expected a value";
        if (m.startsWith("Unexpected end-of-input")) return "the text ends too early";
        return m.lines().findFirst().orElse("not valid JSON");
    }

    /** Offset, sixteen bytes in hex, and the printable ones as ASCII, like {@code hexdump -C}; at most {@code maxBytes}. */
    public static String hexDump(byte[] payload, int maxBytes) {
        int shown = Math.min(payload.length, maxBytes);
        StringBuilder out = new StringBuilder(shown * 4 + 64);
        for (int offset = 0; offset < shown; offset += BYTES_PER_LINE) {
            int end = Math.min(shown, offset + BYTES_PER_LINE);
            out.append(String.format(Locale.ROOT, "%08x ", offset));
            StringBuilder ascii = new StringBuilder(BYTES_PER_LINE);
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

    /**
     * Re-indents JSON by two spaces, keeping every scalar exactly as written (so 1.10 stays 1.10). Call with text
     * that parses; anything else comes back re-flowed but unchanged in content.
     */
    public static String pretty(String json) {
        StringBuilder out = new StringBuilder(json.length() + json.length() / 4);
        int depth = 0;
        int i = 0;
        int n = json.length();
        while (i < n) {
            char c = json.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            switch (c) {
                case '{', '[' -> {
                    int next = skipSpace(json, i + 1);
                    char close = c == '{' ? '}' : ']';
                    if (next < n && json.charAt(next) == close) {
                        out.append(c).append(close);  // an empty object or array stays on its line
                        i = next + 1;
                    } else {
                        out.append(c);
                        depth++;
                        newLine(out, depth);
                        i++;
                    }
                }
                case '}', ']' -> {
                    depth = Math.max(0, depth - 1);
                    newLine(out, depth);
                    out.append(c);
                    i++;
                }
                case ',' -> {
                    out.append(',');
                    if (depth == 0) {
                        out.append(' ');
                    } else {
                        newLine(out, depth);
                    }
                    i++;
                }
                case ':' -> {
                    out.append(": ");
                    i++;
                }
                case '"' -> {
                    int end = stringEnd(json, i);
                    out.append(json, i, end);
                    i = end;
                }
                default -> {
                    int end = i;
                    while (end < n && !Character.isWhitespace(json.charAt(end)) && ",:{}[]\"".indexOf(json.charAt(end)) < 0) {
                        end++;
                    }
                    if (depth == 0 && out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                        out.append('\n');  // a second root value
                    }
                    out.append(json, i, end);
                    i = end;
                }
            }
        }
        return out.toString();
    }

    /** The index just past the string literal starting at {@code start} (or where a line or the text ends if unclosed). */
    public static int stringEnd(String s, int start) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else if (c == '\n') {
                return i;  // an unclosed string in text being typed: do not run on into the rest of the document
            } else {
                i++;
            }
        }
        return Math.min(i, s.length());
    }

    /** At most {@code max} bytes of UTF-8, cut where a character starts rather than inside one. */
    private static int characterBoundary(byte[] utf8, int max) {
        int end = max;
        while (end > 0 && (utf8[end] & 0xc0) == 0x80) {
            end--;
        }
        return end;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void newLine(StringBuilder out, int depth) {
        out.append('\n');
        out.append("  ".repeat(depth));
    }
}
