package dev.tandem.agent.rollout;

import dev.tandem.driver.schema.StatsReport;

import java.util.HashMap;
import java.util.Map;

/**
 * One instance's report ({@link StatsReport} format) parsed defensively: whatever an instance wrote is
 * untrusted input. Anything malformed (unknown version, a bad number, a negative count, too many entries or
 * characters) yields {@code null}, which the gates treat as missing data: it holds a step, never passes one.
 */
record Report(String epoch, Map<String, Figures[]> sides) {

    /** The figures of {@code migration}: [0] old side, [1] new side; zeros when the instance has none. */
    Figures[] of(String migration) {
        Figures[] f = sides.get(migration);
        return f != null ? f : new Figures[] {Figures.ZERO, Figures.ZERO};
    }

    static Report parse(String text) {
        if (text == null || text.length() > StatsReport.MAX_CHARS) {
            return null;
        }
        String[] parts = text.split(";", -1);
        if (parts.length < 2 || parts.length > StatsReport.MAX_ENTRIES + 2 || !parts[0].equals(StatsReport.VERSION)
            || !parts[1].matches("e=[0-9a-f]{1,16}")) {
            return null;
        }
        Map<String, Figures[]> sides = new HashMap<>();
        for (int i = 2; i < parts.length; i++) {
            String[] f = parts[i].split("\\|", -1);
            if (f.length != 7 || !f[0].matches("[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
                || !(f[1].equals("old") || f[1].equals("new"))) {
                return null;
            }
            String[] b = f[6].split(",", -1);
            if (b.length != StatsReport.BUCKETS) {
                return null;
            }
            long[] buckets = new long[b.length];
            for (int k = 0; k < b.length; k++) {
                buckets[k] = count(b[k]);
                if (buckets[k] < 0) {
                    return null;
                }
            }
            long statements = count(f[2]);
            long errors = count(f[3]);
            long comparisons = count(f[4]);
            long mismatches = count(f[5]);
            if (statements < 0 || errors < 0 || comparisons < 0 || mismatches < 0 || errors > statements
                || mismatches > comparisons) {
                return null;
            }
            Figures[] pair = sides.computeIfAbsent(f[0], k -> new Figures[] {Figures.ZERO, Figures.ZERO});
            int side = f[1].equals("new") ? 1 : 0;
            if (pair[side] != Figures.ZERO) {
                return null; // the same side twice
            }
            pair[side] = new Figures(statements, errors, comparisons, mismatches, buckets);
        }
        return new Report(parts[1].substring(2), Map.copyOf(sides));
    }

    /** A non-negative decimal count of at most 18 digits, else -1. */
    private static long count(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
