/**
 * The headless engine's metrics for Prometheus ({@code redrive engine --metrics-port}): meters on a Micrometer
 * Prometheus registry that read one snapshot of Redis per scrape, and a small JDK HTTP server for {@code /metrics}
 * and {@code /health}. Used only by the command line.
 */
package io.redrive.metrics;
