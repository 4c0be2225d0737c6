package dev.tandem.driver.schema;

import java.util.List;

/**
 * The control tables the agent writes and the driver reads ({@code tandem.control=db}): their names
 * under a configurable prefix, their DDL per dialect, and the statements the driver runs on them.
 * Times are the server's own clock, so instance leases never depend on clock skew between hosts.
 */
public final class ControlSchema {
    /**
     * Version of the control table layout; the agent upgrades older layouts. 2: instances have an owner (the
     * database user heartbeating the row), heartbeats are in UTC and go through {@link #heartbeatRoutine()};
     * jobs have an {@code active_slot} (unique: one unfinished job per migration and kind) and their
     * {@code options} (the throttle, kept on resume). 3: instances report their figures ({@link StatsReport})
     * through {@link #reportRoutine()} into {@link #stats()}; the agent keeps canary rollouts in {@link #rollouts()}.
     */
    public static final int SCHEMA_VERSION = 3;

    /** The first layout whose instances report their figures through {@link #reportRoutine()}. */
    public static final int REPORTED_STATS = 3;

    /** The first layout whose instances are heartbeated through {@link #heartbeatRoutine()}. */
    public static final int OWNED_HEARTBEATS = 2;

    private final String prefix;
    private final Dialect dialect;

    public ControlSchema(String prefix, Dialect dialect) {
        if (!prefix.matches("[A-Za-z_][A-Za-z0-9_]{0,30}")) {
            throw new IllegalArgumentException("control table prefix must be letters, digits and _: " + prefix);
        }
        this.prefix = prefix;
        this.dialect = dialect;
    }

    public Dialect dialect() {
        return dialect;
    }

    public String state() {
        return prefix + "state";
    }

    public String migrations() {
        return prefix + "migrations";
    }

    public String instances() {
        return prefix + "instances";
    }

    public String jobs() {
        return prefix + "jobs";
    }

    public String audit() {
        return prefix + "audit";
    }

    /** Each instance's last {@link StatsReport}, written only through {@link #reportRoutine()}. */
    public String stats() {
        return prefix + "stats";
    }

    /** The agent's canary rollouts, one row per migration (the latest). */
    public String rollouts() {
        return prefix + "rollouts";
    }

    /** The routine through which an instance reports its figures ({@link Dialect#reportRoutine}). */
    public String reportRoutine() {
        return prefix + "report";
    }

    /** Statements (re)creating {@link #reportRoutine()}; {@code schemaName} is the control tables' schema. */
    public List<String> reportRoutineDdl(String schemaName) {
        return dialect.reportRoutine(reportRoutine(), stats(), instances(), schemaName);
    }

    /** The report of {@code schemaVersion}'s layout (parameters: instance id, report), or null before layout 3. */
    public String report(int schemaVersion) {
        return schemaVersion >= REPORTED_STATS ? dialect.callReport(reportRoutine()) : null;
    }

    /** The server's current time, millisecond precision. */
    public String now() {
        return dialect.nowMillis();
    }

    /** Milliseconds from {@code column} to the server's current time. */
    public String ageMillis(String column) {
        return dialect.millisSince(column);
    }

    /** CREATE TABLE statements for every control table, idempotent. */
    public List<String> ddl() {
        String ts = "TIMESTAMP(3)";
        String id = dialect.identityPrimaryKey();
        return List.of(
            "CREATE TABLE IF NOT EXISTS " + state() + " (id INT PRIMARY KEY, config_version BIGINT NOT NULL, "
                + "schema_version INT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS " + migrations() + " (id VARCHAR(200) PRIMARY KEY, table_name VARCHAR(400) "
                + "NOT NULL, spec TEXT NOT NULL, phase VARCHAR(20) NOT NULL, version BIGINT NOT NULL, "
                + "updated_at " + ts + " NOT NULL, updated_by VARCHAR(200) NOT NULL, "
                + "reverse_pending BOOLEAN DEFAULT FALSE NOT NULL, file_phase VARCHAR(20))",
            "CREATE TABLE IF NOT EXISTS " + instances() + " (instance_id VARCHAR(200) PRIMARY KEY, host VARCHAR(200), "
                + "app VARCHAR(200), version_seen BIGINT NOT NULL, lease_ms BIGINT NOT NULL, "
                + "last_heartbeat " + ts + " NOT NULL, started_at " + ts + " NOT NULL, owner VARCHAR(200))",
            "CREATE TABLE IF NOT EXISTS " + jobs() + " (id " + id + ", migration_id VARCHAR(200) NOT NULL, "
                + "kind VARCHAR(30) NOT NULL, state VARCHAR(20) NOT NULL, checkpoint TEXT, rows_done BIGINT NOT NULL, "
                + "rows_scanned BIGINT NOT NULL, chunks_done BIGINT NOT NULL, estimate BIGINT, "
                + "started_at " + ts + " NOT NULL, updated_at " + ts + " NOT NULL, finished_at " + ts + ", "
                + "error TEXT, result TEXT, owner VARCHAR(200), config_version BIGINT NOT NULL, "
                + "active_slot VARCHAR(300) UNIQUE, options TEXT)",
            "CREATE TABLE IF NOT EXISTS " + audit() + " (id " + id + ", at " + ts + " NOT NULL, "
                + "migration_id VARCHAR(200), from_phase VARCHAR(20), to_phase VARCHAR(20), version BIGINT, "
                + "actor VARCHAR(200) NOT NULL, reason TEXT, forced BOOLEAN NOT NULL, action VARCHAR(40) NOT NULL, "
                + "detail TEXT)",
            "CREATE TABLE IF NOT EXISTS " + stats() + " (instance_id VARCHAR(200) PRIMARY KEY, stats TEXT, "
                + "reported_at " + ts + " NOT NULL)",
            "CREATE TABLE IF NOT EXISTS " + rollouts() + " (migration_id VARCHAR(200) PRIMARY KEY, state VARCHAR(20) "
                + "NOT NULL, doc TEXT NOT NULL, updated_at " + ts + " NOT NULL, request VARCHAR(20))");
    }

    /** The config version and the layout's schema version, one row. */
    public String selectVersion() {
        return "SELECT config_version, schema_version FROM " + state() + " WHERE id = 1";
    }

    /** The routine through which an instance heartbeats its own row ({@link Dialect#heartbeatRoutine}). */
    public String heartbeatRoutine() {
        return prefix + "heartbeat";
    }

    /** Statements (re)creating {@link #heartbeatRoutine()}; {@code schemaName} is the control tables' schema. */
    public List<String> heartbeatRoutineDdl(String schemaName) {
        return dialect.heartbeatRoutine(heartbeatRoutine(), instances(), schemaName);
    }

    /** A column layout 1 lacks: the table, the column, and the statement adding it. */
    public record Upgrade(String table, String column, String ddl) {
    }

    /** The columns to add to layout-1 tables, each only where {@code SELECT column} fails. */
    public List<Upgrade> upgrades() {
        return List.of(
            new Upgrade(instances(), "owner", "ALTER TABLE " + instances() + " ADD COLUMN owner VARCHAR(200)"),
            new Upgrade(jobs(), "active_slot", "ALTER TABLE " + jobs() + " ADD COLUMN active_slot VARCHAR(300) UNIQUE"),
            new Upgrade(jobs(), "options", "ALTER TABLE " + jobs() + " ADD COLUMN options TEXT"));
    }

    /**
     * Milliseconds since an instance's last heartbeat. The heartbeat routine writes UTC and sets the owner; a
     * row without owner was written by a driver of layout 1, whose upsert wrote the session's local time, so it
     * is measured against that clock (else, during an upgrade, old drivers east of UTC would look forged and
     * those west of it dead).
     */
    public String heartbeatAgeMillis() {
        return "CASE WHEN owner IS NULL THEN " + dialect.millisSince("last_heartbeat") + " ELSE "
            + dialect.millisSinceUtc("last_heartbeat") + " END";
    }

    /**
     * The heartbeat of {@code schemaVersion}'s layout; parameters: instance id, host, app, version seen, lease
     * ms. From layout 2 on, a call of {@link #heartbeatRoutine()}, which writes only the caller's own row.
     */
    public String heartbeat(int schemaVersion) {
        return schemaVersion >= OWNED_HEARTBEATS ? dialect.callHeartbeat(heartbeatRoutine()) : heartbeat();
    }

    public String selectMigrations() {
        return "SELECT id, spec, phase, version FROM " + migrations() + " ORDER BY id";
    }

    /**
     * The least privileges of an application's database role ({@code tandem.control=db}): read the config
     * version and the migrations, and heartbeat its own instance row through {@link #heartbeatRoutine()} (no
     * direct write to any control table). {@code role} is a role or user name (MySQL: also {@code 'user'@'host'}).
     */
    public List<String> appGrants(String role, String schemaName) {
        String r = role(role);
        List<String> out = new java.util.ArrayList<>(dialect.schemaUsageGrants(schemaName, r));
        out.add("GRANT SELECT ON " + state() + " TO " + r);
        out.add("GRANT SELECT ON " + migrations() + " TO " + r);
        out.add("GRANT EXECUTE ON " + dialect.heartbeatRoutineGrantTarget(heartbeatRoutine()) + " TO " + r);
        out.add("GRANT EXECUTE ON " + dialect.reportRoutineGrantTarget(reportRoutine()) + " TO " + r);
        return out;
    }

    /**
     * The privileges of the agent's database role on the control tables, when another user created them: read
     * and write all seven (the migrated tables' DDL needs more, see docs/operations.md).
     */
    public List<String> agentGrants(String role, String schemaName) {
        String r = role(role);
        List<String> out = new java.util.ArrayList<>(dialect.schemaUsageGrants(schemaName, r));
        for (String t : List.of(state(), migrations(), instances(), jobs(), audit(), stats(), rollouts())) {
            out.add("GRANT SELECT, INSERT, UPDATE, DELETE ON " + t + " TO " + r);
        }
        return out;
    }

    private static String role(String role) {
        if (!role.matches("[A-Za-z_][A-Za-z0-9_$]{0,62}|'[^'\\\\]{1,80}'@'[^'\\\\]{1,255}'")) {
            throw new IllegalArgumentException("A role must be a plain name (letters, digits, _) or, on MySQL, "
                + "'user'@'host': " + role);
        }
        return role;
    }

    /**
     * The message for a control-table statement the database refused for lack of a privilege: which grants an
     * application role needs, and how to create them.
     */
    public String missingAppGrant(String failed, java.sql.SQLException e) {
        return "The database user may not " + failed + " (" + e.getMessage() + "). An application needs GRANT "
            + "SELECT ON " + state() + " and " + migrations() + ", and GRANT EXECUTE ON "
            + dialect.heartbeatRoutineGrantTarget(heartbeatRoutine()) + " and " + dialect.reportRoutineGrantTarget(
            reportRoutine()) + ": run 'tandem-agent init --app-role <role>' "
            + "(or --print to see the statements), see 'Privileges' in docs/operations.md";
    }

    /** The layout-1 heartbeat, a plain upsert. Parameters: instance id, host, app, version seen, lease ms. */
    public String heartbeat() {
        String cols = "(instance_id, host, app, version_seen, lease_ms, last_heartbeat, started_at) "
            + "VALUES (?, ?, ?, ?, ?, " + now() + ", " + now() + ")";
        return dialect.upsert("INSERT INTO " + instances() + " " + cols, "instance_id",
            List.of("host", "app", "version_seen", "lease_ms", "last_heartbeat"));
    }
}
