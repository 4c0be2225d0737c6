package dev.tandem.driver.internal.metrics;

import dev.tandem.driver.internal.plan.Sides;
import dev.tandem.driver.schema.StatsReport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cumulative per-migration, per-side figures of this instance, sent with each heartbeat in the
 * {@link StatsReport} format for the agent's canary autopilot. Micrometer stays the source for Prometheus;
 * this is what the agent needs to decide without a metrics system. Recording is a few adder increments.
 */
public final class FleetStats {
    /** The figures of one side of one migration. */
    private static final class Side {
        final LongAdder statements = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder comparisons = new LongAdder();
        final LongAdder mismatches = new LongAdder();
        final LongAdder[] buckets = new LongAdder[StatsReport.BUCKETS];

        Side() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }
    }

    /** Changes with every process (and every runtime), so the agent knows counters restarted. */
    private final String epoch = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    /** Sides by migration id: [0] old, [1] new. */
    private final Map<String, Side[]> sides = new ConcurrentHashMap<>();

    /** One execution of a plan reading {@code s}, which took {@code nanos} and failed with an SQLException or not. */
    public void execution(Sides s, long nanos, boolean failed) {
        int bucket = StatsReport.bucket(nanos);
        for (int i = 0; i < s.size(); i++) {
            Side side = side(s.migration(i), s.readsNew(i));
            side.statements.increment();
            if (failed) {
                side.errors.increment();
            }
            side.buckets[bucket].increment();
        }
    }

    /** One shadow comparison of {@code migration} (counted on its new side: backward(new) against old). */
    public void shadow(String migration, boolean match) {
        Side side = side(migration, true);
        side.comparisons.increment();
        if (!match) {
            side.mismatches.increment();
        }
    }

    private Side side(String migration, boolean newSide) {
        Side[] pair = sides.get(migration);
        if (pair == null) {
            pair = sides.computeIfAbsent(migration, k -> new Side[] {new Side(), new Side()});
        }
        return pair[newSide ? 1 : 0];
    }

    /** The report text, at most {@link StatsReport#MAX_CHARS} characters and {@link StatsReport#MAX_ENTRIES} sides. */
    public String report() {
        StringBuilder b = new StringBuilder(256).append(StatsReport.VERSION).append(";e=").append(epoch);
        int entries = 0;
        for (Map.Entry<String, Side[]> e : sides.entrySet()) {
            for (int n = 0; n < 2; n++) {
                if (entries == StatsReport.MAX_ENTRIES) {
                    return b.toString();
                }
                int mark = b.length();
                append(b, e.getKey(), n == 1, e.getValue()[n]);
                if (b.length() > StatsReport.MAX_CHARS) {
                    b.setLength(mark);
                    return b.toString();
                }
                entries++;
            }
        }
        return b.toString();
    }

    private static void append(StringBuilder b, String migration, boolean newSide, Side s) {
        b.append(';').append(migration).append(newSide ? "|new|" : "|old|").append(s.statements.sum()).append('|')
            .append(s.errors.sum()).append('|').append(s.comparisons.sum()).append('|').append(s.mismatches.sum())
            .append('|');
        for (int i = 0; i < s.buckets.length; i++) {
            b.append(i == 0 ? "" : ",").append(s.buckets[i].sum());
        }
    }
}
