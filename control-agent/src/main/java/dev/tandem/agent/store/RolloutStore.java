package dev.tandem.agent.store;

import dev.tandem.driver.schema.ControlSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The canary autopilot's tables: the figures instances report ({@link ControlSchema#stats()}, read-only here)
 * and the rollouts themselves ({@link ControlSchema#rollouts()}, one JSON document per migration).
 */
public final class RolloutStore {
    /**
     * One instance as the autopilot sees it: live (heartbeat within its lease, not in the future), and its
     * last report with that report's age; {@code stats} is null when it never reported.
     */
    public record Reported(String instanceId, boolean live, long leaseMs, String stats, long reportAgeMs) {
    }

    /** One stored rollout: its state, its JSON document, and how long ago its row was last written. */
    public record Stored(String migrationId, String state, String doc, long ageMs) {
        /** Running, holding or paused, and written within {@link #ORPHANED_AFTER_MS} by the process running it. */
        public boolean active() {
            return (state.equals("RUNNING") || state.equals("HOLDING") || state.equals("PAUSED"))
                && ageMs < ORPHANED_AFTER_MS;
        }
    }

    /**
     * A running rollout's row is written at least every {@code TOUCH_MS} (10 s); one silent for this long belongs
     * to an agent process that stopped.
     */
    public static final long ORPHANED_AFTER_MS = 60_000;

    private final Db db;
    private final ControlSchema schema;

    public RolloutStore(Db db, ControlSchema schema) {
        this.db = db;
        this.schema = schema;
    }

    public List<Reported> reports() {
        String sql = "SELECT i.instance_id, i.lease_ms, " + schema.heartbeatAgeMillis() + ", s.stats, "
            + (db.dialect().millisSinceUtc("s.reported_at")) + " FROM " + schema.instances() + " i LEFT JOIN "
            + schema.stats() + " s ON s.instance_id = i.instance_id ORDER BY i.instance_id";
        List<Reported> out = new ArrayList<>();
        try (Connection c = db.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                long lease = rs.getLong(2);
                long age = rs.getLong(3);
                boolean live = age >= -ControlStore.FUTURE_TOLERANCE_MS && age <= lease;
                String stats = rs.getString(4);
                long reportAge = rs.getLong(5);
                out.add(new Reported(rs.getString(1), live, lease, stats, rs.wasNull() ? Long.MAX_VALUE : reportAge));
            }
        } catch (SQLException e) {
            throw ControlStore.failed("read " + schema.stats(), e);
        }
        return out;
    }

    public void save(String migrationId, String state, String doc) {
        String sql = db.dialect().upsert("INSERT INTO " + schema.rollouts() + " (migration_id, state, doc, updated_at) "
            + "VALUES (?, ?, ?, " + schema.now() + ")", "migration_id", List.of("state", "doc", "updated_at"));
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, migrationId);
            ps.setString(2, state);
            ps.setString(3, doc);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw ControlStore.failed("write " + schema.rollouts(), e);
        }
    }

    /**
     * Leaves a pause, resume or abort for the agent process that runs the rollout of {@code migrationId};
     * false if no rollout of it is running.
     */
    public boolean request(String migrationId, String action) {
        String sql = "UPDATE " + schema.rollouts() + " SET request = ? WHERE migration_id = ? AND state IN "
            + "('RUNNING', 'HOLDING', 'PAUSED')";
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, action);
            ps.setString(2, migrationId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw ControlStore.failed("write " + schema.rollouts(), e);
        }
    }

    /** Takes the request left for the rollout of {@code migrationId}, clearing it; null if there is none. */
    public String takeRequest(String migrationId) {
        try (Connection c = db.open()) {
            String request;
            try (PreparedStatement ps = c.prepareStatement("SELECT request FROM " + schema.rollouts()
                + " WHERE migration_id = ?")) {
                ps.setString(1, migrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    request = rs.next() ? rs.getString(1) : null;
                }
            }
            if (request == null) {
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema.rollouts() + " SET request = NULL "
                + "WHERE migration_id = ? AND request = ?")) {
                ps.setString(1, migrationId);
                ps.setString(2, request);
                return ps.executeUpdate() == 1 ? request : null;
            }
        } catch (SQLException e) {
            throw ControlStore.failed("read " + schema.rollouts(), e);
        }
    }

    /** Migrations whose latest rollout is {@link Stored#active()}. */
    public java.util.Set<String> active() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (Stored s : all()) {
            if (s.active()) {
                out.add(s.migrationId());
            }
        }
        return out;
    }

    /** Marks the rollout of {@code migrationId} as still driven by a live agent process. */
    public void touch(String migrationId) {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement("UPDATE " + schema.rollouts()
            + " SET updated_at = " + schema.now() + " WHERE migration_id = ?")) {
            ps.setString(1, migrationId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw ControlStore.failed("write " + schema.rollouts(), e);
        }
    }

    public List<Stored> all() {
        try (Connection c = db.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT migration_id, state, doc, " + schema.ageMillis("updated_at") + " FROM " + schema.rollouts()
                + " ORDER BY migration_id")) {
            List<Stored> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
            return out;
        } catch (SQLException e) {
            throw ControlStore.failed("read " + schema.rollouts(), e);
        }
    }
}
