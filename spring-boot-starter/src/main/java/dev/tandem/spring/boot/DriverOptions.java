package dev.tandem.spring.boot;

import dev.tandem.driver.TandemOptions;
import dev.tandem.driver.TandemProperty;
import dev.tandem.driver.TandemSQLException;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns the {@code tandem.*} Spring properties into the driver's option keys, checked at startup: an unknown name or
 * a value outside the allowed ones fails the application context instead of its first connection.
 */
final class DriverOptions {
    private static final String PREFIX = "tandem.";

    private DriverOptions() {
    }

    /**
     * The driver options, by full key ({@code tandem.onUnsupported}): {@code tandem.options.*} first, then
     * {@code config}, {@code control} and {@code app} where set; {@code app} defaults to {@code applicationName}.
     *
     * @throws IllegalStateException naming the property and the valid names or values
     */
    static Map<String, String> resolve(TandemProperties properties, String applicationName) {
        Map<TandemProperty, String> options = new EnumMap<>(TandemProperty.class);
        properties.getOptions().forEach((name, value) -> options.put(property(name), value));
        putIfSet(options, TandemProperty.CONFIG, properties.getConfig());
        putIfSet(options, TandemProperty.CONTROL, properties.getControl());
        putIfSet(options, TandemProperty.APP, properties.getApp());
        if (!options.containsKey(TandemProperty.APP)) {
            putIfSet(options, TandemProperty.APP, applicationName);
        }
        if (!options.containsKey(TandemProperty.CONFIG) && !"db".equals(options.get(TandemProperty.CONTROL))) {
            throw new IllegalStateException("tandem.config is not set: name the migration spec "
                + "(tandem.config=file:/path/to/migrations.yaml), or set tandem.control=db to read the agent's "
                + "control tables, or tandem.enabled=false");
        }
        try {
            TandemOptions.of(options);
        } catch (TandemSQLException e) {
            throw new IllegalStateException("Invalid tandem.* property: " + e.getMessage(), e);
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        options.forEach((p, v) -> byKey.put(p.getKey(), v));
        return byKey;
    }

    /** The option a {@code tandem.options} name stands for: {@code onUnsupported}, {@code on-unsupported} alike. */
    static TandemProperty property(String name) {
        String wanted = normal(name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name);
        return Stream.of(TandemProperty.values())
            .filter(p -> normal(p.getKey().substring(PREFIX.length())).equals(wanted))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("Unknown Tandem option tandem.options." + name
                + "; valid names: " + Stream.of(TandemProperty.values())
                .map(p -> p.getKey().substring(PREFIX.length())).collect(Collectors.joining(", "))));
    }

    private static String normal(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static void putIfSet(Map<TandemProperty, String> options, TandemProperty p, String value) {
        if (value != null && !value.isBlank()) {
            options.put(p, value.strip());
        }
    }
}
