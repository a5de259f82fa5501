/**
 * What every chart of the console shares: a panel with pause and export (PNG and CSV), the ChartFX axes,
 * renderers and plugins the screens use, change markers, and the feed that coalesces updates from background
 * threads into at most one pending UI task per chart.
 */
package io.redrive.console.charts;
