package io.redrive.console.deadletters;

import io.redrive.console.Styles;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

import java.util.Collection;
import java.util.List;

/**
 * The RichTextFX text areas of the dead-letter screen: payloads highlighted as JSON with the {@code Styles.JSON_*}
 * classes, and line diffs coloured with {@link Styles#DIFF_ADDED} and {@link Styles#DIFF_REMOVED}. Both only
 * render lines on screen, so a large payload stays quick.
 */
final class CodeViews {
    private CodeViews() {
    }

    static CodeArea codeArea(String id, boolean editable) {
        CodeArea area = new CodeArea();
        area.setId(id);
        area.setEditable(editable);
        area.getStyleClass().add(Styles.MONO);
        return area;
    }

    static VirtualizedScrollPane<? extends StyleClassedTextArea> scrolled(StyleClassedTextArea area) {
        return new VirtualizedScrollPane<>(area);
    }

    /** Replaces the text, highlighted as JSON when {@code json}; the view scrolls back to the top. */
    static void show(CodeArea area, String text, boolean json) {
        area.replaceText(text);
        if (json) {
            highlight(area);
        }
        area.moveTo(0);
        area.requestFollowCaret();
    }

    /** Colours the area's current text as JSON (as typed: half-written JSON is coloured as far as it goes). */
    static void highlight(StyleClassedTextArea area) {
        String text = area.getText();
        if (!text.isEmpty()) {
            area.setStyleSpans(0, spans(text.length(), PayloadFormat.highlight(text)));
        }
    }

    static StyleSpans<Collection<String>> spans(int length, List<PayloadFormat.Token> tokens) {
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>(tokens.size() * 2 + 1);
        int at = 0;
        for (PayloadFormat.Token t : tokens) {
            if (t.start() > at) {
                spans.add(List.of(), t.start() - at);
            }
            spans.add(List.of(t.styleClass()), t.end() - t.start());
            at = t.end();
        }
        spans.add(List.of(), Math.max(0, length - at));
        return spans.create();
    }

    /** Shows a diff: one line per diff line, marked "+ " or "- ", added lines green and removed ones red. */
    static void showDiff(StyleClassedTextArea area, List<LineDiff.Line> diff) {
        StringBuilder text = new StringBuilder();
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>(diff.size() + 1);
        for (LineDiff.Line line : diff) {
            String marked = line.marked();
            String style = switch (line.change()) {
                case ADDED -> Styles.DIFF_ADDED;
                case REMOVED -> Styles.DIFF_REMOVED;
                case SAME -> null;
            };
            spans.add(style == null ? List.of() : List.of(style), marked.length());
            spans.add(List.of(), 1);
            text.append(marked).append('\n');
        }
        spans.add(List.of(), 0);
        area.replaceText(text.toString());
        if (text.length() > 0) {
            area.setStyleSpans(0, spans.create());
        }
    }
}
