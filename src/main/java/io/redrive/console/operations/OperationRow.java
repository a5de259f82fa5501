package io.redrive.console.operations;

import io.redrive.engine.OperationRecord;
import io.redrive.engine.ReplayOutcome;

/**
 * One operation as the Operations screen shows it: the engine's record and, for a replay, its outcome as last
 * read (null for purges and restores, or when it could not be read).
 */
public record OperationRow(OperationRecord operation, ReplayOutcome outcome) {

    /** "Replayed 14", "Purged 3 of 4 (1 skipped)". */
    public String result() {
        OperationRecord op = operation;
        String verb = switch (op.action()) {
            case "replay" -> "Replayed";
            case "purge" -> "Purged";
            case "restore" -> "Restored";
            default -> op.action();
        };
        String result = op.isRunning() ? String.format("%s so far: running", verb)
                : String.format("%s %,d%s", verb, op.succeeded(), op.skipped() == 0 ? "" : String.format(" (%,d skipped)", op.skipped()));
        if (!op.isRunning() && !op.state().equals("completed")) {
            result += ", " + op.state();
        }
        return op.arrivedAfterPreview() == 0 ? result
                : result + String.format(" · %,d newer left alone", op.arrivedAfterPreview());
    }

    /** "12 succeeded · 2 died again" once settled, "· 3 pending" added before; "—" for what has no outcome to follow. */
    public String outcomeText() {
        if (!operation.isReplay()) {
            return "—";
        }
        if (outcome == null) {
            return "not read yet";
        }
        String text = String.format("%,d succeeded · %,d died again", outcome.succeeded(), outcome.diedAgain());
        return outcome.settled() ? text : text + String.format(" · %,d pending", outcome.pending());
    }
}
