/**
 * The retry timelines screen: upcoming retries per queue, each queue's per-minute outcomes, one message's
 * attempts with their backoff gaps and the attempts still to come, retry policy tuning with a what-if of every
 * delay, and the dead-letter rate beside the cache hit rate on one time axis.
 */
package io.redrive.console.timeline;
