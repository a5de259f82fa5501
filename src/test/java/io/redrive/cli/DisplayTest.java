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
}
