/**
 * The retry engine: queues, workers, retry policy and backoff, the background retry worker (promotion, lease
 * recovery, retention), error histories, timelines, per-minute metrics and the consistency check. Start at
 * {@link io.redrive.engine.Engine}.
 */
package io.redrive.engine;
