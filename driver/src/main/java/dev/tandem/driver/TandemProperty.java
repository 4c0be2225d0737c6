package dev.tandem.driver;

import java.util.List;

/**
 * Every {@code tandem.*} driver option, with its default, description and allowed values. Options
 * come from the URL query, the connect {@code Properties} and system properties (in that order of
 * precedence) and are stripped before the real driver sees the URL and properties.
 */
public enum TandemProperty {
    CONFIG("tandem.config", null,
        "Where the migration spec comes from when tandem.control=file: file:/path/migrations.yaml (watched and "
            + "reloaded on change).",
        List.of()),
    ON_UNSUPPORTED("tandem.onUnsupported", "fail",
        "What to do with a statement on a migrated table that cannot be rewritten exactly: fail raises an "
            + "SQLException (SQLState TD001/TD002/TD003); passthrough sends it untouched, counts and logs it.",
        List.of("fail", "passthrough")),
    DIALECT("tandem.dialect", "auto",
        "SQL dialect of the real server; auto derives it from the real URL (postgresql, mysql, mariadb).",
        List.of("auto", "postgresql", "mysql")),
    INSTANCE_ID("tandem.instanceId", null,
        "Name of this driver instance (one runtime per instance id and real URL); default host:pid.",
        List.of()),
    PLAN_CACHE_SIZE("tandem.planCacheSize", "10000",
        "Maximum number of rewrite plans kept in the cache (entries), for statement texts and for statement shapes "
            + "each.",
        List.of()),
    PLAN_CACHE_MB("tandem.planCacheMb", "64",
        "Estimated memory (MiB) the plan cache may hold, for statement texts and for statement shapes each; the "
            + "least used plans are evicted first.",
        List.of()),
    SHAPES("tandem.shapes", "on",
        "on: statements that differ only in literal values (SQL with the values written into the text) share one "
            + "plan by statement shape, filled with each text's own literals; off: every distinct text is planned on "
            + "its own.",
        List.of("on", "off")),
    RELOAD_INTERVAL_MS("tandem.reloadIntervalMs", "1000",
        "How often (milliseconds) a file: config source checks its file for changes.",
        List.of()),
    CONTROL("tandem.control", "file",
        "Config source: file reads tandem.config; db polls the control tables the agent writes, on a side "
            + "connection of its own, and heartbeats the version this instance runs.",
        List.of("file", "db")),
    CONTROL_PREFIX("tandem.controlPrefix", "tandem_",
        "Name prefix of the control tables (tandem.control=db).",
        List.of()),
    POLL_INTERVAL_MS("tandem.pollIntervalMs", "2000",
        "How often (milliseconds) tandem.control=db polls the control tables and heartbeats.",
        List.of()),
    LEASE_MS("tandem.leaseMs", "10000",
        "With tandem.control=db: how long (milliseconds) the config stays valid without a successful refresh; "
            + "also how long the agent waits for a silent instance before it no longer holds the barrier.",
        List.of()),
    STALE_CONFIG("tandem.staleConfig", "refuse-writes",
        "What to do when tandem.control=db could not refresh within the lease: refuse-writes refuses writes to "
            + "migrated tables (SQLState TD004); allow keeps writing with the last config.",
        List.of("refuse-writes", "allow")),
    APP("tandem.app", "",
        "Application name reported in the instances control table.",
        List.of());

    private final String key;
    private final String defaultValue;
    private final String description;
    private final List<String> allowedValues;

    TandemProperty(String key, String defaultValue, String description, List<String> allowedValues) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.allowedValues = allowedValues;
    }

    public String getKey() {
        return key;
    }

    public String getDefaultValue() {
        return defaultValue;
    }

    public String getDescription() {
        return description;
    }

    /** Allowed values; empty when any value of the right type is accepted. */
    public List<String> getAllowedValues() {
        return allowedValues;
    }

    /** The property with this key, or {@code null}. */
    public static TandemProperty forKey(String key) {
        for (TandemProperty p : values()) {
            if (p.key.equals(key)) {
                return p;
            }
        }
        return null;
    }
}
