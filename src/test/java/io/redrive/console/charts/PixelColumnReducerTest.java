package io.redrive.console.charts;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Per pixel column the reducer keeps the first, lowest, highest and last point, in order, and keeps gaps. */
class PixelColumnReducerTest {
    private final PixelColumnReducer reducer = new PixelColumnReducer();

    @Test
    void eachColumnKeepsItsFirstLowestHighestAndLastPoint() {
        double[] x = {0.0, 0.2, 0.4, 0.6, 0.8, 1.1, 1.5, 2.0};
        double[] y = {5, 9, 1, 4, 6, 3, 3, 7};
        double[] e = new double[x.length];
        boolean[] selected = new boolean[x.length];
        String[] styles = new String[x.length];

        int n = reducer.reducePoints(x, y, null, null, e.clone(), e.clone(), styles, selected, 0, x.length);

        assertThat(n).isEqualTo(7);
        assertThat(Arrays.copyOf(x, n)).containsExactly(0.0, 0.2, 0.4, 0.8, 1.1, 1.5, 2.0);
        assertThat(Arrays.copyOf(y, n)).containsExactly(5, 9, 1, 6, 3, 3, 7);
    }

    @Test
    void aDayOfSecondsOverAThousandPixelsShrinksToAtMostFourPointsPerPixel() {
        int points = 86_400;
        double[] x = new double[points];
        double[] y = new double[points];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < points; i++) {
            x[i] = i * 1150.0 / points;
            y[i] = 100 + random.nextGaussian() * 10;
        }
        int n = reducer.reducePoints(x, y, null, null, null, null, null, null, 0, points);
        assertThat(n).isLessThanOrEqualTo(4 * 1151).isGreaterThan(1150);
        for (int i = 1; i < n; i++) {
            assertThat(x[i]).isGreaterThanOrEqualTo(x[i - 1]);
        }
    }

    @Test
    void gapsStayWhereTheyWere() {
        double[] x = {0.1, 0.2, 0.3, 0.4};
        double[] y = {1, Double.NaN, 2, 3};
        int n = reducer.reducePoints(x, y, null, null, null, null, null, null, 0, 4);
        assertThat(n).isEqualTo(4);
        assertThat(y[1]).isNaN();
    }
}
