package dev.tandem.agent;

import dev.tandem.agent.Views.AuditView;
import dev.tandem.agent.Views.BarrierView;
import dev.tandem.agent.Views.InstanceView;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.Views.MigrationView;
import dev.tandem.agent.Views.ReloadView;
import dev.tandem.agent.Views.StatusView;
import dev.tandem.agent.Views.TransitionView;
import dev.tandem.agent.ddl.DdlPlan;
import dev.tandem.agent.ddl.DdlPlanner;
import dev.tandem.agent.ddl.DdlRunner;
import dev.tandem.agent.ddl.RenamePlanner;
import dev.tandem.agent.ddl.MoveCatalog;
import dev.tandem.agent.jobs.ChunkedJob;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.agent.jobs.JobMeters;
import dev.tandem.agent.jobs.Jobs;
import dev.tandem.agent.phase.Barrier;
import dev.tandem.agent.phase.Guards;
import dev.tandem.agent.phase.PhaseService;
import dev.tandem.agent.phase.Reload;
import dev.tandem.agent.rollout.RolloutView;
import dev.tandem.agent.store.ControlStore;
import dev.tandem.agent.store.ControlStore.MigrationRow;
import dev.tandem.agent.store.Db;
import dev.tandem.agent.store.JobStore;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** The agent: wires the control store, phase service, jobs and DDL planner behind {@link Agent}. */
final class DefaultAgent implements Agent {
    private static final System.Logger LOG = System.getLogger(DefaultAgent.class.getName());

    private final AgentConfig config;
    private final Db db;
    private final ControlStore store;
    private final JobStore jobs;
    private final Barrier barrier;
    private final Guards guards;
    private final PhaseService phases;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JobMeters jobMeters = new JobMeters(meters);
    private final FleetMeters fleetMeters = new FleetMeters(meters);
    private final ExecutorService jobThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tandem-agent-job");
        t.setDaemon(true);
        return t;
    });
    private static final java.util.concurrent.atomic.AtomicInteger AGENTS = new java.util.concurrent.atomic.AtomicInteger();
    private final String owner;
    private final dev.tandem.agent.rollout.Rollouts rollouts;
    private final dev.tandem.agent.store.RolloutStore rolloutStore;

    private DefaultAgent(AgentConfig config) {
        this.config = config;
        this.db = new Db(config.jdbcUrl(), config.user(), config.password());
        this.store = new ControlStore(db, config.controlPrefix());
        this.jobs = new JobStore(db, store.schema());
        this.barrier = new Barrier(store, meters);
        this.guards = new Guards(store, jobs, barrier);
        this.phases = new PhaseService(store, guards, barrier, config.barrierTimeout());
        // host:pid, and a number for a second agent in one JVM: two agents never share a job's ownership.
        int n = AGENTS.incrementAndGet();
        this.owner = hostName() + ":" + ManagementFactory.getRuntimeMXBean().getPid() + (n > 1 ? "-" + n : "");
        this.rolloutStore = new dev.tandem.agent.store.RolloutStore(db, store.schema());
        this.rollouts = dev.tandem.agent.rollout.Rollouts.over(rolloutStore,
            new dev.tandem.agent.rollout.AgentMoves(phases, store, rolloutStore),
            new dev.tandem.agent.rollout.RolloutMeters(meters));
        Gauge.builder("tandem.barrier.lagging", this::laggingCount)
            .description("Live driver instances running an older config version than the control tables")
            .register(meters);
    }

    static Agent open(AgentConfig config) {
        if (config.jdbcUrl() == null) {
            throw new AgentException(AgentException.Kind.INVALID, "No target database: set database.url in the agent "
                + "config or pass --jdbc-url");
        }
        return new DefaultAgent(config);
    }

    @Override
    public AgentConfig config() {
        return config;
    }

    @Override
    public void init() {
        store.init();
    }

    @Override
    public void checkDatabase() {
        store.version();
    }

    @Override
    public List<String> grants(String appRole, String agentRole, boolean apply) {
        return store.grants(appRole, agentRole, apply);
    }

    @Override
    public ReloadView reload(String actor) {
        return new Reload(store, guards, config.migrationsFile(), config.specFunctions(), rolloutStore::active)
            .run(actor, this);
    }

    @Override
    public StatusView status() {
        long version = store.version();
        List<InstanceView> instances = store.instances(version);
        return new StatusView(version, migrations(), instances, jobs.list(50, true),
            BarrierView.of(version, instances));
    }

    @Override
    public List<MigrationView> migrations() {
        List<MigrationView> out = new ArrayList<>();
        for (MigrationRow r : store.migrations()) {
            Migration m = r.migration();
            out.add(new MigrationView(m.id(), tableShown(m), m.phase(), r.version(), r.updatedAt(),
                r.updatedBy(), r.reversePending(), List.copyOf(m.oldColumns()), List.copyOf(m.newColumns()),
                m.readNewPercent(), m.shadowReadPercent()));
        }
        return out;
    }

    /** The table; for a rename, both names and where the rename stands (whether the compatibility view exists). */
    private String tableShown(Migration m) {
        if (m.kind() == Migration.Kind.MOVE) {
            return moveTables(m);
        }
        if (m.kind() != Migration.Kind.RENAME) {
            return m.table().toString();
        }
        try (Connection c = db.open()) {
            return m.table() + " -> " + m.target() + " (" + new RenamePlanner(db.dialect()).state(m, c).describe(m)
                + ")";
        } catch (SQLException e) {
            return m.table() + " -> " + m.target() + " (state unknown: " + e.getMessage() + ")";
        }
    }

    /**
     * A rename's rollback to EXPAND: the table back under its old name, with a view under the new name for the
     * instances that read the rename state before; then a new config version, so that every instance reads it
     * again, and once all run it (the barrier) that view is dropped. Lock-safe like apply.
     */
    private void revertRename(Migration m, String actor) {
        String what = "rename back of '" + m.id() + "'";
        RenamePlanner planner = new RenamePlanner(db.dialect());
        DdlRunner runner = new DdlRunner(db.dialect(), config.ddl(), line -> { });
        List<String> ran = new ArrayList<>();
        try (Connection c = db.open()) {
            ran.addAll(runner.run(c, planner.revert(m, c), what));
            long v = republish(m, actor, "the table was renamed back");
            if (barrier.await(v, config.barrierTimeout()).complete() && planner.state(m, c).reverseView()) {
                ran.addAll(runner.run(c, List.of(new DdlPlan.DdlStep(DdlPlan.Stage.EXPAND, "DROP VIEW " + m.target(),
                    null, null)), what));
            }
        } catch (SQLException e) {
            throw ControlStore.failed("run the " + what + " (the migration is in EXPAND; move it to DUAL_WRITE and "
                + "back to EXPAND to try again)", e);
        }
        store.audit(m.id(), Phase.EXPAND, Phase.EXPAND, null, actor, null, false, "apply-revert",
            String.join("; ", ran));
    }

    @Override
    public Views.BarrierView refresh(String migrationId, String actor) {
        Migration m = store.migration(migrationId).migration();
        long v = republish(m, actor, "refresh: DDL run outside the agent");
        return barrier.await(v, config.barrierTimeout());
    }

    /** A new config version after rename DDL: every instance reads where the rename stands when it loads it. */
    private long republish(Migration m, String actor, String why) {
        long v = store.inTransaction(c -> store.bump(c));
        store.audit(m.id(), m.phase(), m.phase(), v, actor, null, false, "republish", why);
        return v;
    }


    /** A move's tables and the target's state, e.g. "products -> inventory (target exists; no foreign key)". */
    private String moveTables(Migration m) {
        try (Connection c = db.open()) {
            return m.table() + " -> " + m.target() + " (" + new MoveCatalog(db.dialect()).describeTarget(m, c) + ")";
        } catch (SQLException e) {
            throw ControlStore.failed("read the target table of " + m.id(), e);
        }
    }

    @Override
    public List<InstanceView> instances() {
        return store.instances(store.version());
    }

    @Override
    public List<JobView> jobs(int limit) {
        return jobs.list(limit, false);
    }

    @Override
    public JobView job(long id) {
        return jobs.get(id).view();
    }

    @Override
    public List<AuditView> audit(int limit) {
        return store.auditLog(limit);
    }

    @Override
    public TransitionView phase(String migrationId, Phase target, boolean force, String reason, String actor) {
        return phases.transition(migrationId, target, force, reason, actor, row -> {
            if (row.migration().kind() == Migration.Kind.RENAME) {
                revertRename(row.migration(), actor);
                return;
            }
            JobView done = backfill(migrationId, true, config.jobs(), JobListener.NONE, actor);
            if (!JobState.DONE.is(done.state())) {
                throw new AgentException(AgentException.Kind.FAILED, "The reverse backfill of '" + migrationId
                    + "' ended " + done.state() + "; run 'tandem-agent backfill " + migrationId + " --reverse' again");
            }
        });
    }

    @Override
    public List<DdlPlan> plan(String migrationId) {
        List<DdlPlan> out = new ArrayList<>();
        try (Connection c = db.open()) {
            for (MigrationRow r : rowsOrAll(migrationId)) {
                out.add(new DdlPlanner(db.dialect()).plan(r.migration(), c));
            }
        } catch (SQLException e) {
            throw ControlStore.failed("plan DDL", e);
        }
        return out;
    }

    private List<MigrationRow> rowsOrAll(String migrationId) {
        return migrationId == null ? store.migrations() : List.of(store.migration(migrationId));
    }

    @Override
    public List<String> apply(String migrationId, boolean contract, String actor) {
        return apply(migrationId, contract, actor, line -> { });
    }

    @Override
    public List<String> apply(String migrationId, boolean contract, String actor, Consumer<String> lockWaits) {
        MigrationRow row = store.migration(migrationId);
        Phase phase = row.migration().phase();
        boolean move = row.migration().kind() == Migration.Kind.MOVE;
        if (contract && phase != Phase.CONTRACT && !(move && phase == Phase.COMPLETE)) {
            throw new AgentException(AgentException.Kind.REFUSED, "Migration '" + migrationId + "' is in " + phase
                + "; the contract DDL drops the old columns and is only safe in CONTRACT, when no instance writes or "
                + "reads them any more. Nothing was changed.");
        }
        DdlPlan plan = plan(migrationId).get(0);
        List<DdlPlan.DdlStep> steps = plan.toApply(contract);
        String what = (contract ? "contract" : "expand") + " DDL of '" + migrationId + "'";
        List<String> ran;
        try (Connection c = db.open()) {
            ran = new DdlRunner(db.dialect(), config.ddl(), lockWaits).run(c, steps, what);
        } catch (SQLException e) {
            throw ControlStore.failed("apply the " + what + " (statements before the failing one were applied; "
                + "'plan' shows what is left)", e);
        }
        store.audit(migrationId, phase, phase, null, actor, null, false, contract ? "apply-contract" : "apply-expand",
            String.join("; ", ran));
        if (row.migration().kind() == Migration.Kind.RENAME && !ran.isEmpty()) {
            republish(row.migration(), actor, "the table was renamed");
        }
        if (move && phase == Phase.COMPLETE && !ran.isEmpty()) {
            republish(row.migration(), actor, "the moved source columns were dropped"); // instances re-read the table
        }
        return ran;
    }

    @Override
    public JobView backfill(String migrationId, boolean reverse, AgentConfig.JobOptions options, JobListener listener,
                            String actor) {
        Jobs.Prepared p = new Jobs(store, jobs, guards, db).prepareBackfill(migrationId, reverse, actor, owner,
            explicit(options), config.jobs());
        return runPrepared(p, listener, false);
    }

    @Override
    public JobView reconcile(String migrationId, boolean repair, AgentConfig.JobOptions options, JobListener listener,
                             String actor) {
        Jobs.Prepared p = new Jobs(store, jobs, guards, db).prepareReconcile(migrationId, repair, actor, owner,
            explicit(options), config.jobs());
        return runPrepared(p, listener, repair);
    }

    /** Options the caller chose, or null where they are the config's own (a resumed job keeps its stored ones). */
    private AgentConfig.JobOptions explicit(AgentConfig.JobOptions options) {
        return options == null || options.equals(config.jobs()) ? null : options;
    }

    private JobView runPrepared(Jobs.Prepared p, JobListener listener, boolean repair) {
        JobView v = new ChunkedJob(db, jobs, p.migration(), p.kind(), p.reverse(), repair, p.options(), listener,
            jobMeters).run(p.jobId());
        if (p.kind() == JobKind.REVERSE_BACKFILL && JobState.DONE.is(v.state())
            && p.migration().phase() == Phase.READ_NEW) {
            store.setReversePending(p.migration().id(), false);
        }
        return v;
    }

    @Override
    public JobView startBackfill(String migrationId, boolean reverse, AgentConfig.JobOptions options, String actor) {
        Jobs.Prepared p = new Jobs(store, jobs, guards, db).prepareBackfill(migrationId, reverse, actor, owner,
            explicit(options), config.jobs());
        return inBackground(p, false);
    }

    @Override
    public JobView startReconcile(String migrationId, boolean repair, AgentConfig.JobOptions options, String actor) {
        Jobs.Prepared p = new Jobs(store, jobs, guards, db).prepareReconcile(migrationId, repair, actor, owner,
            explicit(options), config.jobs());
        return inBackground(p, repair);
    }

    private JobView inBackground(Jobs.Prepared p, boolean repair) {
        jobThreads.execute(() -> {
            try {
                runPrepared(p, JobListener.NONE, repair);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Job {0} failed: {1}", p.jobId(), e.getMessage());
            }
        });
        return jobs.get(p.jobId()).view();
    }

    @Override
    public JobView controlJob(long jobId, String action, String actor) {
        JobStore.Job job = jobs.get(jobId);
        String state = job.view().state();
        switch (action) {
            case "pause":
                if (!jobs.transition(jobId, List.of(JobState.RUNNING), JobState.PAUSE_REQUESTED)) {
                    throw refusedJob(jobId, state, "pause", "only a running job can be paused");
                }
                break;
            case "cancel":
                if (!jobs.transition(jobId, List.of(JobState.RUNNING, JobState.PAUSE_REQUESTED),
                    JobState.CANCEL_REQUESTED)
                    && !jobs.transition(jobId, List.of(JobState.PAUSED, JobState.FAILED), JobState.CANCELLED)) {
                    throw refusedJob(jobId, state, "cancel", "it has already ended");
                }
                break;
            case "resume":
                if (!JobState.PAUSED.is(state) && !JobState.FAILED.is(state) && !JobState.STALLED.is(state)) {
                    throw refusedJob(jobId, state, "resume", "only a paused, failed or stalled job can be resumed");
                }
                JobKind kind = JobKind.of(job.view().kind());
                if (kind == JobKind.RECONCILE) {
                    jobs.claim(jobId, owner, ChunkedJob.staleAfter());
                    MigrationRow row = store.migration(job.view().migrationId());
                    return inBackground(new Jobs.Prepared(jobId, row.migration(), kind,
                        row.migration().phase().newSideIsTruth(), job.options() != null ? job.options()
                        : config.jobs()), false);
                }
                return startBackfill(job.view().migrationId(), kind == JobKind.REVERSE_BACKFILL, null, actor);
            default:
                throw new AgentException(AgentException.Kind.INVALID, "Unknown job action '" + action
                    + "'; use pause, resume or cancel");
        }
        store.audit(job.view().migrationId(), null, null, null, actor, null, false, "job-" + action, "job " + jobId);
        return jobs.get(jobId).view();
    }

    private static AgentException refusedJob(long id, String state, String action, String why) {
        return new AgentException(AgentException.Kind.REFUSED, "Cannot " + action + " job " + id + ": it is " + state
            + " and " + why);
    }

    @Override
    public TransitionView readNewPercent(String migrationId, int percent, String reason, String actor) {
        return phases.readNewPercent(migrationId, percent, reason, actor);
    }

    @Override
    public RolloutView rollout(String migrationId, RolloutOptions options, boolean shadowFirst, String actor,
                               Consumer<RolloutView> listener) {
        return rollouts.run(migrationId, options, shadowFirst, actor, listener);
    }

    @Override
    public RolloutOptions rolloutOptions(String migrationId) {
        List<String> problems = new ArrayList<>();
        RolloutOptions options = config.rollout().overriddenBy(store.migration(migrationId).migration().rollout(),
            "rollout", problems);
        if (!problems.isEmpty()) { // checked at reload; a row written otherwise is refused here
            throw new AgentException(AgentException.Kind.INVALID, "Migration '" + migrationId + "': "
                + String.join("; ", problems));
        }
        return options;
    }

    @Override
    public RolloutView startRollout(String migrationId, RolloutOptions options, boolean shadowFirst, String actor) {
        return rollouts.start(migrationId, options, shadowFirst, actor, jobThreads);
    }

    @Override
    public RolloutView controlRollout(String migrationId, String action, String actor) {
        RolloutView v = rollouts.control(migrationId, action);
        store.audit(migrationId, null, null, null, actor, null, false, "rollout-" + action, null);
        return v;
    }

    @Override
    public List<RolloutView> rollouts() {
        return rollouts.list();
    }

    @Override
    public PrometheusMeterRegistry meters() {
        try {
            fleetMeters.update(status());
        } catch (RuntimeException e) {
            // A scrape must answer even when the database does not; the gauges keep their last values.
            LOG.log(System.Logger.Level.WARNING, "Cannot refresh the fleet gauges from the control tables: {0}",
                e.getMessage());
        }
        return meters;
    }

    private double laggingCount() {
        try {
            return status().barrier().lagging().size();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        rollouts.abortAll();
        jobThreads.shutdownNow();
        try {
            // A job between chunks notices the interrupt and records its pause before the pool closes.
            jobThreads.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        meters.close();
        db.close();
    }
}
