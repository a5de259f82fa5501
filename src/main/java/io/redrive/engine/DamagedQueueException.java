package io.redrive.engine;

/**
 * Something stored for one queue cannot be used as it is (a policy field that is not a number, a key of the wrong
 * type). Redis answered; the problem is that queue's data, so work on other queues goes on.
 */
public final class DamagedQueueException extends RuntimeException {
    private final String queue;

    public DamagedQueueException(String queue, String problem, Throwable cause) {
        super("queue '" + queue + "': " + problem, cause);
        this.queue = queue;
    }

    /** The queue whose data is damaged. */
    public String queue() {
        return queue;
    }
}
