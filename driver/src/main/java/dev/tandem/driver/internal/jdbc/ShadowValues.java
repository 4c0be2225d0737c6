package dev.tandem.driver.internal.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * How a shadow read decides that the old-side value and the value computed from the new side agree,
 * and how a row key is written for the mismatch log. Numbers agree by value whatever their Java type
 * ({@code 1.50} numeric and {@code 1.5} double agree; scale is ignored), so a change of column type is
 * not reported as a mismatch.
 */
final class ShadowValues {
    private ShadowValues() {
    }

    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number x && b instanceof Number y) {
            BigDecimal dx = decimal(x);
            BigDecimal dy = decimal(y);
            if (dx == null || dy == null) {
                return Double.compare(x.doubleValue(), y.doubleValue()) == 0; // NaN or infinity
            }
            return dx.compareTo(dy) == 0;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return a.equals(b);
    }

    /**
     * The exact decimal value of an integer or decimal; for float and double, the shortest decimal
     * that reads back as the same value (so {@code 0.1f} is 0.1, not 0.100000001490116...). Null for
     * NaN, infinities and numbers without a decimal text form.
     */
    static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return null;
            }
            return new BigDecimal(n instanceof Float f ? Float.toString(f) : Double.toString(d));
        }
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return BigDecimal.valueOf(n.longValue());
        }
        try {
            return new BigDecimal(n.toString()); // AtomicLong, vendor number types
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code id=42} or {@code a=1,b=2}, from the key names and the values read from the row. */
    static String rowKey(List<String> names, Object[] values) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                key.append(',');
            }
            key.append(i < names.size() ? names.get(i) : "key" + (i + 1)).append('=').append(text(values[i]));
        }
        return key.toString();
    }

    private static String text(Object value) {
        return value instanceof byte[] b ? "\\x" + HexFormat.of().formatHex(b) : String.valueOf(value);
    }
}
