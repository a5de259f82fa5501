/**
 * The cache screen: hit rate per namespace over time (per minute from Redis, per second live), a table of every
 * namespace's counters and settings, its keys' remaining TTLs, and live TTL tuning with change markers.
 */
package io.redrive.console.cache;
