/**
 * The default run: an embedded redis-server and a simulated document-processing backend whose queues fail at
 * realistic rates, so that retries and dead letters appear within seconds.
 */
package io.redrive.demo;
