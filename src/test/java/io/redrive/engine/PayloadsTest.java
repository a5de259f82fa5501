package io.redrive.engine;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The one rule for how a payload reads, shared by the console and the command line. */
class PayloadsTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonIsIndentedWithEveryScalarKeptAsWritten() {
        String pretty = Payloads.pretty("{\"total\":12.50,\"tags\":[],\"lines\":[{\"sku\":\"a,b\"},{}],\"ok\":true}");

        assertThat(pretty).isEqualTo("""
                {
                  "total": 12.50,
                  "tags": [],
                  "lines": [
                    {
                      "sku": "a,b"
                    },
                    {}
                  ],
                  "ok": true
                }""");
    }

    @Test
    void aParseErrorSaysWhereItIs() {
        assertThat(Payloads.jsonError("{\n  \"a\": tru\n}")).hasValueSatisfying(why -> assertThat(why).startsWith("line 2, column"));
        assertThat(Payloads.jsonError("{\"a\": 1}")).isEmpty();
    }

    @Test
    void parseErrorsAreSaidInPlainWordsWithTheirLineAndColumn() {
        assertThat(Payloads.jsonError("{\n  \"a\": 1\n  \"b\": 2\n}")).hasValue("line 3, column 3: expected a comma between two entries");
        assertThat(Payloads.jsonError("[1 2]")).hasValue("line 1, column 4: expected a comma between two items of the list");
        assertThat(Payloads.jsonError("{\"a\": \"x")).hasValueSatisfying(why -> assertThat(why).endsWith("a string is not closed: a closing \" is missing"));
        assertThat(Payloads.jsonError("{\"a\": 1")).hasValueSatisfying(why -> assertThat(why).endsWith("an object is not closed: a } is missing"));
        assertThat(Payloads.jsonError("[1, 2")).hasValueSatisfying(why -> assertThat(why).endsWith("a list is not closed: a ] is missing"));
        assertThat(Payloads.jsonError("{\"a\": x}")).hasValue("line 1, column 7: unexpected 'x': expected a value "
                + "(a string in double quotes, a number, true, false, null, {} or [])");
        assertThat(Payloads.jsonError("[1,]")).hasValue("line 1, column 4: unexpected character ']': expected a value");
        assertThat(Payloads.jsonError("{\"a\": 1} x")).hasValue("line 1, column 10: unexpected text after the end of the JSON value");
        assertThat(Payloads.jsonError("{\"a\": 1}}")).hasValueSatisfying(why -> assertThat(why).endsWith("after the end of the JSON value"));
        assertThat(Payloads.jsonError("  ")).hasValueSatisfying(why -> assertThat(why).contains("empty"));
        assertThat(Payloads.jsonError("{\"a\": 1,}")).hasValueSatisfying(why -> assertThat(why).doesNotContain("code", "JSON String"));
    }

    @Test
    void binaryPayloadsAreShownAsAHexDumpLikeHexdumpC() {
        byte[] payload = {0x00, 0x01, 'h', 'i', (byte) 0xff};

        Payloads.Shown shown = Payloads.show(payload, Payloads.DISPLAY_LIMIT);

        assertThat(shown.kind()).isEqualTo(Payloads.Kind.BINARY);
        assertThat(shown.text()).isEqualTo("00000000  00 01 68 69 ff " + " ".repeat(3 * 3) + " " + " ".repeat(8 * 3) + " |..hi.|\n");
        assertThat(shown.shownBytes()).isEqualTo(5);
    }

    @Test
    void onlyAnObjectOrListIsJsonAndControlCharactersMakeAPayloadBinary() {
        assertThat(Payloads.kind(utf8("{\"a\": 1}"))).isEqualTo(Payloads.Kind.JSON);
        assertThat(Payloads.kind(utf8(" [1, 2]\n"))).isEqualTo(Payloads.Kind.JSON);
        assertThat(Payloads.kind(utf8("42"))).as("a bare number reads better as text").isEqualTo(Payloads.Kind.TEXT);
        assertThat(Payloads.kind(utf8("{not json"))).isEqualTo(Payloads.Kind.TEXT);
        assertThat(Payloads.kind(utf8("tab\tand\r\nbreaks"))).isEqualTo(Payloads.Kind.TEXT);
        assertThat(Payloads.kind(utf8("bell\u0007"))).isEqualTo(Payloads.Kind.BINARY);
        assertThat(Payloads.kind(utf8("delete\u007f"))).isEqualTo(Payloads.Kind.BINARY);
        assertThat(Payloads.kind(new byte[] {(byte) 0xc3})).as("not UTF-8").isEqualTo(Payloads.Kind.BINARY);
        assertThat(Payloads.Kind.BINARY.label()).isEqualTo("binary");
    }

    @Test
    void aPayloadOverTheLimitShowsItsStartCutWhereACharacterStarts() {
        byte[] payload = utf8("aé{\"x\": 1}");  // 'é' is two bytes: a cut after 2 bytes would split it

        Payloads.Shown shown = Payloads.show(payload, 2);

        assertThat(shown.text()).isEqualTo("a");
        assertThat(shown.shownBytes()).isEqualTo(1);
        assertThat(Payloads.show(new byte[40], 20).text().lines()).hasSize(2);
        assertThat(Payloads.show(new byte[40], 20).shownBytes()).isEqualTo(20);
    }

    @Test
    void jsonShownWholeIsPrettyAndCutJsonIsLeftAsStored() {
        byte[] json = utf8("{\"a\":1.10}");

        assertThat(Payloads.show(json, 100).text()).isEqualTo("{\n  \"a\": 1.10\n}");
        assertThat(Payloads.show(json, 5).text()).isEqualTo("{\"a\":");
        assertThat(Payloads.show(json, 5).kind()).isEqualTo(Payloads.Kind.JSON);
    }

    @Test
    void aMessageMustStayJsonWhenItsContentTypeOrItsPayloadSaysSo() {
        byte[] json = utf8("{\"a\":1}");
        byte[] text = utf8("hello");

        assertThat(Payloads.mustBeJson(text, Map.of("content-type", "application/json"))).isTrue();
        assertThat(Payloads.mustBeJson(json, Map.of("content-type", "text/plain"))).isFalse();
        assertThat(Payloads.mustBeJson(json, Map.of())).isTrue();
        assertThat(Payloads.mustBeJson(text, Map.of())).isFalse();
        assertThat(Payloads.mustBeJson(new byte[0], Map.of())).isFalse();
    }
}
