package dev.tandem.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** The statistics of the interleaved measurements: medians and a bootstrap interval of a median. */
public final class Stats {
    private static final int BOOTSTRAP = 4000;

    private Stats() {
    }

    public static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** A percentile bootstrap 95 % interval of the median of {@code values}. */
    public static double[] bootstrap(double[] values, Random random) {
        double[] medians = new double[BOOTSTRAP];
        double[] sample = new double[values.length];
        for (int b = 0; b < BOOTSTRAP; b++) {
            for (int i = 0; i < values.length; i++) {
                sample[i] = values[random.nextInt(values.length)];
            }
            medians[b] = median(sample);
        }
        Arrays.sort(medians);
        return new double[] {medians[(int) (BOOTSTRAP * 0.025)], medians[(int) (BOOTSTRAP * 0.975) - 1]};
    }
}
