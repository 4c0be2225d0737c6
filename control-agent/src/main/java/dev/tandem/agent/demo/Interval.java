package dev.tandem.agent.demo;

import java.util.Arrays;

/**
 * One labelled stretch of the rehearsal (a phase held, a backfill, a reconcile): the latency of every
 * application statement that started in it, its errors, and the driver's shadow-read counters at its ends.
 * Thread-safe; the workload threads record into it concurrently.
 */
final class Interval {
    /** A phase held for {@code phaseSeconds}, or an agent job that ran as long as it took. */
    enum Kind { PHASE, JOB }

    private final String label;
    private final String migration;
    private final Kind kind;
    private final long startNanos;
    private final long[] shadowAtStart;
    private long[] samples = new long[1024];
    private int count;
    private long errors;
    private long endNanos;
    private long[] shadowAtEnd;

    Interval(String label, String migration, Kind kind, long[] shadow) {
        this.label = label;
        this.migration = migration;
        this.kind = kind;
        this.startNanos = System.nanoTime();
        this.shadowAtStart = shadow;
    }

    synchronized void statement(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    synchronized void error() {
        errors++;
    }

    synchronized void end(long[] shadow) {
        if (endNanos == 0) {
            endNanos = System.nanoTime();
            shadowAtEnd = shadow;
        }
    }

    String label() {
        return label;
    }

    /**
     * The result; statements still in flight when it ended are included if they finished already. While it
     * runs, it is measured up to now, with the shadow-read counters {@code shadowNow}.
     */
    synchronized Report.PhaseResult result(long[] shadowNow) {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        long[] shadowEnd = shadowAtEnd == null ? shadowNow : shadowAtEnd;
        double seconds = (end - startNanos) / 1e9;
        return new Report.PhaseResult(label, migration, kind.name().toLowerCase(java.util.Locale.ROOT),
            round(seconds, 3), count, errors, round(count / Math.max(seconds, 1e-3), 1), millis(sorted, 0.50),
            millis(sorted, 0.99), count == 0 ? 0 : round(sorted[count - 1] / 1e6, 3),
            shadowEnd[0] - shadowAtStart[0], shadowEnd[1] - shadowAtStart[1]);
    }

    /** The nearest-rank percentile in milliseconds (0 without samples). */
    private static double millis(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return round(sorted[Math.max(0, rank - 1)] / 1e6, 3);
    }

    static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
