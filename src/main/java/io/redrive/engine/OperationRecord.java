package io.redrive.engine;

import java.time.Instant;

/**
 * One bulk operation on dead letters as every console and command line on the installation sees it.
 *
 * @param id                  short id, as the audit entry and {@code redrive ops} show it
 * @param action              replay, purge or restore
 * @param target              what it acted on, in words
 * @param actor               who started it
 * @param startedAt           when it started
 * @param finishedAt          when it ended; null while it runs (or if its process died before saying)
 * @param state               running, completed, cancelled or failed
 * @param total               how many it set out to act on
 * @param succeeded           how many it did
 * @param skipped             how many it passed over (no longer there, or over the replay cap)
 * @param arrivedAfterPreview dead letters that matched the target at the confirmation but arrived after the
 *                            dry run, so were left alone
 * @param destination         where the messages went, in words
 * @param outcome             for a replay whose messages have all settled, what became of them; else null
 */
public record OperationRecord(String id, String action, String target, String actor, Instant startedAt,
                              Instant finishedAt, String state, long total, long succeeded, long skipped,
                              long arrivedAfterPreview, String destination, ReplayOutcome outcome) {

    public boolean isReplay() {
        return action.equals("replay");
    }

    public boolean isRunning() {
        return state.equals("running");
    }
}
