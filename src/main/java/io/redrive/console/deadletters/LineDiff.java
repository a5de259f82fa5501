package io.redrive.console.deadletters;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;

import java.util.ArrayList;
import java.util.List;

/**
 * A line-based diff of two texts, as the editor shows it: java-diff-utils finds the changes (Myers), and each
 * change is shown as its removed lines, then its added lines. Pure, no toolkit.
 */
final class LineDiff {
    /** What happened to a line. */
    enum Change { SAME, ADDED, REMOVED }

    /** One line of the diff. */
    record Line(Change change, String text) {
        /** The line as a unified diff prints it: "+ ", "- " or two spaces, then the text. */
        String marked() {
            return switch (change) {
                case ADDED -> "+ " + text;
                case REMOVED -> "- " + text;
                case SAME -> "  " + text;
            };
        }
    }

    private LineDiff() {
    }

    static List<Line> diff(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        List<Line> out = new ArrayList<>(Math.max(a.size(), b.size()) + 4);
        int next = 0;  // the first line of a not yet written out
        for (AbstractDelta<String> delta : DiffUtils.diff(a, b).getDeltas()) {
            int start = delta.getSource().getPosition();
            a.subList(next, start).forEach(line -> out.add(new Line(Change.SAME, line)));
            delta.getSource().getLines().forEach(line -> out.add(new Line(Change.REMOVED, line)));
            delta.getTarget().getLines().forEach(line -> out.add(new Line(Change.ADDED, line)));
            next = start + delta.getSource().size();
        }
        a.subList(next, a.size()).forEach(line -> out.add(new Line(Change.SAME, line)));
        return out;
    }

    /** Whether the two texts differ in any line. */
    static boolean changed(List<Line> diff) {
        return diff.stream().anyMatch(l -> l.change() != Change.SAME);
    }
}
