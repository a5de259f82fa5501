package io.redrive.console.deadletters;

import java.util.ArrayList;
import java.util.List;

/**
 * A line-based diff of two texts: the longest common subsequence of their lines, after the common head and
 * tail are set aside (an edit usually touches a few lines in the middle). Pure, no toolkit.
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

    /** Past this many cells the table would be too big; the middle is then shown as all removed, all added. */
    private static final long MAX_CELLS = 4_000_000;

    private LineDiff() {
    }

    static List<Line> diff(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        List<Line> out = new ArrayList<>(Math.max(a.size(), b.size()) + 4);
        for (int i = 0; i < head; i++) {
            out.add(new Line(Change.SAME, a.get(i)));
        }
        middle(a.subList(head, a.size() - tail), b.subList(head, b.size() - tail), out);
        for (int i = a.size() - tail; i < a.size(); i++) {
            out.add(new Line(Change.SAME, a.get(i)));
        }
        return out;
    }

    /** Whether the two texts differ in any line. */
    static boolean changed(List<Line> diff) {
        return diff.stream().anyMatch(l -> l.change() != Change.SAME);
    }

    private static void middle(List<String> a, List<String> b, List<Line> out) {
        int n = a.size();
        int m = b.size();
        if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
            a.forEach(line -> out.add(new Line(Change.REMOVED, line)));
            b.forEach(line -> out.add(new Line(Change.ADDED, line)));
            return;
        }
        // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..]
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (a.get(i).equals(b.get(j))) {
                out.add(new Line(Change.SAME, a.get(i)));
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.add(new Line(Change.REMOVED, a.get(i++)));
            } else {
                out.add(new Line(Change.ADDED, b.get(j++)));
            }
        }
        while (i < n) {
            out.add(new Line(Change.REMOVED, a.get(i++)));
        }
        while (j < m) {
            out.add(new Line(Change.ADDED, b.get(j++)));
        }
    }
}
