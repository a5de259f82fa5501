/**
 * What every chart of the console shares: a panel with pause and export (PNG and CSV), the ChartFX axes,
 * renderers and plugins the screens use, and change markers. Updates reach a chart through
 * {@link io.redrive.console.Coalescer}, at most one pending UI task per chart.
 */
package io.redrive.console.charts;
