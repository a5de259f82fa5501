package io.redrive.engine;

import java.util.Arrays;

/** Where a message is. It is always in exactly one of these; the Lua scripts move it between them. */
public enum MessageState {
    /** Waiting for a worker. */
    READY("ready"),
    /** Leased to a worker until its visibility timeout; recovered when the lease expires. */
    IN_FLIGHT("inflight"),
    /** Waiting for a retry (or a delayed first delivery) at a set time. */
    SCHEDULED("scheduled"),
    /** Out of attempts, or failed with a non-retryable error; kept for the DLQ retention. */
    DEAD("dead"),
    /** Processed; kept only when the engine retains finished messages. */
    DONE("done"),
    /** A purged dead letter, restorable until the trash retention ends. */
    TRASHED("trashed");

    private final String wireName;

    MessageState(String wireName) {
        this.wireName = wireName;
    }

    /** The name stored in Redis (the message hash's {@code state} field). */
    public String wireName() {
        return wireName;
    }

    public static MessageState fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown message state '" + name + "'"));
    }
}
