/**
 * The retry engine: queues, workers, retry policy and backoff, the background retry worker (promotion, lease
 * recovery, retention), error histories, timelines, per-minute metrics and the consistency check. Start at
 * {@link io.redrive.engine.Engine}. Who acted, the audit log and the bulk runner live below it in {@code io.redrive.ops}.
 */
package io.redrive.engine;
