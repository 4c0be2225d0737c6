package dev.tandem.driver.schema;

/**
 * The figures a driver instance reports with its heartbeat ({@link ControlSchema#reportRoutine()}), per
 * migration and per side (old / new): cumulative counts of statements, SQL errors, shadow comparisons and
 * mismatches, and a latency histogram. The agent turns two reports of one instance into rates. The text is
 * bounded ({@link #MAX_CHARS}) and line-free:
 * <pre>v=1;e=EPOCH;MIGRATION|old|statements|errors|comparisons|mismatches|b0,b1,...;MIGRATION|new|...</pre>
 * {@code EPOCH} changes when the counters restart (a new process); bucket {@code i} counts statements that took
 * at most {@link #BOUNDS_MICROS}{@code [i]} µs, the last one everything slower.
 */
public final class StatsReport {
    /** Upper bounds of the latency buckets in microseconds, log-spaced; one more bucket holds the rest. */
    public static final long[] BOUNDS_MICROS = {250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000,
        128_000, 256_000, 512_000, 1_024_000, 2_048_000, 4_096_000};

    /** Buckets per side: the bounded ones and the overflow. */
    public static final int BUCKETS = BOUNDS_MICROS.length + 1;

    /** The longest report an instance sends and the report routine stores. */
    public static final int MAX_CHARS = 16_000;

    /** The most migration sides one report carries (each a few hundred characters at most). */
    public static final int MAX_ENTRIES = 48;

    public static final String VERSION = "v=1";

    private StatsReport() {
    }

    /** The bucket of a statement that took {@code nanos}. */
    public static int bucket(long nanos) {
        long micros = nanos / 1000;
        for (int i = 0; i < BOUNDS_MICROS.length; i++) {
            if (micros <= BOUNDS_MICROS[i]) {
                return i;
            }
        }
        return BOUNDS_MICROS.length;
    }
}
