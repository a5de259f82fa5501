package io.redrive.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DisplayTest {
    @Test
    void textShowsControlAndBidiCharactersAsEscapesAndKeepsLineBreaks() {
        assertThat(Display.text("a\u001b[2Jb\u0000c\u0007d\re\u009bf\u202eg\u2066h\u200ei\u061cj\u007fk\r\nl\tm"))
                .isEqualTo("a\\e[2Jb\\x00c\\x07d\\re\\x9bf\\u202eg\\u2066h\\u200ei\\u061cj\\x7fk\nl\tm");
    }

    @Test
    void oneLineAlsoFlattensLineBreaksAndTabs() {
        assertThat(Display.oneLine("at a\n\tat b\u001b")).isEqualTo("at a  at b\\e");
    }

    @Test
    void ordinaryTextIsLeftAsItIs() {
        String text = "Größe: 12 € — 東京 \\ C:\\temp";
        assertThat(Display.text(text)).isSameAs(text);
    }

    @Test
    void sizesReadInBinaryUnitsWithADecimalOnlyWhenSmall() {
        assertThat(Display.size(1)).isEqualTo("1 byte");
        assertThat(Display.size(1023)).isEqualTo("1,023 bytes");
        assertThat(Display.size(64 * 1024)).isEqualTo("64 KiB");
        assertThat(Display.size(1536 * 1024)).isEqualTo("1.5 MiB");
        assertThat(Display.size(21_082_347)).isEqualTo("20 MiB");
        assertThat(Display.size(64L * 1024 * 1024)).isEqualTo("64 MiB");
    }
}
