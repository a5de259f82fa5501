/**
 * Alerts: rules kept in Redis and shared by every engine and console on it ({@link io.redrive.alerts.AlertRule},
 * {@link io.redrive.alerts.AlertStore}), evaluated in the background by an {@link io.redrive.alerts.AlertWatcher}
 * exactly once per incident across any number of processes, and delivered to webhooks
 * ({@link io.redrive.alerts.Webhooks}). {@link io.redrive.alerts.Alerts} ties them to one engine.
 * Uses the engine, the cache helper, ops and redis; never the console, the command line or JavaFX.
 */
package io.redrive.alerts;
