package io.redrive.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table with aligned columns, numbers on the right, and no padding after the last column. */
final class TextTable {
    private static final String GAP = "  ";

    private final String[] headers;
    private final boolean showHeaders;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... headers) {
        this(true, headers);
    }

    private TextTable(boolean showHeaders, String... headers) {
        this.headers = headers.clone();
        this.showHeaders = showHeaders;
        this.right = new boolean[headers.length];
    }

    /** A table of {@code columns} columns without a header line, for name-value lists. */
    static TextTable withoutHeaders(int columns) {
        String[] blank = new String[columns];
        Arrays.fill(blank, "");
        return new TextTable(false, blank);
    }

    /** Aligns these columns (counted from 0) on the right, as numbers read best. */
    TextTable alignRight(int... columns) {
        for (int c : columns) {
            right[c] = true;
        }
        return this;
    }

    TextTable add(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("A row of this table has " + headers.length + " cells, got " + cells.length);
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = cells[i] == null ? "" : Display.oneLine(String.valueOf(cells[i]));
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        print(out, "");
    }

    /** Prints every line after {@code indent}. */
    void print(PrintWriter out, String indent) {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        if (showHeaders) {
            printRow(out, indent, headers, widths);
        }
        for (String[] row : rows) {
            printRow(out, indent, row, widths);
        }
    }

    private void printRow(PrintWriter out, String indent, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int i = 0; i < cells.length; i++) {
            String pad = " ".repeat(widths[i] - cells[i].length());
            if (right[i]) {
                line.append(pad).append(cells[i]);
            } else {
                line.append(cells[i]);
                if (i < cells.length - 1) {
                    line.append(pad);
                }
            }
            if (i < cells.length - 1) {
                line.append(GAP);
            }
        }
        out.println(line.toString().stripTrailing());
    }
}
