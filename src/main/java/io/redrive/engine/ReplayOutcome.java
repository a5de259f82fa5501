package io.redrive.engine;

import java.util.List;

/**
 * What became of the messages a replay put back: whether the fix worked.
 *
 * @param replayed  how many the replay put back
 * @param succeeded processed successfully since (or gone after their retention)
 * @param pending   still waiting, in flight or scheduled for a retry
 * @param diedAgain dead letters again, by failure group in {@code groups}
 * @param purged    died again and were purged since
 * @param groups    the failure groups of those that died again, largest first
 * @param settled   whether the replay has ended and none of its messages is pending any more
 */
public record ReplayOutcome(long replayed, long succeeded, long pending, long diedAgain, long purged,
                            List<GroupCount> groups, boolean settled) {

    public ReplayOutcome {
        groups = List.copyOf(groups);
    }

    /** A failure group that messages of the replay died in again: its exception class and a sample of its error. */
    public record GroupCount(String queue, String fingerprint, String exception, String sample, long count) {
        /** The error in one line: the group's sample ("SocketTimeoutException: Read timed out"), else its class. */
        public String error() {
            return sample.isEmpty() ? exception : sample;
        }
    }

    /** "12 succeeded, 2 died again, 1 pending" — the split in words. */
    public String summary() {
        StringBuilder s = new StringBuilder(String.format("%,d succeeded", succeeded));
        s.append(String.format(", %,d died again", diedAgain));
        if (purged > 0) {
            s.append(String.format(" (%,d purged since)", purged));
        }
        s.append(String.format(", %,d pending", pending));
        return s.toString();
    }
}
