package io.redrive.engine;

/**
 * What {@link Engine#repair} did.
 *
 * @param fixed      messages put back where their state says, and failure groups recounted
 * @param removed    index entries removed because their message no longer exists
 * @param lostReset  lost-message counts recorded in the audit log and reset
 * @param unchanged  problems that were gone when the repair reached them (a worker moved the message meanwhile)
 * @param skipped    fixes not made because a key they would write is of the wrong type, or a state is unknown
 * @param leftAlone  problems repair never acts on (damaged keys, orphan timelines, policies): an operator must look
 */
public record RepairResult(long fixed, long removed, long lostReset, long unchanged, long skipped, long leftAlone) {
}
