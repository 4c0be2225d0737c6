package dev.tandem.driver.internal.connect;

import dev.tandem.driver.TandemOptions;
import dev.tandem.driver.TandemProperty;
import dev.tandem.driver.TandemSQLException;
import dev.tandem.driver.TandemSqlState;
import dev.tandem.driver.internal.metrics.Micrometer;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The Tandem side of one connect request: the resolved options (URL query, then connect Properties,
 * then system properties, then defaults), the Properties the real driver gets (every {@code tandem.*}
 * key removed) and the meter registry.
 *
 * @param options        resolved {@code tandem.*} options
 * @param realProperties a copy of the caller's Properties without any {@code tandem.*} key
 * @param registry       where the runtime registers its meters: a Micrometer {@code MeterRegistry}, or null when
 *                       Micrometer is not on the class path (see {@link #registry(Object)})
 */
public record ConnectOptions(TandemOptions options, Properties realProperties, Object registry) {
    /** Properties key for a {@code MeterRegistry} object; not a string option, so not in {@link TandemProperty}. */
    public static final String METER_REGISTRY = "tandem.meterRegistry";
    private static final String OPTION_PREFIX = "tandem.";
    /**
     * The driver-wide default registry, a {@code MeterRegistry} ({@code TandemDriver.setDefaultMeterRegistry}); null
     * means the global one.
     */
    private static volatile Object defaultRegistry;

    public static void setDefaultRegistry(Object registry) {
        defaultRegistry = registry;
    }

    public static Object defaultRegistry() {
        return defaultRegistry;
    }

    public static ConnectOptions resolve(TandemUrl url, Properties info) throws TandemSQLException {
        if (url.options().containsKey(METER_REGISTRY)) {
            throw new TandemSQLException(METER_REGISTRY + " cannot be given in the URL: put a MeterRegistry object "
                + "into the connect Properties, or call TandemDriver.setDefaultMeterRegistry",
                TandemSqlState.INVALID_PARAMETER_VALUE);
        }
        Map<Object, Object> all = new LinkedHashMap<>();
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                all.put(name, info.getProperty(name)); // includes the Properties' defaults
            }
            all.putAll(info); // and entries whose value is not a String
        }
        Properties real = new Properties();
        Map<String, String> fromProperties = new LinkedHashMap<>();
        Object registry = null;
        for (Map.Entry<Object, Object> e : all.entrySet()) {
            if (!(e.getKey() instanceof String key) || !key.startsWith(OPTION_PREFIX)) {
                real.put(e.getKey(), e.getValue());
            } else if (key.equals(METER_REGISTRY)) {
                registry = e.getValue();
            } else {
                fromProperties.put(key, String.valueOf(e.getValue()));
            }
        }
        TandemOptions options = options(url.options(), "the URL query", fromProperties, "the connect Properties");
        return new ConnectOptions(options, real, registry(registry));
    }

    /**
     * Options from two explicit sources, the first winning, then system properties, then defaults.
     * Unknown {@code tandem.*} keys in the explicit sources are refused; system properties are read
     * only for known keys (other tools may own {@code tandem.*} names there).
     */
    public static TandemOptions options(Map<String, String> first, String firstName, Map<String, String> second,
                                 String secondName) throws TandemSQLException {
        checkKeys(first, firstName);
        checkKeys(second, secondName);
        Map<TandemProperty, String> values = new EnumMap<>(TandemProperty.class);
        for (TandemProperty p : TandemProperty.values()) {
            String value = first.get(p.getKey());
            if (value == null) {
                value = second.get(p.getKey());
            }
            if (value == null) {
                value = System.getProperty(p.getKey());
            }
            if (value != null) {
                values.put(p, value);
            }
        }
        return TandemOptions.of(values);
    }

    private static void checkKeys(Map<String, String> options, String where) throws TandemSQLException {
        for (String key : options.keySet()) {
            property(key, where);
        }
    }

    /** The property for {@code key}, or an error naming the key, where it came from and the valid keys. */
    public static TandemProperty property(String key, String where) throws TandemSQLException {
        TandemProperty p = TandemProperty.forKey(key);
        if (p == null) {
            throw new TandemSQLException("Unknown Tandem option '" + key + "' in " + where + "; valid options: "
                + validKeys(), TandemSqlState.INVALID_PARAMETER_VALUE);
        }
        return p;
    }

    public static String validKeys() {
        return Arrays.stream(TandemProperty.values()).map(TandemProperty::getKey).collect(Collectors.joining(", "))
            + " (and " + METER_REGISTRY + ", a MeterRegistry object in the connect Properties)";
    }

    /**
     * The given registry, else the driver-wide default, else Micrometer's global registry; null when Micrometer is
     * not on the driver's class path, and then the instance counts nothing.
     */
    public static Object registry(Object given) throws TandemSQLException {
        if (given != null && !Micrometer.isRegistry(given)) {
            String why = Micrometer.PRESENT ? "" : " (Micrometer is not on the Tandem driver's class path)";
            throw new TandemSQLException(METER_REGISTRY + " must be a MeterRegistry object, not a "
                + given.getClass().getName() + why + " (pools such as HikariCP copy properties as strings: use "
                + "TandemDriver.setDefaultMeterRegistry there)", TandemSqlState.INVALID_PARAMETER_VALUE);
        }
        if (given != null) {
            return given;
        }
        Object fallback = defaultRegistry;
        return fallback != null ? fallback : Micrometer.globalRegistry();
    }
}
