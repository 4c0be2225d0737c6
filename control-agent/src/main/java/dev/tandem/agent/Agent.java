package dev.tandem.agent;

import dev.tandem.agent.Views.AuditView;
import dev.tandem.agent.Views.InstanceView;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.Views.MigrationView;
import dev.tandem.agent.Views.ReloadView;
import dev.tandem.agent.Views.StatusView;
import dev.tandem.agent.Views.TransitionView;
import dev.tandem.agent.ddl.DdlPlan;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.agent.rollout.RolloutView;
import dev.tandem.driver.spec.Phase;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.List;

/**
 * The control agent as a library: the one object the CLI, the admin API and embedding applications
 * use. Thread-safe. Every operation that changes state is audited with its actor and reason.
 */
public interface Agent extends AutoCloseable {

    /** Opens an agent on the configured database (no tables are created until {@link #init()}). */
    static Agent open(AgentConfig config) {
        return DefaultAgent.open(config);
    }

    AgentConfig config();

    /** Creates or upgrades the control tables. Idempotent. */
    void init();

    /** Reads the config version: throws if the database or the control tables cannot be read (health checks). */
    void checkDatabase();

    /**
     * The least-privilege grants on the control tables for an application role and an agent role (either may
     * be null), run when {@code apply}, else only returned; see 'Privileges' in docs/operations.md.
     */
    List<String> grants(String appRole, String agentRole, boolean apply);

    /**
     * Validates the migration file and publishes it: new migrations are added, changed percents and
     * specs are updated, phase changes go through {@link #phase} with its guards. A file that fails
     * validation or a guard is rejected with a message naming the field, and nothing changes.
     */
    ReloadView reload(String actor);

    StatusView status();

    List<MigrationView> migrations();

    List<InstanceView> instances();

    List<JobView> jobs(int limit);

    JobView job(long id);

    List<AuditView> audit(int limit);

    /**
     * Moves a migration to {@code target} if the guards allow it (or {@code force}), publishes the new
     * config version and waits up to the barrier timeout for every live instance to run it. CONTRACT to
     * READ_NEW runs the reverse backfill after the barrier.
     */
    TransitionView phase(String migrationId, Phase target, boolean force, String reason, String actor);

    /** Expand and contract DDL for one migration ({@code null}: all), in the target's dialect. */
    List<DdlPlan> plan(String migrationId);

    /**
     * Runs the DDL of one migration that belongs to its phase ({@link DdlPlan#toApply}): the expand steps, from
     * SHADOW_READ on the tightening too, or with {@code contract} the contract steps; returns the statements run.
     */
    List<String> apply(String migrationId, boolean contract, String actor);

    /**
     * {@link #apply(String, boolean, String)}, telling {@code lockWaits} about every lock wait that timed out
     * (each statement gives up after the configured lock timeout and is tried again a bounded number of times).
     */
    default List<String> apply(String migrationId, boolean contract, String actor,
                               java.util.function.Consumer<String> lockWaits) {
        return apply(migrationId, contract, actor);
    }

    /**
     * Publishes a new config version for one migration and waits up to the barrier timeout for every live instance
     * to run it, so that each reads again where the schema stands. {@link #apply} does this itself after a rename
     * and after a move's COMPLETE drops; when a migration tool (Flyway, Liquibase) ran that DDL instead, this does it.
     */
    Views.BarrierView refresh(String migrationId, String actor);

    /** Runs (or resumes) a backfill in the calling thread; reverse writes old = backward(new). */
    JobView backfill(String migrationId, boolean reverse, AgentConfig.JobOptions options, JobListener listener,
                     String actor);

    /** Runs a reconcile in the calling thread; {@code repair} re-applies forward (backward from CONTRACT). */
    JobView reconcile(String migrationId, boolean repair, AgentConfig.JobOptions options, JobListener listener,
                      String actor);

    /** Starts a backfill on the agent's job thread and returns at once. */
    JobView startBackfill(String migrationId, boolean reverse, AgentConfig.JobOptions options, String actor);

    /** Starts a reconcile on the agent's job thread and returns at once. */
    JobView startReconcile(String migrationId, boolean repair, AgentConfig.JobOptions options, String actor);

    /** Asks a running job to pause or cancel, or resumes a paused one (on the agent's job thread). */
    JobView controlJob(long jobId, String action, String actor);

    /**
     * Sets READ_NEW's readNewPercent with a new config version (audited, action {@code percent}) and waits for the
     * barrier: the manual step the canary autopilot automates.
     */
    TransitionView readNewPercent(String migrationId, int percent, String reason, String actor);

    /**
     * Runs the canary autopilot for one migration in the calling thread (see docs/operations.md, 'Canary
     * autopilot'), telling {@code listener} about every change; returns the final state.
     */
    RolloutView rollout(String migrationId, RolloutOptions options, boolean shadowFirst, String actor,
                        java.util.function.Consumer<RolloutView> listener);

    /**
     * The canary autopilot's settings for one migration: the agent config's {@code rollout:} with the migration's
     * own {@code rollout:} from the spec in their place (the CLI's and API's options go on top).
     */
    default RolloutOptions rolloutOptions(String migrationId) {
        return config().rollout();
    }

    /** Starts the canary autopilot on an agent thread and returns at once. */
    RolloutView startRollout(String migrationId, RolloutOptions options, boolean shadowFirst, String actor);

    /** Pauses, resumes or aborts a rollout this agent runs ({@code action}: pause, resume, abort). */
    RolloutView controlRollout(String migrationId, String action, String actor);

    /** Every rollout: those this agent runs, and the others as stored in the rollouts table. */
    List<RolloutView> rollouts();

    /**
     * The agent's meters (backfill, reconcile, barrier, rollouts, phases, instances), scraped at /metrics; the phase
     * and instance gauges are refreshed from the control tables by each call.
     */
    PrometheusMeterRegistry meters();

    @Override
    void close();
}
