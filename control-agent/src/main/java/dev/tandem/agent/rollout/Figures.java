package dev.tandem.agent.rollout;

import dev.tandem.driver.schema.StatsReport;

import java.util.Arrays;

/**
 * One side's figures of one migration: statements, SQL errors, shadow comparisons and mismatches, and
 * the latency histogram ({@link StatsReport#BOUNDS_MICROS}). Cumulative as reported, or a delta between
 * two reports. Immutable.
 */
record Figures(long statements, long errors, long comparisons, long mismatches, long[] buckets) {
    static final Figures ZERO = new Figures(0, 0, 0, 0, new long[StatsReport.BUCKETS]);

    Figures {
        buckets = buckets.clone();
    }

    /** {@code this - earlier}, or null if any counter went backwards (a forged or garbled report). */
    Figures minus(Figures earlier) {
        long[] b = new long[buckets.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = buckets[i] - earlier.buckets[i];
            if (b[i] < 0) {
                return null;
            }
        }
        Figures d = new Figures(statements - earlier.statements, errors - earlier.errors,
            comparisons - earlier.comparisons, mismatches - earlier.mismatches, b);
        return d.statements < 0 || d.errors < 0 || d.comparisons < 0 || d.mismatches < 0 ? null : d;
    }

    Figures plus(Figures o) {
        long[] b = new long[buckets.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = saturated(buckets[i], o.buckets[i]);
        }
        return new Figures(saturated(statements, o.statements), saturated(errors, o.errors),
            saturated(comparisons, o.comparisons), saturated(mismatches, o.mismatches), b);
    }

    private static long saturated(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** Errors per statement, 0 without statements. */
    double errorRate() {
        return statements == 0 ? 0 : (double) errors / statements;
    }

    /** The p99 latency in ms: the upper bound of the bucket holding the 99th percentile; -1 without data. */
    double p99Millis() {
        long total = 0;
        for (long b : buckets) {
            total += b;
        }
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(total * 0.99);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                long[] bounds = StatsReport.BOUNDS_MICROS;
                return (i < bounds.length ? bounds[i] : bounds[bounds.length - 1] * 2) / 1000.0;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Figures f && f.statements == statements && f.errors == errors
            && f.comparisons == comparisons && f.mismatches == mismatches && Arrays.equals(f.buckets, buckets);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(statements) * 31 + Arrays.hashCode(buckets);
    }
}
