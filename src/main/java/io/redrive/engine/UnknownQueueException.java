package io.redrive.engine;

import java.util.Collection;

/** An operation named a queue that no producer or worker has declared. */
public class UnknownQueueException extends IllegalArgumentException {
    public UnknownQueueException(String name, Collection<String> known) {
        super("Unknown queue '" + name + "'. Known queues: " + (known.isEmpty() ? "none" : String.join(", ", known)));
    }
}
