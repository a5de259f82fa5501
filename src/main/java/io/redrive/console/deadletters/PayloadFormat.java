package io.redrive.console.deadletters;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.redrive.console.Styles;
import io.redrive.engine.OutgoingMessage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a payload is shown and checked: JSON pretty-printed (numbers and strings exactly as written) with its
 * tokens for highlighting, other text as it is, binary as a hex dump. Pure functions, no toolkit.
 */
final class PayloadFormat {
    /** What kind of content a payload holds. */
    enum Kind { JSON, TEXT, BINARY }

    /** A payload ready to show. */
    record Rendered(Kind kind, String text) { }

    /** A highlighted run of text: [start, end) with one of the {@code Styles.JSON_*} classes. */
    record Token(int start, int end, String styleClass) { }

    /** Past this, a hex dump stops: nobody reads more, and the text area stays light. */
    static final int HEX_DUMP_LIMIT = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private PayloadFormat() {
    }

    static Rendered render(byte[] payload) {
        if (isBinary(payload)) {
            return new Rendered(Kind.BINARY, hexDump(payload, HEX_DUMP_LIMIT));
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        if (!text.isBlank() && jsonError(text).isEmpty()) {
            return new Rendered(Kind.JSON, pretty(text));
        }
        return new Rendered(Kind.TEXT, text);
    }

    /**
     * Why the text is not JSON, in words ("line 3, column 14: expected a comma between two entries"), or empty when
     * it is. The same rule as the engine's: every token must parse.
     */
    static Optional<String> jsonError(String text) {
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
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("Unrecognized token '([^']*)'").matcher(m);
        if (token.find()) return "unexpected '" + token.group(1) + "': expected a value (a string in double quotes, a number, true, false, null, {} or [])";
        java.util.regex.Matcher character = java.util.regex.Pattern.compile("Unexpected character \\('(.+?)' \\(code").matcher(m);
        if (character.find()) return "unexpected character '" + character.group(1) + "': expected a value";
        if (m.startsWith("Unexpected end-of-input")) return "the text ends too early";
        return m.lines().findFirst().orElse("not valid JSON");
    }

    /**
     * Whether an edit of this message must be JSON: its content type says so, or, without one, its payload is
     * JSON now (the engine refuses anything else in both cases).
     */
    static boolean mustBeJson(byte[] currentPayload, Map<String, String> headers) {
        String type = headers.get(OutgoingMessage.CONTENT_TYPE);
        if (type != null) {
            return type.toLowerCase(Locale.ROOT).contains("json");
        }
        return !isBinary(currentPayload) && currentPayload.length > 0
                && jsonError(new String(currentPayload, StandardCharsets.UTF_8)).isEmpty();
    }

    /** Not UTF-8, or control characters other than tabs and line breaks. */
    static boolean isBinary(byte[] payload) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                return true;
            }
        }
        return false;
    }

    /** Sixteen bytes a line: offset, hex, and the printable ASCII beside it. */
    static String hexDump(byte[] bytes, int limit) {
        int shown = Math.min(bytes.length, limit);
        StringBuilder out = new StringBuilder(shown * 4 + 64);
        for (int line = 0; line < shown; line += 16) {
            out.append(String.format("%08x  ", line));
            StringBuilder ascii = new StringBuilder(16);
            for (int i = 0; i < 16; i++) {
                if (line + i < shown) {
                    int b = bytes[line + i] & 0xff;
                    out.append(String.format("%02x ", b));
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    out.append("   ");
                }
                if (i == 7) {
                    out.append(' ');
                }
            }
            out.append(" |").append(ascii).append("|\n");
        }
        if (shown < bytes.length) {
            out.append(String.format("… %,d more bytes not shown%n", bytes.length - shown));
        }
        return out.toString();
    }

    /**
     * Re-indents JSON by two spaces, keeping every scalar exactly as written (so 1.10 stays 1.10). Call with text
     * that parses; anything else comes back re-flowed but unchanged in content.
     */
    static String pretty(String json) {
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

    /**
     * The highlighted runs of a JSON text: keys, strings, numbers, literals and punctuation. Text that is not
     * JSON still gets its string and number runs; nothing here throws.
     */
    static List<Token> highlight(String json) {
        List<Token> tokens = new ArrayList<>();
        int n = json.length();
        int i = 0;
        while (i < n) {
            char c = json.charAt(i);
            if (c == '"') {
                int end = stringEnd(json, i);
                int after = skipSpace(json, end);
                boolean key = after < n && json.charAt(after) == ':';
                tokens.add(new Token(i, end, key ? Styles.JSON_KEY : Styles.JSON_STRING));
                i = end;
            } else if (c == '-' || Character.isDigit(c)) {
                int end = i + 1;
                while (end < n && "0123456789.eE+-".indexOf(json.charAt(end)) >= 0) {
                    end++;
                }
                tokens.add(new Token(i, end, Styles.JSON_NUMBER));
                i = end;
            } else if (Character.isLetter(c)) {
                int end = i + 1;
                while (end < n && Character.isLetter(json.charAt(end))) {
                    end++;
                }
                String word = json.substring(i, end);
                if (word.equals("true") || word.equals("false") || word.equals("null")) {
                    tokens.add(new Token(i, end, Styles.JSON_LITERAL));
                }
                i = end;
            } else if ("{}[],:".indexOf(c) >= 0) {
                tokens.add(new Token(i, i + 1, Styles.JSON_PUNCTUATION));
                i++;
            } else {
                i++;
            }
        }
        return tokens;
    }

    /** The index just past the string literal starting at {@code start} (or the end of the text if unclosed). */
    private static int stringEnd(String s, int start) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else if (c == '\n') {
                return i;  // an unclosed string in text being typed: do not colour the rest of the document
            } else {
                i++;
            }
        }
        return Math.min(i, s.length());
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
