package io.redrive.demo;

import java.util.Arrays;

/** Key popularity by a Zipf law over ranks 0..n-1, and weighted choices: the shape of real cache traffic. */
public final class Zipf {
    private final double[] cumulative;

    /** @param exponent 1 is the classic law; larger makes the head hotter */
    public Zipf(int ranks, double exponent) {
        cumulative = new double[ranks];
        double sum = 0;
        for (int k = 1; k <= ranks; k++) {
            sum += 1 / Math.pow(k, exponent);
            cumulative[k - 1] = sum;
        }
        for (int k = 0; k < ranks; k++) {
            cumulative[k] /= sum;
        }
    }

    /** The rank a uniform number in [0, 1) falls on. */
    public int rank(double uniform) {
        int i = Arrays.binarySearch(cumulative, uniform);
        return Math.min(cumulative.length - 1, i < 0 ? -i - 1 : i);
    }

    /** The index a uniform number in [0, 1) picks among weights that sum to 1. */
    public static int pick(double[] weights, double uniform) {
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            if (uniform < sum) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
