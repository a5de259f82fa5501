package io.redrive.console.deadletters;

import io.redrive.console.Styles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the dead-letter screen shows, checks and compares payloads, and reads the filters typed. */
class PayloadFormatTest {

    @Test
    void jsonIsIndentedWithEveryScalarKeptAsWritten() {
        String pretty = PayloadFormat.pretty("{\"total\":12.50,\"tags\":[],\"lines\":[{\"sku\":\"a,b\"},{}],\"ok\":true}");

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
    void highlightingTellsKeysFromStringsNumbersAndLiterals() {
        String json = "{\"a\": \"x\", \"b\": -1.5e3, \"c\": null}";

        List<String> classes = PayloadFormat.highlight(json).stream()
                .filter(t -> !t.styleClass().equals(Styles.JSON_PUNCTUATION))
                .map(t -> json.substring(t.start(), t.end()) + "=" + t.styleClass()).toList();

        assertThat(classes).containsExactly("\"a\"=" + Styles.JSON_KEY, "\"x\"=" + Styles.JSON_STRING,
                "\"b\"=" + Styles.JSON_KEY, "-1.5e3=" + Styles.JSON_NUMBER, "\"c\"=" + Styles.JSON_KEY, "null=" + Styles.JSON_LITERAL);
    }

    @Test
    void aParseErrorSaysWhereItIs() {
        assertThat(PayloadFormat.jsonError("{\n  \"a\": tru\n}")).hasValueSatisfying(why -> assertThat(why).startsWith("line 2, column"));
        assertThat(PayloadFormat.jsonError("{\"a\": 1}")).isEmpty();
        assertThat(EditorModel.problem("", true)).contains("empty");
        assertThat(EditorModel.problem("not json", false)).isEmpty();
    }

    @Test
    void parseErrorsAreSaidInPlainWordsWithTheirLineAndColumn() {
        assertThat(PayloadFormat.jsonError("{\n  \"a\": 1\n  \"b\": 2\n}")).hasValue("line 3, column 3: expected a comma between two entries");
        assertThat(PayloadFormat.jsonError("[1 2]")).hasValue("line 1, column 4: expected a comma between two items of the list");
        assertThat(PayloadFormat.jsonError("{\"a\": \"x")).hasValueSatisfying(why -> assertThat(why).endsWith("a string is not closed: a closing \" is missing"));
        assertThat(PayloadFormat.jsonError("{\"a\": 1")).hasValueSatisfying(why -> assertThat(why).endsWith("an object is not closed: a } is missing"));
        assertThat(PayloadFormat.jsonError("[1, 2")).hasValueSatisfying(why -> assertThat(why).endsWith("a list is not closed: a ] is missing"));
        assertThat(PayloadFormat.jsonError("{\"a\": x}")).hasValue("line 1, column 7: unexpected 'x': expected a value "
                + "(a string in double quotes, a number, true, false, null, {} or [])");
        assertThat(PayloadFormat.jsonError("[1,]")).hasValue("line 1, column 4: unexpected character ']': expected a value");
        assertThat(PayloadFormat.jsonError("{\"a\": 1} x")).hasValue("line 1, column 10: unexpected text after the end of the JSON value");
        assertThat(PayloadFormat.jsonError("{\"a\": 1}}")).hasValueSatisfying(why -> assertThat(why).endsWith("after the end of the JSON value"));
        assertThat(PayloadFormat.jsonError("  ")).hasValueSatisfying(why -> assertThat(why).contains("empty"));
        assertThat(PayloadFormat.jsonError("{\"a\": 1,}")).hasValueSatisfying(why -> assertThat(why).doesNotContain("code", "JSON String"));
    }

    @Test
    void binaryPayloadsAreShownAsAHexDump() {
        byte[] payload = {0x00, 0x01, 'h', 'i', (byte) 0xff};

        PayloadFormat.Rendered rendered = PayloadFormat.render(payload);

        assertThat(rendered.kind()).isEqualTo(PayloadFormat.Kind.BINARY);
        assertThat(rendered.text()).startsWith("00000000  00 01 68 69 ff").contains("|..hi.|");
        assertThat(PayloadFormat.render("plain words".getBytes(StandardCharsets.UTF_8)).kind()).isEqualTo(PayloadFormat.Kind.TEXT);
    }

    @Test
    void aMessageMustStayJsonWhenItsContentTypeOrItsPayloadSaysSo() {
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] text = "hello".getBytes(StandardCharsets.UTF_8);

        assertThat(PayloadFormat.mustBeJson(text, Map.of("content-type", "application/json"))).isTrue();
        assertThat(PayloadFormat.mustBeJson(json, Map.of("content-type", "text/plain"))).isFalse();
        assertThat(PayloadFormat.mustBeJson(json, Map.of())).isTrue();
        assertThat(PayloadFormat.mustBeJson(text, Map.of())).isFalse();
    }

    @Test
    void theDiffMarksOnlyTheLinesThatChanged() {
        List<LineDiff.Line> diff = LineDiff.diff("a\nb\nc\nd", "a\nB\nc\nd\ne");

        assertThat(diff).extracting(LineDiff.Line::marked).containsExactly("  a", "- b", "+ B", "  c", "  d", "+ e");
        assertThat(LineDiff.changed(LineDiff.diff("same", "same"))).isFalse();
    }

    @Test
    void theEditorCanSaveOnlyValidChangedJsonWithAReason() {
        EditorModel editor = new EditorModel("{\n  \"a\": 1\n}", true);
        assertThat(editor.canSaveBinding().get()).as("unchanged").isFalse();

        editor.textProperty().set("{\n  \"a\": 2\n}");
        assertThat(editor.canSaveBinding().get()).as("no reason yet").isFalse();
        editor.reasonProperty().set("fix");
        assertThat(editor.canSaveBinding().get()).isTrue();

        editor.textProperty().set("{\n  \"a\": \n}");
        assertThat(editor.errorProperty().get()).startsWith("The payload is not valid JSON at line 3, column 1");
        assertThat(editor.canSaveBinding().get()).isFalse();
    }

    @Test
    void filterTimesAreAgesLocalTimesOrInstants() {
        Clock clock = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);

        assertThat(FilterModel.time("Since", "2h", clock)).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(FilterModel.time("Since", "3d ago", clock)).isEqualTo(Instant.parse("2024-04-28T12:00:00Z"));
        assertThat(FilterModel.time("Since", "2024-05-01T08:00:00Z", clock)).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
        assertThat(FilterModel.time("Since", " ", clock)).isNull();
        assertThatThrownBy(() -> FilterModel.time("Since", "yesterday", clock)).hasMessageStartingWith("Since: cannot read 'yesterday'");
    }
}
