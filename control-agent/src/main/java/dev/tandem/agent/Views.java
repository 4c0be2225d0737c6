package dev.tandem.agent;

import dev.tandem.driver.spec.Phase;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Read-only views the agent hands to the CLI and the admin API (serialised as JSON as they are). */
public final class Views {
    private Views() {
    }

    /** One migration as the control table holds it. */
    public record MigrationView(String id, String table, Phase phase, long version, Instant updatedAt,
                                String updatedBy, boolean reversePending, List<String> oldColumns,
                                List<String> newColumns, int readNewPercent, int shadowReadPercent) {
    }

    /**
     * One driver instance. {@code live} means its heartbeat is within its lease. {@code heartbeatInFuture}: the
     * heartbeat lies ahead of the server's clock, so it was forged; such an instance is not live but lagging.
     */
    public record InstanceView(String instanceId, String host, String app, long versionSeen, long leaseMs,
                               long heartbeatAgeMs, boolean live, boolean lagging, boolean heartbeatInFuture) {
        public InstanceView(String instanceId, String host, String app, long versionSeen, long leaseMs,
                            long heartbeatAgeMs, boolean live, boolean lagging) {
            this(instanceId, host, app, versionSeen, leaseMs, heartbeatAgeMs, live, lagging, false);
        }

        /** Its heartbeat for a report: how long ago, or that it is in the future and so not trusted. */
        public String heartbeat() {
            return heartbeatInFuture ? "IN THE FUTURE by " + -heartbeatAgeMs + " ms (not written by a Tandem driver, "
                + "or by one whose session clock differs; not live, holds the barrier until it heartbeats truthfully "
                + "or its row is deleted)" : heartbeatAgeMs + " ms ago";
        }
    }

    /** One backfill, reverse backfill or reconcile job. */
    public record JobView(long id, String migrationId, String kind, String state, long rowsDone, long rowsScanned,
                          long chunksDone, Long estimate, Instant startedAt, Instant updatedAt, Instant finishedAt,
                          String error, Map<String, Object> result, double rowsPerSecond) {
    }

    /** One audit entry: a transition, a forced transition, a reload, a job start. */
    public record AuditView(long id, Instant at, String migrationId, String fromPhase, String toPhase, Long version,
                            String actor, String reason, boolean forced, String action, String detail) {
    }

    /** The barrier for one config version: complete when no live instance runs an older one. */
    public record BarrierView(long version, boolean complete, List<InstanceView> lagging, List<InstanceView> dropped) {
        public BarrierView(long version, boolean complete, List<InstanceView> lagging) {
            this(version, complete, lagging, List.of());
        }

        /**
         * The barrier at {@code version} among {@code instances}: lagging are the live ones on an older version;
         * dropped are those silent past their lease on an older version, which no longer hold the barrier (their
         * drivers refuse writes to migrated tables until they refresh) and are named so an operator sees them.
         */
        public static BarrierView of(long version, List<InstanceView> instances) {
            List<InstanceView> lagging = instances.stream().filter(InstanceView::lagging).toList();
            List<InstanceView> dropped = instances.stream()
                .filter(i -> !i.live() && !i.lagging() && i.versionSeen() < version).toList();
            return new BarrierView(version, lagging.isEmpty(), lagging, dropped);
        }
    }

    /** The result of a phase change. */
    public record TransitionView(String migrationId, Phase from, Phase to, long version, boolean forced,
                                 BarrierView barrier, String note) {
    }

    /** The result of publishing the migration file. */
    public record ReloadView(long version, List<String> added, List<String> changed, List<String> removed,
                             List<TransitionView> transitions) {
    }

    /** Everything {@code status} shows. */
    public record StatusView(long configVersion, List<MigrationView> migrations, List<InstanceView> instances,
                             List<JobView> activeJobs, BarrierView barrier) {
    }
}
