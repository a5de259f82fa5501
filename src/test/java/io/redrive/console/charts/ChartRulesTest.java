package io.redrive.console.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ChartRulesTest {

    @Test
    void aMissingMinuteBreaksTheLineInsteadOfJoiningOrZeroingIt() {
        TreeMap<Long, Double> values = new TreeMap<>();
        values.put(100L, 5.0);
        values.put(101L, 6.0);
        values.put(160L, 7.0);  // an hour later

        TimeSeries.Points p = TimeSeries.perMinute(values, 200);

        assertThat(p.count()).isEqualTo(4);
        assertThat(p.x()).startsWith(6000.0, 6060.0, 6120.0, 9600.0);
        assertThat(p.y()[0]).isEqualTo(5.0);
        assertThat(p.y()[1]).isEqualTo(6.0);
        assertThat(p.y()[2]).isNaN();
        assertThat(p.y()[3]).isEqualTo(7.0);
    }

    @Test
    void theMinuteStillUnderWayIsLeftOut() {
        TreeMap<Long, Double> values = new TreeMap<>();
        values.put(10L, 50.0);
        values.put(11L, 3.0);  // the current minute: only a few seconds counted so far

        TimeSeries.Points p = TimeSeries.perMinute(values, 11);

        assertThat(p.count()).isEqualTo(1);
        assertThat(p.y()[0]).isEqualTo(50.0);
    }

    @Test
    void noValuesGiveNoPointsAtAll() {
        assertThat(TimeSeries.perMinute(new TreeMap<>(), 5).count()).isZero();
    }

    @Test
    void anAxisReachesARoundNumberWithRoomAboveTheLargestValue() {
        assertThat(AxisRange.top(20)).isEqualTo(25);
        assertThat(AxisRange.top(100)).isEqualTo(120);
        assertThat(AxisRange.top(7)).isEqualTo(8);
        assertThat(AxisRange.top(0.5)).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
        for (double max : new double[] {1, 3, 9.2, 47, 99, 950, 12_345}) {
            assertThat(AxisRange.top(max)).isGreaterThanOrEqualTo(max * 1.1);
        }
    }

    @Test
    void anAxisWithNothingAboveZeroReadsZeroToOne() {
        assertThat(AxisRange.top(0)).isEqualTo(1);
        assertThat(AxisRange.top(Double.NaN)).isEqualTo(1);
    }

    @Test
    void retriesAllDueWithinTheMinuteAreCountedInSeconds() {
        long[] perMinute = new long[60];
        perMinute[0] = 40;
        assertThat(DueScale.choose(perMinute, 40)).isEqualTo(DueScale.SECONDS);
    }

    @Test
    void retriesSpreadOverTheHourAreCountedInMinutes() {
        long[] perMinute = new long[60];
        perMinute[0] = 4;
        perMinute[12] = 3;
        assertThat(DueScale.choose(perMinute, 7)).isEqualTo(DueScale.MINUTES);
        assertThat(DueScale.choose(new long[60], 0)).isEqualTo(DueScale.MINUTES);
    }

    @Test
    void retriesDueBeyondTheHourAreCountedInHours() {
        long[] perMinute = new long[60];
        perMinute[3] = 2;
        assertThat(DueScale.choose(perMinute, 9)).isEqualTo(DueScale.HOURS);
        assertThat(DueScale.SECONDS.widest(DueScale.HOURS)).isEqualTo(DueScale.HOURS);
        assertThat(DueScale.MINUTES.widest(DueScale.SECONDS)).isEqualTo(DueScale.MINUTES);
    }

    @Test
    void rangesReadAsPeopleSayThem() {
        assertThat(TimeSeries.span(Duration.ofHours(1))).isEqualTo("hour");
        assertThat(TimeSeries.span(Duration.ofHours(6))).isEqualTo("6 hours");
        assertThat(TimeSeries.span(Duration.ofMinutes(30))).isEqualTo("30 minutes");
    }
}
