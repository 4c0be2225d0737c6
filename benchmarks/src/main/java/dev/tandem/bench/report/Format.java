package dev.tandem.bench.report;

import java.util.Locale;

/** How numbers appear in the report. */
final class Format {
    private Format() {
    }

    /** A time or a rate: one decimal below 10, else whole numbers with thousands separators. */
    static String number(double v) {
        return Math.abs(v) < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%,.0f", v);
    }

    /** {@code 12,345 ±300}. */
    static String value(Measurement m) {
        return number(m.mean()) + spread(m);
    }

    /** {@code +95 ±12}: a difference from a baseline. */
    static String delta(Measurement m) {
        return (m.mean() >= 0 ? "+" : "") + number(m.mean()) + spread(m);
    }

    /** {@code 0.98×}; the spread is left out: ratios are read against their targets. */
    static String ratio(Measurement m) {
        return String.format(Locale.ROOT, "%.3f×", m.mean());
    }

    private static String spread(Measurement m) {
        return m.iterations() > 1 ? " ±" + number(m.sd()) : "";
    }
}
