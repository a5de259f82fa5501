package io.redrive.cli;

import io.redrive.ops.TimeWords;
import io.redrive.ops.BulkOperation.Progress;
import io.redrive.ops.BulkOperation.State;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One line on stderr that rewrites itself ({@code \r}) as a bulk operation goes on: a bar, percent,
 * processed/total, rate and time left. Redrawn at most ten times a second, however small the chunks.
 */
final class ProgressLine implements Consumer<Progress> {
    private static final int BAR = 24;
    private static final long REDRAW_NANOS = 100_000_000;

    private final PrintWriter err;
    private final String label;
    private long lastDrawn;
    private boolean drawn;
    private int width;
    private boolean finished;

    ProgressLine(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public synchronized void accept(Progress p) {
        long now = System.nanoTime();
        if (finished || p.isDone() || (drawn && now - lastDrawn < REDRAW_NANOS)) {
            return;
        }
        draw(render(label, p));
        lastDrawn = now;
    }

    /** Draws the final state and ends the line; nothing at all when there was nothing to do. */
    synchronized void finish(Progress p) {
        if (finished) {
            return;
        }
        finished = true;
        if (p.total() == 0 && p.processed() == 0 && !drawn) {
            return;
        }
        draw(render(label, p));
        err.println();
        err.flush();
    }

    private void draw(String text) {
        err.print('\r');
        err.print(text);
        if (text.length() < width) {
            err.print(" ".repeat(width - text.length()));
        }
        err.flush();
        width = text.length();
        drawn = true;
    }

    static String render(String label, Progress p) {
        StringBuilder line = new StringBuilder(label).append("  ");
        double fraction = p.fractionDone();
        if (fraction >= 0) {
            int full = (int) Math.round(fraction * BAR);
            line.append('[').append("#".repeat(full)).append("-".repeat(BAR - full)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(fraction * 100))).append("  ")
                    .append(Display.count(p.processed())).append('/').append(Display.count(p.total()));
        } else {
            line.append(Display.count(p.processed()));
        }
        line.append("  ").append(Display.count(Math.round(p.ratePerSecond()))).append("/s");
        if (p.state() == State.PAUSED) {
            line.append("  paused");
        } else if (!p.isDone()) {
            p.remaining().ifPresent(left -> line.append("  ETA ").append(TimeWords.duration(left)));
        } else {
            line.append("  ").append(p.state().name().toLowerCase(Locale.ROOT)).append(" in ").append(TimeWords.duration(p.elapsed()));
        }
        return line.toString();
    }
}
