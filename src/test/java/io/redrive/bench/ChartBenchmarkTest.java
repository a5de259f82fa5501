package io.redrive.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart benchmark runs (small here) and measures something plausible. */
class ChartBenchmarkTest {

    @Test
    void aSmallRunMeasuresEveryUpdateAndTheFrames() {
        ChartBenchmark.Result result = ChartBenchmark.run(2, 3_000, 40);

        assertThat(result.totalPoints()).isEqualTo(6_000);
        assertThat(result.updates()).isEqualTo(40);
        assertThat(result.updateMedian()).isPositive().isLessThanOrEqualTo(result.updateP99());
        assertThat(result.frameMedian()).isPositive().isLessThanOrEqualTo(result.frameP99());
        assertThat(result.updatesPerSecond()).as("updates the chart took per second").isGreaterThan(10);
    }
}
