package dev.tandem.agent.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.JobKind;
import dev.tandem.agent.JobState;
import dev.tandem.agent.Views.JobView;
import dev.tandem.driver.schema.ControlSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The jobs table: one row per backfill, reverse backfill or reconcile, with its checkpoint. A chunk's
 * checkpoint is written through {@link #checkpoint} on the chunk's own connection, in its transaction.
 */
public final class JobStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * How long an active job's row must be untouched (no chunk, checkpoint or runner heartbeat) before it shows
     * as {@link JobState#STALLED} and another agent may take it over.
     */
    public static final Duration STALE_AFTER = Duration.ofSeconds(30);

    /** How often a runner touches its job's row; well within {@link #STALE_AFTER}. */
    public static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(5);

    private static final List<JobState> UNFINISHED_IDLE = List.of(JobState.PAUSED, JobState.FAILED);

    /**
     * A job row with its checkpoint (the last key of the last committed chunk, as JSON text values) and the
     * options it was started with (null for jobs of layout 1).
     */
    public record Job(JobView view, List<String> checkpoint, String owner, long configVersion,
                      AgentConfig.JobOptions options) {
    }

    private final Db db;
    private final ControlSchema schema;
    private final String columns;

    public JobStore(Db db, ControlSchema schema) {
        this.db = db;
        this.schema = schema;
        this.columns = "id, migration_id, kind, state, rows_done, rows_scanned, chunks_done, estimate, started_at, "
            + "updated_at, finished_at, error, result, checkpoint, owner, config_version, options, "
            + schema.ageMillis("updated_at");
    }

    /** The slot an unfinished job of {@code kind} holds for its migration; the unique column allows one. */
    private static String slot(String migrationId, JobKind kind) {
        return kind.text() + "/" + migrationId;
    }

    /**
     * Creates a running job holding the migration's slot for its kind. Fails (REFUSED) if another unfinished job
     * of that kind holds it: two agents starting the same job at once both pass the check for a job to resume,
     * and the database lets only one insert.
     */
    public Job create(String migrationId, JobKind kind, Long estimate, long configVersion, String owner,
                      AgentConfig.JobOptions options) {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema.jobs()
            + " (migration_id, kind, state, rows_done, rows_scanned, chunks_done, estimate, started_at, updated_at, "
            + "owner, config_version, active_slot, options) VALUES (?, ?, ?, 0, 0, 0, ?, " + schema.now() + ", "
            + schema.now() + ", ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, migrationId);
            ps.setString(2, kind.text());
            ps.setString(3, JobState.RUNNING.text());
            if (estimate == null) {
                ps.setNull(4, java.sql.Types.BIGINT);
            } else {
                ps.setLong(4, estimate);
            }
            ps.setString(5, owner);
            ps.setLong(6, configVersion);
            ps.setString(7, slot(migrationId, kind));
            ps.setString(8, options == null ? null : json(options));
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return get(rs.getLong(1));
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getSQLState()).startsWith("23")) {
                throw slotTaken(migrationId, kind, e);
            }
            throw ControlStore.failed("create a job", e);
        }
    }

    private AgentException slotTaken(String migrationId, JobKind kind, SQLException e) {
        Job holder = one("WHERE active_slot = ?", slot(migrationId, kind));
        return new AgentException(AgentException.Kind.REFUSED, "Another " + kind + " job of '" + migrationId + "' is "
            + "unfinished" + (holder == null ? "" : ": job " + holder.view().id() + ", " + holder.view().state()
            + " (agent " + holder.owner() + ")") + ". Only one may exist per migration and kind; resume, pause or "
            + "cancel that one ('tandem-agent jobs')", e);
    }

    /**
     * Frees the slot of unfinished reconcile-like jobs nobody runs (paused, failed, or stalled for
     * {@code staleAfter}), so a new job of that kind can start; a running one keeps it.
     */
    public void releaseIdleSlot(String migrationId, JobKind kind, Duration staleAfter) {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement("UPDATE " + schema.jobs()
            + " SET active_slot = NULL WHERE active_slot = ? AND (state IN (" + in(UNFINISHED_IDLE) + ") OR "
            + schema.ageMillis("updated_at") + " > ?)")) {
            ps.setString(1, slot(migrationId, kind));
            ps.setLong(2, staleAfter.toMillis());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw ControlStore.failed("release the job slot of " + migrationId, e);
        }
    }

    /** Stores the options a job runs with (a resume given new ones, or a job of layout 1). */
    public void setOptions(long id, AgentConfig.JobOptions options) {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement("UPDATE " + schema.jobs()
            + " SET options = ? WHERE id = ?")) {
            ps.setString(1, json(options));
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw ControlStore.failed("update job " + id, e);
        }
    }

    /**
     * The runner's heartbeat: touches the row of a job {@code owner} still runs, so that it never looks
     * stalled while a slow chunk or the throttle keeps it from checkpointing. Returns false if the job is no
     * longer this owner's.
     */
    public boolean heartbeat(long id, String owner) {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement("UPDATE " + schema.jobs()
            + " SET updated_at = " + schema.now() + " WHERE id = ? AND owner = ? AND state IN (" + in(List.of(
            JobState.RUNNING, JobState.PAUSE_REQUESTED, JobState.CANCEL_REQUESTED)) + ")")) {
            ps.setLong(1, id);
            ps.setString(2, owner);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw ControlStore.failed("heartbeat job " + id, e);
        }
    }

    /** The latest unfinished job of this kind for the migration (running, paused or failed), or null. */
    public Job resumable(String migrationId, JobKind kind) {
        return one("WHERE migration_id = ? AND kind = ? AND state NOT IN (" + in(List.of(JobState.DONE,
            JobState.CANCELLED)) + ") ORDER BY id DESC", migrationId, kind.text());
    }

    /** The latest job of this kind for the migration in any state, or null. */
    public Job latest(String migrationId, JobKind kind) {
        return one("WHERE migration_id = ? AND kind = ? ORDER BY id DESC", migrationId, kind.text());
    }

    public Job get(long id) {
        Job j = one("WHERE id = ?", id);
        if (j == null) {
            throw new AgentException(AgentException.Kind.NOT_FOUND, "No job with id " + id
                + "; 'tandem-agent jobs' lists them");
        }
        return j;
    }

    public List<JobView> list(int limit, boolean activeOnly) {
        String where = activeOnly ? " WHERE state IN (" + in(List.of(JobState.RUNNING, JobState.PAUSE_REQUESTED,
            JobState.CANCEL_REQUESTED, JobState.PAUSED)) + ")" : "";
        List<JobView> out = new ArrayList<>();
        try (Connection c = db.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT " + columns + " FROM " + schema.jobs() + where + " ORDER BY id DESC LIMIT "
                + Math.max(1, Math.min(limit, 10_000)))) {
            while (rs.next()) {
                out.add(read(rs).view());
            }
        } catch (SQLException e) {
            throw ControlStore.failed("read " + schema.jobs(), e);
        }
        return out;
    }

    /**
     * Takes a job over for {@code owner} and marks it running; fails if another live runner holds it. A
     * runner on this host whose process is gone (killed) is known dead at once; elsewhere its row must have
     * been quiet for {@code staleAfter}.
     */
    public void claim(long id, String owner, Duration staleAfter) {
        String previous = get(id).owner();
        if (previous != null && !previous.equals(owner) && deadOnThisHost(previous, owner)) {
            staleAfter = Duration.ZERO;
        }
        Job job = get(id);
        String sql = "UPDATE " + schema.jobs() + " SET owner = ?, state = ?, updated_at = " + schema.now()
            + ", error = NULL, active_slot = ? WHERE id = ? AND (owner = ? OR state <> ? OR "
            + schema.ageMillis("updated_at") + " > ?)";
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, owner);
            ps.setString(2, JobState.RUNNING.text());
            ps.setString(3, slot(job.view().migrationId(), JobKind.of(job.view().kind())));
            ps.setLong(4, id);
            ps.setString(5, owner);
            ps.setString(6, JobState.RUNNING.text());
            ps.setLong(7, staleAfter.toMillis() - 1);
            if (ps.executeUpdate() != 1) {
                throw new AgentException(AgentException.Kind.REFUSED, "Job " + id + " is running in another agent "
                    + "process (it updated its row within the last " + staleAfter.toSeconds() + " s); pause or cancel "
                    + "it there, or wait until it stops");
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getSQLState()).startsWith("23")) {
                throw slotTaken(job.view().migrationId(), JobKind.of(job.view().kind()), e);
            }
            throw ControlStore.failed("claim job " + id, e);
        }
    }

    /** Owners are host:pid; true if {@code other} ran on our host and that process no longer exists. */
    private static boolean deadOnThisHost(String other, String self) {
        int a = other.lastIndexOf(':');
        int b = self.lastIndexOf(':');
        if (a < 0 || b < 0 || !other.substring(0, a).equals(self.substring(0, b))) {
            return false;
        }
        try {
            String pid = other.substring(a + 1).split("-")[0];
            return ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Records a committed chunk; run on the chunk's connection, inside its transaction. A non-null
     * {@code result} (a reconcile's running mismatch count and sample) is stored with the checkpoint, so a
     * resumed job can never under-report what the committed chunks found.
     */
    public void checkpoint(Connection c, long id, List<String> lastKey, long rowsDelta, long scannedDelta,
                           Map<String, Object> result) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema.jobs() + " SET checkpoint = ?, rows_done = "
            + "rows_done + ?, rows_scanned = rows_scanned + ?, chunks_done = chunks_done + 1, result = COALESCE(?, "
            + "result), updated_at = " + schema.now() + " WHERE id = ?")) {
            ps.setString(1, lastKey == null ? null : json(lastKey));
            ps.setLong(2, rowsDelta);
            ps.setLong(3, scannedDelta);
            ps.setString(4, result == null ? null : json(result));
            ps.setLong(5, id);
            ps.executeUpdate();
        }
    }

    /** The current state (operators may have requested pause or cancel). */
    public JobState state(long id) {
        return JobState.of(get(id).view().state());
    }

    /**
     * The current state, read on the runner's own connection (no connection opened per chunk). Commits, so
     * the read neither holds a snapshot nor starts the next chunk's transaction early.
     */
    public JobState state(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM " + schema.jobs() + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                String state = rs.next() ? rs.getString(1) : null;
                c.commit();
                if (state == null) {
                    throw new AgentException(AgentException.Kind.NOT_FOUND, "Job " + id + " was deleted while running");
                }
                return JobState.of(state);
            }
        }
    }

    public void setState(long id, JobState state, String error, Map<String, Object> result) {
        boolean finished = state.finished();
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement("UPDATE " + schema.jobs()
            + " SET state = ?, error = ?, result = COALESCE(?, result), updated_at = " + schema.now()
            + (finished ? ", finished_at = " + schema.now() : "")
            + (state == JobState.DONE || state == JobState.CANCELLED ? ", active_slot = NULL" : "") + " WHERE id = ?")) {
            ps.setString(1, state.text());
            ps.setString(2, error);
            ps.setString(3, result == null ? null : json(result));
            ps.setLong(4, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw ControlStore.failed("update job " + id, e);
        }
    }

    /** Sets {@code to} only if the job is in one of {@code from}; returns whether it changed. */
    public boolean transition(long id, List<JobState> from, JobState to) {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement("UPDATE " + schema.jobs()
            + " SET state = ?, updated_at = " + schema.now() + (to == JobState.CANCELLED ? ", active_slot = NULL" : "")
            + " WHERE id = ? AND state IN (" + in(from) + ")")) {
            ps.setString(1, to.text());
            ps.setLong(2, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw ControlStore.failed("update job " + id, e);
        }
    }

    /** States as an SQL list of literals, e.g. {@code 'done', 'cancelled'} (the texts need no escaping). */
    private static String in(List<JobState> states) {
        return "'" + String.join("', '", states.stream().map(JobState::text).toList()) + "'";
    }

    private Job one(String where, Object... params) {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM "
            + schema.jobs() + " " + where + " LIMIT 1")) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        } catch (SQLException e) {
            throw ControlStore.failed("read " + schema.jobs(), e);
        }
    }

    private static Job read(ResultSet rs) throws SQLException {
        String state = rs.getString(4);
        if (JobState.of(state).active() && rs.getLong(18) > STALE_AFTER.toMillis()) {
            state = JobState.STALLED.text();
        }
        long estimate = rs.getLong(8);
        Long est = rs.wasNull() ? null : estimate;
        Instant started = ControlStore.instant(rs.getTimestamp(9));
        Instant updated = ControlStore.instant(rs.getTimestamp(10));
        Instant finished = ControlStore.instant(rs.getTimestamp(11));
        long scanned = rs.getLong(6);
        Instant end = finished != null ? finished : updated;
        double seconds = started == null || end == null ? 0 : Math.max(0.001,
            Duration.between(started, end).toMillis() / 1000.0);
        Map<String, Object> result = parse(rs.getString(13), new TypeReference<Map<String, Object>>() { });
        List<String> checkpoint = parse(rs.getString(14), new TypeReference<List<String>>() { });
        JobView view = new JobView(rs.getLong(1), rs.getString(2), rs.getString(3), state, rs.getLong(5),
            scanned, rs.getLong(7), est, started, updated, finished, rs.getString(12), result,
            seconds == 0 ? 0 : scanned / seconds);
        return new Job(view, checkpoint, rs.getString(15), rs.getLong(16),
            parse(rs.getString(17), new TypeReference<AgentConfig.JobOptions>() { }));
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T parse(String text, TypeReference<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new AgentException(AgentException.Kind.FAILED, "Corrupt JSON in the jobs table: " + text, e);
        }
    }
}
