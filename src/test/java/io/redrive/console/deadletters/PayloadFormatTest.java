package io.redrive.console.deadletters;

import io.redrive.console.Styles;
import io.redrive.engine.Payloads;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the dead-letter screen shows, highlights, checks and compares payloads, and reads the filters typed. */
class PayloadFormatTest {

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
    void theEditorSaysWhyItsTextCannotBeSaved() {
        assertThat(EditorModel.problem("", true)).contains("empty");
        assertThat(EditorModel.problem("not json", false)).isEmpty();
    }

    @Test
    void binaryPayloadsAreShownAsAHexDump() {
        byte[] payload = {0x00, 0x01, 'h', 'i', (byte) 0xff};

        Payloads.Shown rendered = PayloadFormat.render(payload);

        assertThat(rendered.kind()).isEqualTo(Payloads.Kind.BINARY);
        assertThat(rendered.text()).startsWith("00000000  00 01 68 69 ff").contains("|..hi.|");
        assertThat(PayloadFormat.render("plain words".getBytes(StandardCharsets.UTF_8)).kind()).isEqualTo(Payloads.Kind.TEXT);
    }

    @Test
    void aLongBinaryPayloadIsCutWithTheCountNotShownButLongTextIsShownWhole() {
        byte[] binary = new byte[Payloads.DISPLAY_LIMIT + 100];
        byte[] text = "x".repeat(Payloads.DISPLAY_LIMIT + 100).getBytes(StandardCharsets.UTF_8);

        assertThat(PayloadFormat.render(binary).text()).endsWith(String.format("… %,d more bytes not shown%n", 100));
        assertThat(PayloadFormat.render(text).text()).hasSize(Payloads.DISPLAY_LIMIT + 100);
    }

    @Test
    void theDiffMarksOnlyTheLinesThatChanged() {
        List<LineDiff.Line> diff = LineDiff.diff("a\nb\nc\nd", "a\nB\nc\nd\ne");

        assertThat(diff).extracting(LineDiff.Line::marked).containsExactly("  a", "- b", "+ B", "  c", "  d", "+ e");
        assertThat(LineDiff.changed(LineDiff.diff("same", "same"))).isFalse();
    }

    @Test
    void aLongPayloadChangedAtBothEndsShowsOnlyTheChangedLines() {
        String middle = java.util.stream.IntStream.range(0, 5000).mapToObj(i -> "line " + i)
                .collect(java.util.stream.Collectors.joining("\n"));

        List<LineDiff.Line> diff = LineDiff.diff("first\n" + middle + "\nlast", "FIRST\n" + middle + "\nLAST");

        assertThat(diff).hasSize(5004);
        assertThat(diff).filteredOn(l -> l.change() != LineDiff.Change.SAME).extracting(LineDiff.Line::marked)
                .containsExactly("- first", "+ FIRST", "- last", "+ LAST");
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
