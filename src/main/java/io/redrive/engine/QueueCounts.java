package io.redrive.engine;

/** How many messages of one queue are in each state right now. */
public record QueueCounts(String queue, long ready, long inFlight, long scheduled, long dead, long done) {
    public long total() {
        return ready + inFlight + scheduled + dead + done;
    }
}
