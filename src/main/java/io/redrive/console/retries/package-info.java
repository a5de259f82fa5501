/**
 * The Retries screen: messages waiting for a retry, a queue and a page at a time, made due now or killed
 * (dead-lettered at once) through the engine's {@link io.redrive.engine.Retries}.
 */
package io.redrive.console.retries;
