package io.redrive.console.deadletters;

import io.redrive.console.Styles;
import io.redrive.engine.Payloads;

import java.util.ArrayList;
import java.util.List;

/**
 * The dead-letter screen's side of showing a payload: the engine's {@link Payloads} decides how it reads; this adds
 * the screen's choices (text always whole, since the editor starts from it; a hex dump capped) and JSON highlighting.
 */
final class PayloadFormat {
    /** A highlighted run of text: [start, end) with one of the {@code Styles.JSON_*} classes. */
    record Token(int start, int end, String styleClass) { }

    private PayloadFormat() {
    }

    /** The payload as the screen shows it; a binary one past the display limit ends with how much is not shown. */
    static Payloads.Shown render(byte[] payload) {
        boolean binary = Payloads.kind(payload) == Payloads.Kind.BINARY;
        Payloads.Shown shown = Payloads.show(payload, binary ? Payloads.DISPLAY_LIMIT : payload.length);
        if (shown.shownBytes() < payload.length) {
            return new Payloads.Shown(shown.kind(), shown.text()
                    + String.format("… %,d more bytes not shown%n", payload.length - shown.shownBytes()), shown.shownBytes());
        }
        return shown;
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
                int end = Payloads.stringEnd(json, i);
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

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

}
