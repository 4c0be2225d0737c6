package dev.tandem.driver;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** An immutable set of resolved {@code tandem.*} option values; typed getters fail naming the key. */
public final class TandemOptions {
    private final Map<TandemProperty, String> values;

    private TandemOptions(Map<TandemProperty, String> values) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    /** Options from explicit values; missing ones take their default. Allowed values are checked. */
    public static TandemOptions of(Map<TandemProperty, String> explicit) throws TandemSQLException {
        EnumMap<TandemProperty, String> v = new EnumMap<>(TandemProperty.class);
        for (TandemProperty p : TandemProperty.values()) {
            String value = explicit.get(p);
            if (value == null) {
                value = p.getDefaultValue();
            }
            if (value != null && !p.getAllowedValues().isEmpty() && !p.getAllowedValues().contains(value)) {
                throw new TandemSQLException("Invalid value '" + value + "' for " + p.getKey()
                    + "; allowed values: " + String.join(", ", p.getAllowedValues()),
                    TandemSqlState.INVALID_PARAMETER_VALUE);
            }
            if (value != null) {
                v.put(p, value);
            }
        }
        TandemOptions options = new TandemOptions(v);
        options.getInt(TandemProperty.PLAN_CACHE_SIZE);
        options.getInt(TandemProperty.PLAN_CACHE_MB);
        options.getInt(TandemProperty.RELOAD_INTERVAL_MS);
        options.getInt(TandemProperty.POLL_INTERVAL_MS);
        options.getInt(TandemProperty.LEASE_MS);
        if (!options.get(TandemProperty.CONTROL_PREFIX).matches("[A-Za-z_][A-Za-z0-9_]{0,30}")) {
            throw new TandemSQLException("Invalid value '" + options.get(TandemProperty.CONTROL_PREFIX) + "' for "
                + TandemProperty.CONTROL_PREFIX.getKey() + ": letters, digits and _ only",
                TandemSqlState.INVALID_PARAMETER_VALUE);
        }
        return options;
    }

    /** The value, or {@code null} when unset and without default. */
    public String get(TandemProperty p) {
        return values.get(p);
    }

    public int getInt(TandemProperty p) throws TandemSQLException {
        String value = values.get(p);
        try {
            int n = Integer.parseInt(value);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new TandemSQLException("Invalid value '" + value + "' for " + p.getKey()
                + ": expected a positive integer", TandemSqlState.INVALID_PARAMETER_VALUE, e);
        }
    }

    /** A stable text form, used as part of the runtime registry key. */
    public String canonical() {
        Map<String, String> sorted = new TreeMap<>();
        values.forEach((k, v) -> sorted.put(k.getKey(), v));
        return sorted.toString();
    }

    @Override
    public String toString() {
        return canonical();
    }
}
