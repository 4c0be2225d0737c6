package dev.tandem.agent.it;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.agent.RolloutOptions;
import dev.tandem.agent.Views.AuditView;
import dev.tandem.agent.rollout.GateResult;
import dev.tandem.agent.rollout.RolloutView;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's acceptance for the canary autopilot, on real servers with two driver instances reading
 * orders: a healthy migration reaches 100 %; a subtly wrong backward is rolled back at its first step by the
 * mismatch gate, with the figures in the audit; errors on the new side trip the error gate; a paused
 * instance holds the step instead of passing it.
 */
class RolloutTest {
    private static final int ROWS = 1000;
    /**
     * Short checks; the latency gate's floor is high, because the p99 of an embedded server on a shared
     * machine is noise (GatesTest covers that gate).
     */
    private static final RolloutOptions FAST = RolloutOptions.defaults().withIntervalSeconds(1).withMinStatements(20)
        .withSteps(List.of(5, 50, 100)).withLatencyFloorMillis(2000);

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void healthyMigrationReachesOneHundredPercent(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "rollout_ok", ROWS, Duration.ofSeconds(2));
             Reads reads = reads(f, kind, "ok", 3000)) {
            f.toBackfilled("orders-price");
            List<RolloutView> seen = new ArrayList<>();
            RolloutView end = f.agent.rollout("orders-price", FAST, true, "test", seen::add);

            assertThat(end.state()).as(end.message()).isEqualTo("SUCCEEDED");
            assertThat(end.percent()).isEqualTo(100);
            assertThat(end.steps()).extracting(RolloutView.StepView::state).containsOnly("PASSED");
            assertThat(end.steps()).extracting(RolloutView.StepView::percent).containsExactly(0, 5, 50, 100);
            assertThat(f.agent.migrations()).filteredOn(m -> m.id().equals("orders-price"))
                .singleElement().satisfies(m -> {
                    assertThat(m.phase()).isEqualTo(Phase.READ_NEW);
                    assertThat(m.readNewPercent()).isEqualTo(100);
                });
            List<AuditView> audit = f.agent.audit(200);
            assertThat(audit).filteredOn(a -> a.action().equals("percent")).extracting(AuditView::actor)
                .containsOnly("autopilot:test").hasSize(2);
            assertThat(audit).filteredOn(a -> a.action().equals("rollout-pass")).hasSize(4);
            assertThat(audit).filteredOn(a -> a.action().equals("percent")).extracting(AuditView::reason)
                .allSatisfy(r -> assertThat(r).contains("passed").contains("errors PASS"));
            assertThat(f.agent.rollouts()).singleElement().extracting(RolloutView::state).isEqualTo("SUCCEEDED");
            assertThat(f.agent.meters().scrape()).contains("tandem_rollout_step{migration=\"orders-price\"} 100.0")
                .contains("tandem_rollout_gate_total{gate=\"mismatch\",migration=\"orders-price\",result=\"pass\"}");
            assertThat(reads.errors.get()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void subtlyWrongBackwardIsRolledBackAtTheFirstStepByTheMismatchGate(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "rollout_cent", ROWS, Duration.ofSeconds(2));
             Reads reads = reads(f, kind, "cent", 3000)) {
            // One cent too much for every seventh order.
            spec(f, kind, "(price_cents + CASE WHEN price_cents % 7 = 0 THEN 1 ELSE 0 END) / 100.0");
            f.toBackfilled("orders-price");
            RolloutView end = f.agent.rollout("orders-price", FAST, true, "test", v -> { });

            assertThat(end.state()).as(end.message()).isEqualTo("ROLLED_BACK");
            assertThat(end.steps().get(0).stage()).isEqualTo("SHADOW_READ");
            assertThat(end.steps().get(0).state()).isEqualTo("FAILED");
            assertThat(end.steps().get(0).gates()).filteredOn(g -> g.name().equals("mismatch"))
                .singleElement().satisfies(g -> {
                    assertThat(g.result()).isEqualTo(GateResult.FAIL);
                    assertThat(((Number) g.figures().get("mismatches")).longValue()).isPositive();
                });
            assertThat(end.steps().subList(1, 4)).extracting(RolloutView.StepView::state).containsOnly("PENDING");
            assertThat(phase(f)).isEqualTo(Phase.DUAL_WRITE);
            List<AuditView> audit = f.agent.audit(200);
            assertThat(audit).filteredOn(a -> a.action().equals("rollout-rollback")).singleElement()
                .satisfies(a -> assertThat(a.reason()).contains("mismatch FAIL").contains("shadow comparisons "
                    + "differed"));
            assertThat(audit).filteredOn(a -> a.action().equals("transition") && "DUAL_WRITE".equals(a.toPhase()))
                .extracting(AuditView::actor).contains("autopilot:test");
            assertThat(audit).filteredOn(a -> a.action().equals("rollout-fail")).hasSize(2);
            assertThat(f.agent.meters().scrape()).contains("tandem_rollout_rollbacks_total{migration=\"orders-price\"} "
                + "1.0");
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void errorsOnTheNewSideTripTheErrorGate(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "rollout_err", ROWS, Duration.ofSeconds(2));
             Reads reads = reads(f, kind, "err", 3000)) {
            // An error for every tenth order read on the new side: on PostgreSQL a division by zero; MariaDB
            // returns NULL for that, but a POWER out of the DOUBLE range is an error there (1690).
            spec(f, kind, kind == DbKind.POSTGRESQL ? "price_cents / 100.0 + 0 / (price_cents % 10)"
                : "price_cents / 100.0 + 0 * POWER(10, 400 / (1 + price_cents % 10))");
            f.toBackfilled("orders-price");
            RolloutView end = f.agent.rollout("orders-price", FAST.withSteps(List.of(50, 100)), false, "test",
                v -> { });

            assertThat(end.state()).as(end.message()).isEqualTo("ROLLED_BACK");
            assertThat(end.steps().get(0).gates()).filteredOn(g -> g.name().equals("errors")).singleElement()
                .satisfies(g -> {
                    assertThat(g.result()).isEqualTo(GateResult.FAIL);
                    assertThat(((Number) g.figures().get("newErrorPercent")).doubleValue()).isGreaterThan(3);
                    assertThat(((Number) g.figures().get("oldErrorPercent")).doubleValue()).isZero();
                });
            assertThat(phase(f)).isEqualTo(Phase.DUAL_WRITE);
            assertThat(f.agent.audit(200)).filteredOn(a -> a.action().equals("rollout-rollback")).singleElement()
                .satisfies(a -> assertThat(a.reason()).contains("errors FAIL"));
            assertThat(reads.errors.get()).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void pausedInstanceHoldsTheStepRatherThanPassingIt(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "rollout_pause", ROWS, Duration.ofMillis(500));
             Reads reads = reads(f, kind, "pause-" + kind.name().toLowerCase(java.util.Locale.ROOT), 60_000)) {
            f.toBackfilled("orders-price");
            // Named per database: Runtimes.forInstance finds the first runtime of that name, and the other
            // database's run may have left one behind.
            String silent = "rollout-pause-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-b";
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (f.count("SELECT count(*) FROM tandem_instances WHERE instance_id = '" + silent + "'") == 0
                && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            AgentFixture.source(silent).pause(true);
            f.agent.startRollout("orders-price", FAST.withSteps(List.of(10, 100)), false, "test");

            RolloutView holding = await(f, v -> v.state().equals("HOLDING") && v.steps().get(0).checks() >= 2);
            assertThat(holding.percent()).isEqualTo(10);
            assertThat(holding.steps().get(0).state()).isEqualTo("HOLDING");
            assertThat(holding.steps().get(0).gates()).filteredOn(g -> g.result().equals(GateResult.HOLD))
                .extracting(GateResult::reason).anySatisfy(r -> assertThat(r).contains(silent));
            assertThat(holding.steps().get(1).state()).isEqualTo("PENDING");
            // The file says readNewPercent 100 (the default): a reload meanwhile must not jump the ramp.
            f.agent.reload("test");
            assertThat(f.agent.migrations()).filteredOn(m -> m.id().equals("orders-price")).singleElement()
                .satisfies(m -> assertThat(m.readNewPercent()).isEqualTo(10));

            AgentFixture.source(silent).pause(false);
            RolloutView end = await(f, RolloutView::ended);
            assertThat(end.state()).as(end.message()).isEqualTo("SUCCEEDED");
            assertThat(end.percent()).isEqualTo(100);
        }
    }

    @Test
    void aGarbageReportFromALiveInstanceHoldsTheStepAndNeverPassesIt() throws Exception {
        DbKind kind = DbKind.POSTGRESQL;
        try (AgentFixture f = new AgentFixture(kind, "rollout_forged", ROWS, Duration.ofMillis(500));
             Reads reads = reads(f, kind, "forged", 3000)) {
            f.toBackfilled("orders-price");
            // A row written by hand: live (fresh heartbeat, long lease, any version), with a report no driver sends
            // (negative, short of buckets, and never refreshed).
            String now = "CAST(now() AT TIME ZONE 'UTC' AS TIMESTAMP(3))";
            f.db.execute("INSERT INTO tandem_instances (instance_id, host, app, version_seen, lease_ms, last_heartbeat, "
                + "started_at, owner) VALUES ('forged', 'h', 'a', 999999, 600000, " + now + ", " + now + ", 'x')",
                "INSERT INTO tandem_stats (instance_id, stats, reported_at) VALUES ('forged', "
                + "'v=1;e=1;orders-price|new|-5|0|0|0|0', " + now + ")");
            f.agent.startRollout("orders-price", FAST.withSteps(List.of(10, 100)), false, "test");

            RolloutView holding = await(f, v -> v.state().equals("HOLDING") && v.steps().get(0).checks() >= 2);
            assertThat(holding.steps().get(0).state()).isEqualTo("HOLDING");
            assertThat(holding.steps().get(0).gates()).filteredOn(g -> g.name().equals("fleet")).singleElement()
                .satisfies(g -> assertThat(g.reason()).contains("instance forged "));
            assertThat(holding.percent()).isEqualTo(10);

            f.db.execute("DELETE FROM tandem_instances WHERE instance_id = 'forged'");
            RolloutView end = await(f, RolloutView::ended);
            assertThat(end.state()).as(end.message()).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void anotherAgentProcessPausesResumesAndAbortsARunningRollout() throws Exception {
        DbKind kind = DbKind.POSTGRESQL;
        try (AgentFixture f = new AgentFixture(kind, "rollout_ctl", ROWS, Duration.ofSeconds(2));
             Reads reads = reads(f, kind, "ctl", 3000);
             dev.tandem.agent.Agent other = dev.tandem.agent.Agent.open(f.agent.config())) {
            f.toBackfilled("orders-price");
            f.agent.startRollout("orders-price", FAST.withIntervalSeconds(2), false, "test");
            await(f, v -> v.steps().get(0).state().equals("RUNNING"));

            RolloutView requested = other.controlRollout("orders-price", "pause", "ops");
            assertThat(requested.message()).contains("pause requested");
            RolloutView paused = await(f, v -> v.state().equals("PAUSED"));
            assertThat(paused.percent()).isEqualTo(5);

            other.controlRollout("orders-price", "abort", "ops");
            RolloutView end = await(f, RolloutView::ended);
            assertThat(end.state()).isEqualTo("ABORTED");
            assertThat(end.percent()).isEqualTo(5);
            assertThat(phase(f)).isEqualTo(Phase.READ_NEW);
            assertThat(f.agent.audit(50)).filteredOn(a -> a.action().startsWith("rollout-"))
                .extracting(AuditView::action).contains("rollout-pause", "rollout-abort");
            assertThat(org.junit.jupiter.api.Assertions.assertThrows(dev.tandem.agent.AgentException.class,
                () -> other.controlRollout("orders-price", "resume", "ops")).kind())
                .isEqualTo(dev.tandem.agent.AgentException.Kind.NOT_FOUND);
        }
    }

    @Test
    void aRolloutNoAgentDrivesAnyMoreIsShownFailed() throws Exception {
        try (AgentFixture f = new AgentFixture(DbKind.POSTGRESQL, "rollout_orphan", 100, Duration.ofSeconds(1))) {
            RolloutView left = new RolloutView("orders-price", "HOLDING", 5, "READ_NEW", List.of(), 0,
                "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "autopilot:gone", "holding");
            String doc = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(left).replace("'", "''");
            f.db.execute("INSERT INTO tandem_rollouts (migration_id, state, doc, updated_at) VALUES ('orders-price', "
                + "'HOLDING', '" + doc + "', now() - INTERVAL '2 minutes')");

            assertThat(f.agent.rollouts()).singleElement().satisfies(v -> {
                assertThat(v.state()).isEqualTo("FAILED");
                assertThat(v.message()).contains("no agent process has driven this rollout");
            });
            assertThat(org.junit.jupiter.api.Assertions.assertThrows(dev.tandem.agent.AgentException.class,
                () -> f.agent.controlRollout("orders-price", "abort", "ops")).kind())
                .isEqualTo(dev.tandem.agent.AgentException.Kind.NOT_FOUND);
        }
    }

    private static RolloutView await(AgentFixture f, Predicate<RolloutView> condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        RolloutView v = null;
        while (System.currentTimeMillis() < deadline) {
            v = f.agent.rollouts().stream().filter(r -> r.migration().equals("orders-price")).findFirst()
                .orElse(null);
            if (v != null && condition.test(v)) {
                return v;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The rollout never got there; last seen: " + v);
    }

    private static Phase phase(AgentFixture f) {
        return f.agent.migrations().stream().filter(m -> m.id().equals("orders-price")).findFirst().orElseThrow()
            .phase();
    }

    /** The fixture's spec with {@code backward} as orders' backward expression (only while it is in EXPAND). */
    private static void spec(AgentFixture f, DbKind kind, String backward) throws Exception {
        f.writeSpec(Phase.EXPAND, Phase.EXPAND);
        String text = Files.readString(f.migrations).replace("backward: price_cents / 100.0", "backward: " + backward);
        Files.writeString(f.migrations, text);
        f.agent.reload("test");
    }

    /** Two driver instances (the second with {@code secondLeaseMs}), two threads each, reading random orders. */
    private static Reads reads(AgentFixture f, DbKind kind, String name, long secondLeaseMs) {
        HikariDataSource a = f.pool("rollout-" + name + "-a", 3);
        HikariDataSource b = f.pool("rollout-" + name + "-b", 3, secondLeaseMs);
        return new Reads(List.of(a, b));
    }

    /** A read workload in the old names; SQL errors are counted, not fatal. */
    private static final class Reads implements AutoCloseable {
        final AtomicLong errors = new AtomicLong();
        final AtomicLong reads = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        Reads(List<DataSource> pools) {
            int n = 0;
            for (DataSource pool : pools) {
                for (int i = 0; i < 2; i++) {
                    Random random = new Random(n);
                    Thread t = new Thread(() -> loop(pool, random), "rollout-reads-" + n++);
                    t.setDaemon(true);
                    threads.add(t);
                }
            }
            threads.forEach(Thread::start);
        }

        private void loop(DataSource pool, Random random) {
            while (!stop.get()) {
                try (Connection c = pool.getConnection();
                     PreparedStatement ps = c.prepareStatement("SELECT price FROM orders WHERE id = ?")) {
                    ps.setLong(1, 1 + random.nextInt(ROWS));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getBigDecimal(1);
                        }
                    }
                    reads.incrementAndGet();
                } catch (SQLException e) {
                    errors.incrementAndGet();
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }
}
