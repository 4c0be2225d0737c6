package dev.tandem.agent.http;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.AgentConfig.JobOptions;
import dev.tandem.agent.Views.AuditView;
import dev.tandem.agent.Views.BarrierView;
import dev.tandem.agent.Views.InstanceView;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.Views.MigrationView;
import dev.tandem.agent.Views.ReloadView;
import dev.tandem.agent.Views.StatusView;
import dev.tandem.agent.Views.TransitionView;
import dev.tandem.agent.RolloutOptions;
import dev.tandem.agent.ddl.DdlPlan;
import dev.tandem.agent.rollout.GateResult;
import dev.tandem.agent.rollout.RolloutView;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.driver.spec.Phase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A hand-written {@link Agent} for the CLI and admin API tests, which test wrapper logic only: it returns
 * canned views and records each call as a line such as {@code phase(orders, READ_NEW, false, null, api)}.
 * Set {@link #failWith} to make every call throw.
 */
public final class FakeAgent implements Agent {
    public static final Instant AT = Instant.parse("2025-06-01T10:00:00Z");
    public static final InstanceView LIVE = new InstanceView("i-1", "host-a", "shop", 7, 10_000, 1_200, true, false);
    public static final InstanceView LAGGING = new InstanceView("i-2", "host-b", "shop", 6, 10_000, 3_400, true, true);
    public static final MigrationView MIGRATION = new MigrationView("orders-price", "orders", Phase.DUAL_WRITE, 7, AT,
        "alice", false, List.of("price"), List.of("price_cents"), 0, 10);

    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** How {@link #rollout} ends. */
    public volatile String rolloutEnd = "SUCCEEDED";
    public volatile RuntimeException failWith;
    public volatile AgentConfig config = AgentConfig.of("jdbc:postgresql://localhost/shop", Path.of("migrations.yaml"))
        .withAdmin(new AgentConfig.Admin("127.0.0.1", 0, "s3cret"));
    public volatile BarrierView barrier = new BarrierView(8, true, List.of());
    public volatile List<DdlPlan> plans = List.of(new DdlPlan("orders-price",
        List.of("ALTER TABLE orders ADD COLUMN price_cents bigint"), List.of("ALTER TABLE orders DROP COLUMN price"),
        List.of("index on price_cents built CONCURRENTLY")));
    /** Lock waits the 4-argument apply reports before it returns. */
    public volatile List<String> lockWaits = List.of();
    public volatile JobView jobResult = job(1, "backfill", "done", Map.of());
    public volatile List<JobView> progressSteps = List.of();
    public volatile boolean closed;
    public final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public FakeAgent() {
        meters.counter("tandem.backfill.rows", "migration", "orders-price").increment(42);
    }

    public static JobView job(long id, String kind, String state, Map<String, Object> result) {
        return new JobView(id, "orders-price", kind, state, 150, 200, 2, 200L, AT, AT.plusSeconds(3), AT.plusSeconds(4),
            null, result, 66.5);
    }

    private void call(String line) {
        calls.add(line);
        RuntimeException e = failWith;
        if (e != null) {
            throw e;
        }
    }

    /** The last recorded call. */
    public String last() {
        return calls.isEmpty() ? null : calls.get(calls.size() - 1);
    }

    @Override
    public BarrierView refresh(String migrationId, String actor) {
        call("refresh(" + migrationId + ", " + actor + ")");
        return barrier;
    }

    @Override
    public AgentConfig config() {
        return config;
    }

    @Override
    public void init() {
        call("init()");
    }

    @Override
    public void checkDatabase() {
        call("checkDatabase()");
    }

    @Override
    public List<String> grants(String appRole, String agentRole, boolean apply) {
        call("grants(" + appRole + ", " + agentRole + ", " + apply + ")");
        return appRole == null ? List.of() : List.of("GRANT SELECT ON tandem_state TO " + appRole);
    }

    @Override
    public ReloadView reload(String actor) {
        call("reload(" + actor + ")");
        return new ReloadView(8, List.of("orders-price"), List.of(), List.of(), List.of(transition(Phase.SHADOW_READ,
            false)));
    }

    @Override
    public StatusView status() {
        call("status()");
        return new StatusView(7, List.of(MIGRATION), List.of(LIVE, LAGGING), List.of(job(3, "backfill", "running",
            Map.of())), new BarrierView(7, false, List.of(LAGGING)));
    }

    @Override
    public List<MigrationView> migrations() {
        call("migrations()");
        return List.of(MIGRATION);
    }

    @Override
    public List<InstanceView> instances() {
        call("instances()");
        return List.of(LIVE, LAGGING);
    }

    @Override
    public List<JobView> jobs(int limit) {
        call("jobs(" + limit + ")");
        return List.of(job(1, "backfill", "done", Map.of()));
    }

    @Override
    public JobView job(long id) {
        call("job(" + id + ")");
        return job(id, "backfill", "done", Map.of());
    }

    @Override
    public List<AuditView> audit(int limit) {
        call("audit(" + limit + ")");
        return List.of(new AuditView(5, AT, "orders-price", "EXPAND", "DUAL_WRITE", 7L, "alice", "go", false,
            "phase", null));
    }

    @Override
    public TransitionView phase(String migrationId, Phase target, boolean force, String reason, String actor) {
        call("phase(" + migrationId + ", " + target + ", " + force + ", " + reason + ", " + actor + ")");
        return new TransitionView(migrationId, Phase.DUAL_WRITE, target, 8, force, barrier, null);
    }

    private TransitionView transition(Phase to, boolean force) {
        return new TransitionView("orders-price", Phase.DUAL_WRITE, to, 8, force, barrier, null);
    }

    @Override
    public List<DdlPlan> plan(String migrationId) {
        call("plan(" + migrationId + ")");
        return plans;
    }

    @Override
    public List<String> apply(String migrationId, boolean contract, String actor,
                              java.util.function.Consumer<String> lockWaits) {
        this.lockWaits.forEach(lockWaits);
        return apply(migrationId, contract, actor);
    }

    @Override
    public List<String> apply(String migrationId, boolean contract, String actor) {
        call("apply(" + migrationId + ", " + contract + ", " + actor + ")");
        return contract ? plans.get(0).contract() : plans.get(0).expand();
    }

    @Override
    public JobView backfill(String migrationId, boolean reverse, JobOptions options, JobListener listener,
                            String actor) {
        call("backfill(" + migrationId + ", " + reverse + ", " + options + ", " + actor + ")");
        return runJob(listener);
    }

    @Override
    public JobView reconcile(String migrationId, boolean repair, JobOptions options, JobListener listener,
                             String actor) {
        call("reconcile(" + migrationId + ", " + repair + ", " + options + ", " + actor + ")");
        return runJob(listener);
    }

    private JobView runJob(JobListener listener) {
        JobView first = progressSteps.isEmpty() ? jobResult : progressSteps.get(0);
        listener.started(first);
        progressSteps.forEach(listener::progress);
        listener.finished(jobResult);
        return jobResult;
    }

    @Override
    public JobView startBackfill(String migrationId, boolean reverse, JobOptions options, String actor) {
        call("startBackfill(" + migrationId + ", " + reverse + ", " + options + ", " + actor + ")");
        return job(9, reverse ? "reverse-backfill" : "backfill", "running", Map.of());
    }

    @Override
    public JobView startReconcile(String migrationId, boolean repair, JobOptions options, String actor) {
        call("startReconcile(" + migrationId + ", " + repair + ", " + options + ", " + actor + ")");
        return job(10, "reconcile", "running", Map.of());
    }

    @Override
    public JobView controlJob(long jobId, String action, String actor) {
        call("controlJob(" + jobId + ", " + action + ", " + actor + ")");
        String state = switch (action) {
            case "pause" -> "paused";
            case "cancel" -> "cancelled";
            default -> "running";
        };
        return job(jobId, "backfill", state, Map.of());
    }

    @Override
    public TransitionView readNewPercent(String migrationId, int percent, String reason, String actor) {
        call("readNewPercent(" + migrationId + ", " + percent + ", " + reason + ", " + actor + ")");
        return new TransitionView(migrationId, Phase.READ_NEW, Phase.READ_NEW, 8, false,
            new BarrierView(8, true, List.of(), List.of()), null);
    }

    @Override
    public RolloutView rollout(String migrationId, RolloutOptions options, boolean shadowFirst, String actor,
                               java.util.function.Consumer<RolloutView> listener) {
        call("rollout(" + migrationId + ", " + options.steps() + ", " + shadowFirst + ", " + actor + ")");
        RolloutView v = rolloutView(migrationId, rolloutEnd);
        listener.accept(v);
        return v;
    }

    @Override
    public RolloutView startRollout(String migrationId, RolloutOptions options, boolean shadowFirst, String actor) {
        call("startRollout(" + migrationId + ", " + options.steps() + ", " + options.intervalSeconds() + ", "
            + shadowFirst + ", " + actor + ")");
        return rolloutView(migrationId, "RUNNING");
    }

    @Override
    public RolloutView controlRollout(String migrationId, String action, String actor) {
        call("controlRollout(" + migrationId + ", " + action + ", " + actor + ")");
        return rolloutView(migrationId, action.equals("pause") ? "PAUSED" : "RUNNING");
    }

    @Override
    public List<RolloutView> rollouts() {
        call("rollouts()");
        return List.of(rolloutView("orders", "HOLDING"));
    }

    static RolloutView rolloutView(String migration, String state) {
        return new RolloutView(migration, state, 5, "READ_NEW", List.of(new RolloutView.StepView(5, "READ_NEW",
            state.equals("SUCCEEDED") ? "PASSED" : "HOLDING", "2026-01-01T00:00:00Z", List.of(new GateResult("volume",
            "HOLD", Map.of("count", 3, "minimum", 100), "only 3 statements")), 1)), 0, "2026-01-01T00:00:00Z",
            "2026-01-01T00:00:01Z", "autopilot:api", null);
    }

    @Override
    public PrometheusMeterRegistry meters() {
        calls.add("meters()");
        return meters;
    }

    @Override
    public void close() {
        calls.add("close()");
        closed = true;
    }
}
