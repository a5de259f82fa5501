package io.redrive.engine;

import java.time.Instant;
import java.util.List;

/**
 * An engine that beat recently on this Redis and key prefix ({@link Engine#liveEngines()}).
 *
 * @param id       the engine's id ({@link Engine#id()})
 * @param version  the Redrive version it runs, or {@code development} when run from a build tree
 * @param queues   the queues it runs workers for, sorted; empty when it only runs the upkeep
 * @param upkeep   whether it runs the upkeep (promote, recover, retention)
 * @param lastBeat when it last wrote its heartbeat, by its own clock
 */
public record LiveEngine(String id, String host, long pid, String version, List<String> queues, boolean upkeep,
                         Instant lastBeat) {
    public LiveEngine {
        queues = List.copyOf(queues);
    }
}
