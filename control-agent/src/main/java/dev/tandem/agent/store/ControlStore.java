package dev.tandem.agent.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.Views.AuditView;
import dev.tandem.agent.Views.InstanceView;
import dev.tandem.driver.schema.ControlSchema;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;
import dev.tandem.driver.spec.SpecException;
import dev.tandem.driver.spec.SpecParser;
import dev.tandem.driver.spec.SpecWriter;
import dev.tandem.driver.schema.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The control tables: migrations with their phase, the config version, driver instances and the audit
 * log. Every change bumps the config version in the same transaction as the change and its audit entry.
 */
public final class ControlStore {
    /** One migration row: the spec (with the row's phase applied) and its bookkeeping. */
    public record MigrationRow(Migration migration, long version, Instant updatedAt, String updatedBy,
                               boolean reversePending, Phase filePhase) {
    }

    private final Db db;
    private final ControlSchema schema;
    /**
     * Parsed specs by their stored text. Every job start and most API calls read the migration rows, and
     * parsing one spec (YAML, then each expression through JSqlParser) takes milliseconds, as long as a
     * small reconcile's whole scan; the same text always parses to the same (immutable) migration.
     */
    private final Cache<String, Migration> parsed = Caffeine.newBuilder().maximumSize(1024).build();

    public ControlStore(Db db, String prefix) {
        this.db = db;
        this.schema = new ControlSchema(prefix, db.dialect());
    }

    public ControlSchema schema() {
        return schema;
    }

    public Db db() {
        return db;
    }

    /**
     * A heartbeat further than this in the future is not the server's clock: it was written by hand (or by a
     * driver whose layout-1 heartbeat used another session time zone). Such an instance is not live, and holds
     * the barrier until it heartbeats truthfully or its row is deleted.
     */
    public static final long FUTURE_TOLERANCE_MS = 1000;

    /** Creates the control tables if needed and the state row; upgrades an older layout. */
    public void init() {
        String step = "create the control tables";
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            for (String ddl : schema.ddl()) {
                s.execute(ddl);
            }
            for (ControlSchema.Upgrade u : schema.upgrades()) {
                step = "add the column " + u.column() + " to " + u.table();
                if (!hasColumn(c, u.table(), u.column())) {
                    s.execute(u.ddl());
                }
            }
            step = "create the heartbeat routine " + schema.heartbeatRoutine();
            String schemaName = db.dialect().schemasAreCatalogs() ? c.getCatalog() : c.getSchema();
            for (String ddl : schema.heartbeatRoutineDdl(schemaName)) {
                s.execute(ddl);
            }
            step = "create the report routine " + schema.reportRoutine();
            for (String ddl : schema.reportRoutineDdl(schemaName)) {
                s.execute(ddl);
            }
            step = "write the state row of " + schema.state();
            try (ResultSet rs = s.executeQuery("SELECT schema_version FROM " + schema.state() + " WHERE id = 1")) {
                if (!rs.next()) {
                    s.executeUpdate("INSERT INTO " + schema.state() + " (id, config_version, schema_version) VALUES "
                        + "(1, 0, " + ControlSchema.SCHEMA_VERSION + ")");
                    return;
                }
            }
            s.executeUpdate("UPDATE " + schema.state() + " SET schema_version = " + ControlSchema.SCHEMA_VERSION
                + " WHERE id = 1 AND schema_version < " + ControlSchema.SCHEMA_VERSION);
        } catch (SQLException e) {
            throw failed(step + " (the agent's database user needs CREATE on the schema; see 'Privileges' in "
                + "docs/operations.md)", e);
        }
    }

    /** The grants of {@link ControlSchema#appGrants} and {@link ControlSchema#agentGrants}; run when {@code apply}. */
    public List<String> grants(String appRole, String agentRole, boolean apply) {
        String step = "read the current schema";
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            String schemaName = db.dialect().schemasAreCatalogs() ? c.getCatalog() : c.getSchema();
            List<String> out = new ArrayList<>();
            try {
                if (appRole != null) {
                    out.addAll(schema.appGrants(appRole, schemaName));
                }
                if (agentRole != null) {
                    out.addAll(schema.agentGrants(agentRole, schemaName));
                }
            } catch (IllegalArgumentException e) {
                throw new AgentException(AgentException.Kind.REFUSED, e.getMessage(), e);
            }
            if (apply) {
                for (String grant : out) {
                    step = "run '" + grant + "' (the role must exist, and the agent's user must own the control "
                        + "tables or hold the privileges WITH GRANT OPTION)";
                    s.execute(grant);
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed(step, e);
        }
    }

    private static boolean hasColumn(Connection c, String table, String column) {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT " + column + " FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    public long version() {
        try (Connection c = db.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(schema.selectVersion())) {
            if (!rs.next()) {
                throw new AgentException(AgentException.Kind.REFUSED, "The control tables are not initialised; run "
                    + "'tandem-agent init' first");
            }
            if (rs.getInt(2) < ControlSchema.SCHEMA_VERSION) {
                throw new AgentException(AgentException.Kind.REFUSED, "The control tables have layout " + rs.getInt(2)
                    + " and this agent needs layout " + ControlSchema.SCHEMA_VERSION + ": run 'tandem-agent init' to "
                    + "upgrade them (safe while applications run; their drivers keep working)");
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failed("read the config version", e);
        }
    }

    public List<MigrationRow> migrations() {
        try (Connection c = db.open()) {
            return migrations(c);
        } catch (SQLException e) {
            throw failed("read " + schema.migrations(), e);
        }
    }

    List<MigrationRow> migrations(Connection c) throws SQLException {
        List<MigrationRow> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, spec, phase, version, "
            + "updated_at, updated_by, reverse_pending, file_phase FROM " + schema.migrations() + " ORDER BY id")) {
            while (rs.next()) {
                String spec = rs.getString(2);
                Migration m = parsed.getIfPresent(spec);
                if (m == null) {
                    try {
                        m = SpecParser.parse(spec, schema.migrations() + " row " + rs.getString(1)).get(0);
                    } catch (SpecException e) {
                        throw new AgentException(AgentException.Kind.FAILED, e.getMessage(), e);
                    }
                    parsed.put(spec, m);
                }
                m = m.withPhase(Phase.valueOf(rs.getString(3)));
                String filePhase = rs.getString(8);
                out.add(new MigrationRow(m, rs.getLong(4), instant(rs.getTimestamp(5)), rs.getString(6),
                    rs.getBoolean(7), filePhase == null ? null : Phase.valueOf(filePhase)));
            }
        }
        return out;
    }

    public MigrationRow migration(String id) {
        for (MigrationRow r : migrations()) {
            if (r.migration().id().equals(id)) {
                return r;
            }
        }
        throw new AgentException(AgentException.Kind.NOT_FOUND, "Unknown migration '" + id + "'. Known: "
            + migrations().stream().map(r -> r.migration().id()).toList() + ". Add it to the migration file and "
            + "run 'tandem-agent reload'");
    }

    /** A unit of work on one connection and transaction; {@link #bump} gives it the next config version. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction holding the state row lock, so changes are serialised. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.executeQuery("SELECT config_version FROM " + schema.state() + " WHERE id = 1 FOR UPDATE").close();
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failed("update the control tables", e);
        }
    }

    /** Increments the config version (call inside {@link #inTransaction}). */
    public long bump(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE " + schema.state() + " SET config_version = config_version + 1 WHERE id = 1");
            try (ResultSet rs = s.executeQuery(schema.selectVersion())) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public void insertMigration(Connection c, Migration m, long version, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema.migrations() + " (id, table_name, spec, "
            + "phase, version, updated_at, updated_by, reverse_pending) VALUES (?, ?, ?, ?, ?, " + schema.now()
            + ", ?, ?)")) {
            ps.setString(1, m.id());
            ps.setString(2, m.table().toString());
            ps.setString(3, SpecWriter.toYaml(m));
            ps.setString(4, m.phase().name());
            ps.setLong(5, version);
            ps.setString(6, actor);
            ps.setBoolean(7, false);
            ps.executeUpdate();
        }
    }

    /** Updates spec and phase of a row; {@code reversePending} as given, or kept when null. */
    public void updateMigration(Connection c, Migration m, long version, String actor, Boolean reversePending)
        throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema.migrations() + " SET spec = ?, phase = ?, "
            + "version = ?, updated_at = " + schema.now() + ", updated_by = ?, reverse_pending = COALESCE(?, "
            + "reverse_pending) WHERE id = ?")) {
            ps.setString(1, SpecWriter.toYaml(m));
            ps.setString(2, m.phase().name());
            ps.setLong(3, version);
            ps.setString(4, actor);
            if (reversePending == null) {
                ps.setNull(5, java.sql.Types.BOOLEAN);
            } else {
                ps.setBoolean(5, reversePending);
            }
            ps.setString(6, m.id());
            ps.executeUpdate();
        }
    }

    /** Remembers the phase the migration file said when it was last published. */
    public void setFilePhase(Connection c, String id, Phase phase) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema.migrations() + " SET file_phase = ? WHERE id = ?")) {
            ps.setString(1, phase.name());
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    public void setReversePending(String id, boolean pending) {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement("UPDATE " + schema.migrations()
            + " SET reverse_pending = ? WHERE id = ?")) {
            ps.setBoolean(1, pending);
            ps.setString(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failed("update " + schema.migrations(), e);
        }
    }

    public void deleteMigration(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + schema.migrations() + " WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /** Appends an audit entry (inside or outside a transaction). */
    public void audit(Connection c, String migrationId, Phase from, Phase to, Long version, String actor, String reason,
                      boolean forced, String action, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema.audit() + " (at, migration_id, "
            + "from_phase, to_phase, version, actor, reason, forced, action, detail) VALUES (" + schema.now()
            + ", ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, migrationId);
            ps.setString(2, from == null ? null : from.name());
            ps.setString(3, to == null ? null : to.name());
            if (version == null) {
                ps.setNull(4, java.sql.Types.BIGINT);
            } else {
                ps.setLong(4, version);
            }
            ps.setString(5, actor);
            ps.setString(6, reason);
            ps.setBoolean(7, forced);
            ps.setString(8, action);
            ps.setString(9, detail);
            ps.executeUpdate();
        }
    }

    public void audit(String migrationId, Phase from, Phase to, Long version, String actor, String reason,
                      boolean forced, String action, String detail) {
        try (Connection c = db.open()) {
            audit(c, migrationId, from, to, version, actor, reason, forced, action, detail);
        } catch (SQLException e) {
            throw failed("write the audit log", e);
        }
    }

    public List<AuditView> auditLog(int limit) {
        String sql = "SELECT id, at, migration_id, from_phase, to_phase, version, actor, reason, forced, action, "
            + "detail FROM " + schema.audit() + " ORDER BY id DESC LIMIT " + Math.max(1, Math.min(limit, 10_000));
        List<AuditView> out = new ArrayList<>();
        try (Connection c = db.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                long v = rs.getLong(6);
                Long version = rs.wasNull() ? null : v;
                out.add(new AuditView(rs.getLong(1), instant(rs.getTimestamp(2)), rs.getString(3), rs.getString(4),
                    rs.getString(5), version, rs.getString(7), rs.getString(8), rs.getBoolean(9), rs.getString(10),
                    rs.getString(11)));
            }
        } catch (SQLException e) {
            throw failed("read the audit log", e);
        }
        return out;
    }

    /**
     * Driver instances; {@code minVersion} marks live instances running an older version as lagging, and so
     * every instance whose heartbeat is in the future: its version and its liveness cannot be trusted.
     */
    public List<InstanceView> instances(long minVersion) {
        String sql = "SELECT instance_id, host, app, version_seen, lease_ms, " + schema.heartbeatAgeMillis()
            + " FROM " + schema.instances() + " ORDER BY instance_id";
        List<InstanceView> out = new ArrayList<>();
        try (Connection c = db.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                long lease = rs.getLong(5);
                long age = rs.getLong(6);
                boolean future = age < -FUTURE_TOLERANCE_MS;
                boolean live = !future && age <= lease;
                long seen = rs.getLong(4);
                out.add(new InstanceView(rs.getString(1), rs.getString(2), rs.getString(3), seen, lease, age, live,
                    future || live && seen < minVersion, future));
            }
        } catch (SQLException e) {
            throw failed("read " + schema.instances(), e);
        }
        return out;
    }

    /** Removes instances silent for longer than {@code factor} times their lease (housekeeping). */
    public int forgetDeadInstances(long factor) {
        String sql = "DELETE FROM " + schema.instances() + " WHERE " + schema.heartbeatAgeMillis()
            + " > lease_ms * " + factor;
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        } catch (SQLException e) {
            throw failed("clean up " + schema.instances(), e);
        }
    }

    public Dialect dialect() {
        return db.dialect();
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    public static AgentException failed(String what, SQLException e) {
        return new AgentException(AgentException.Kind.FAILED, "Could not " + what + ": " + e.getMessage()
            + " (SQLState " + e.getSQLState() + ")" + hint(e), e);
    }

    /** What to do about a failure, by its SQLState class: credentials, connection, or missing control tables. */
    static String hint(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("28")) {
            return ". Check the user and password of the target database in the agent config (database.url, "
                + "database.user, database.password)";
        }
        if (state.startsWith("08")) {
            return ". Check that the database is reachable at the URL in the agent config";
        }
        if (state.equals("42P01") || state.equals("42S02") || e.getErrorCode() == 1146) {
            return ". The control tables do not exist in this database: run 'tandem-agent init' first";
        }
        return "";
    }
}
