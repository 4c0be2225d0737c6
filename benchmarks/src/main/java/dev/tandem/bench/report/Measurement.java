package dev.tandem.bench.report;

import java.util.List;

/**
 * One JMH result: the mean over every measured iteration of every fork, and the spread of those
 * iterations. The spread is a sample standard deviation, not JMH's 99.9% confidence interval, which with
 * three iterations is too wide to say anything.
 *
 * @param mean       mean score (ns/op or ops/s)
 * @param sd         sample standard deviation of the iteration scores (0 with one iteration)
 * @param iterations number of measured iterations behind the mean
 */
record Measurement(double mean, double sd, int iterations) {

    static Measurement of(List<Double> iterations) {
        int n = iterations.size();
        double sum = 0;
        for (double v : iterations) {
            sum += v;
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : iterations) {
            squares += (v - mean) * (v - mean);
        }
        return new Measurement(mean, n > 1 ? Math.sqrt(squares / (n - 1)) : 0, n);
    }

    /** Standard deviation relative to the mean. */
    double relativeSd() {
        return mean == 0 ? 0 : sd / Math.abs(mean);
    }

    /** {@code this - other}, with the spreads combined. */
    Measurement minus(Measurement other) {
        return new Measurement(mean - other.mean, Math.hypot(sd, other.sd), Math.min(iterations, other.iterations));
    }

    /** {@code this / other}, with the relative spreads combined. */
    Measurement over(Measurement other) {
        double ratio = mean / other.mean;
        return new Measurement(ratio, Math.abs(ratio) * Math.hypot(relativeSd(), other.relativeSd()),
            Math.min(iterations, other.iterations));
    }
}
