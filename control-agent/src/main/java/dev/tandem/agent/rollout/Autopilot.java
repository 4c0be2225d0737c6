package dev.tandem.agent.rollout;

import dev.tandem.agent.AgentException;
import dev.tandem.agent.RolloutOptions;
import dev.tandem.agent.Views.BarrierView;
import dev.tandem.agent.Views.TransitionView;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The canary autopilot for one migration: optionally a SHADOW_READ stage, then READ_NEW's readNewPercent
 * walked along the steps, each held for the analysis interval and checked by the {@link Gates}. A check that
 * passes moves on; missing data holds the step; after the configured number of failed checks the step is rolled
 * back (to the last good percentage, or to DUAL_WRITE from the first step) and the rollout ends ROLLED_BACK.
 * Every move goes through {@link Moves}, the operator's own path, audited with the actor {@code autopilot:<actor>}.
 */
final class Autopilot {
    private static final System.Logger LOG = System.getLogger(Autopilot.class.getName());
    /** How often the rollout's row is touched while nothing else changes (a long interval, a pause). */
    private static final long TOUCH_NANOS = 10_000_000_000L;
    private long touched = System.nanoTime();
    /** The least age at which a live instance's report counts as stale (missing data). */
    static final long STALE_FLOOR_MILLIS = 10_000;

    private final String migration;
    private final RolloutOptions options;
    private final boolean shadowFirst;
    private final String actor;
    private final Moves moves;
    private final Control control;
    private final RolloutMeters meters;
    private final Consumer<RolloutView> listener;
    private final Gates gates;
    private RolloutRecord record;
    private Figures reference = Figures.ZERO;
    /** The figures of the check that passed the previous step, for the next step's audit reason. */
    private String passed = "";

    Autopilot(String migration, RolloutOptions options, boolean shadowFirst, String operator, Moves moves,
              Control control, RolloutMeters meters, Consumer<RolloutView> listener) {
        this.migration = migration;
        this.options = options;
        this.shadowFirst = shadowFirst;
        this.actor = "autopilot:" + operator;
        this.moves = moves;
        this.control = control;
        this.meters = meters;
        this.listener = listener;
        this.gates = new Gates(options);
    }

    /** Checks that the migration can be rolled out and prepares the record; throws REFUSED if not. */
    RolloutView prepare() {
        Migration m = moves.migration(migration).migration();
        Phase phase = m.phase();
        if (phase != Phase.DUAL_WRITE && phase != Phase.SHADOW_READ && phase != Phase.READ_NEW) {
            throw new AgentException(AgentException.Kind.REFUSED, "Migration '" + migration + "' is in " + phase
                + "; a rollout starts from DUAL_WRITE, SHADOW_READ or READ_NEW");
        }
        List<Integer> todo = todo(m);
        if (todo.isEmpty()) {
            throw new AgentException(AgentException.Kind.REFUSED, "Migration '" + migration + "' already reads the "
                + "new side at " + m.readNewPercent() + " %, the last step; nothing to roll out");
        }
        boolean shadow = phase == Phase.SHADOW_READ || shadowFirst && phase == Phase.DUAL_WRITE;
        moves.takeRequest(migration); // a pause or abort left for an earlier rollout of it is stale
        record = new RolloutRecord(migration, actor, todo, shadow, phase == Phase.READ_NEW ? m.readNewPercent() : 0,
            phase.name());
        publish();
        return record.view();
    }

    private List<Integer> todo(Migration m) {
        List<Integer> out = new ArrayList<>();
        for (int p : options.steps()) {
            if (m.phase() != Phase.READ_NEW || p > m.readNewPercent()) {
                out.add(p);
            }
        }
        return out;
    }

    Control control() {
        return control;
    }

    RolloutView view() {
        return record.view();
    }

    /** Runs the rollout to its end; returns the final view (state SUCCEEDED, ROLLED_BACK, ABORTED or FAILED). */
    RolloutView run() {
        Migration m = moves.migration(migration).migration();
        Phase phase = m.phase();
        int lastGood = phase == Phase.READ_NEW ? m.readNewPercent() : -1;
        List<RolloutView.StepView> steps = record.view().steps();
        try {
            for (int i = 0; i < steps.size(); i++) {
                RolloutView.StepView step = steps.get(i);
                boolean shadow = step.stage().equals("SHADOW_READ");
                TransitionView t;
                if (shadow) {
                    t = phase == Phase.SHADOW_READ ? null : moves.phase(migration, Phase.SHADOW_READ, null,
                        "canary autopilot: SHADOW_READ stage", actor);
                    phase = Phase.SHADOW_READ;
                } else if (phase != Phase.READ_NEW) {
                    t = moves.phase(migration, Phase.READ_NEW, step.percent(), "canary autopilot: step "
                        + step.percent() + " %" + passed, actor);
                    phase = Phase.READ_NEW;
                } else {
                    t = moves.percent(migration, step.percent(), "canary autopilot: step " + step.percent() + " %"
                        + passed, actor);
                }
                record.at(shadow ? 0 : step.percent(), phase.name());
                meters.step(migration, shadow ? 0 : step.percent());
                long version = t != null ? t.version() : moves.migration(migration).version();
                List<GateResult> failed = hold(i, shadow, version);
                if (failed != null) {
                    rollBack(i, lastGood, failed);
                    return record.view();
                }
                if (!shadow) {
                    lastGood = step.percent();
                }
            }
            finish("SUCCEEDED", "every step passed; readNewPercent is " + lastGood);
        } catch (Control.Aborted e) {
            finish("ABORTED", "aborted by an operator; the migration stays where it is (" + record.view().phase()
                + ", readNewPercent " + record.view().percent() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish("ABORTED", "the agent stopped; the migration stays where it is");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Rollout of {0} failed: {1}", migration, e.getMessage());
            finish("FAILED", String.valueOf(e.getMessage()));
        }
        return record.view();
    }

    /** Holds step {@code index} until a check passes (null) or enough checks failed (the last check's gates). */
    private List<GateResult> hold(int index, boolean shadow, long version) throws InterruptedException {
        record.stepStarted(index);
        record.state("RUNNING", null);
        publish();
        long interval = options.intervalSeconds() * 1000;
        // A report older than the window is missing data; drivers report every tandem.pollIntervalMs (2 s by
        // default), so a short interval still gives them STALE_FLOOR_MILLIS.
        long stale = Math.max(interval, STALE_FLOOR_MILLIS);
        Map<String, Report> baseline = Window.baseline(moves.reports(), stale);
        while (true) {
            boolean resumed = control.sleep(interval, () -> {
                record.state("PAUSED", "paused by an operator");
                publish();
            }, () -> {
                record.state("RUNNING", "resumed");
                publish();
            }, this::pollRequests);
            if (resumed) {
                baseline = Window.baseline(moves.reports(), stale);
                continue;
            }
            var fleet = moves.reports();
            Window w = Window.of(migration, baseline, fleet, stale);
            List<GateResult> results = new ArrayList<>(gates.check(w, reference, shadow));
            BarrierView b = moves.barrier(version);
            if (!b.complete()) {
                results.add(0, new GateResult("barrier", GateResult.HOLD, Map.of("version", version, "lagging",
                    b.lagging().size()), "config version " + version + " is not yet in force everywhere; lagging: "
                    + b.lagging().stream().map(x -> x.instanceId()).toList()));
            }
            results.forEach(r -> meters.gate(migration, r));
            String verdict = Gates.verdict(results);
            String figures = summary(results);
            switch (verdict) {
                case GateResult.PASS -> {
                    record.stepChecked(index, "PASSED", results, false, "RUNNING", null);
                    reference = reference.plus(w.oldSide);
                    moves.audit(migration, null, actor, "rollout-pass", figures, stepName(index));
                    passed = " after " + stepName(index) + " passed: " + figures;
                    publish();
                    return null;
                }
                case GateResult.FAIL -> {
                    reference = reference.plus(w.oldSide);
                    boolean last = record.failedChecks() + 1 >= options.failuresBeforeRollback();
                    record.stepChecked(index, last ? "FAILED" : "RUNNING", results, true, "RUNNING", "failed check "
                        + (record.failedChecks() + 1) + " of " + options.failuresBeforeRollback() + ": " + figures);
                    moves.audit(migration, null, actor, "rollout-fail", figures, stepName(index) + ", failed check "
                        + record.failedChecks() + " of " + options.failuresBeforeRollback());
                    publish();
                    if (last) {
                        return results;
                    }
                    baseline = Window.baseline(fleet, stale);
                }
                default -> {
                    record.stepChecked(index, "HOLDING", results, false, "HOLDING", figures);
                    publish();
                    baseline = w.nextBaseline;
                }
            }
        }
    }

    /** Applies a pause, resume or abort another agent process left in the rollout's row. */
    private void pollRequests() {
        if (System.nanoTime() - touched > TOUCH_NANOS) {
            moves.touch(migration);
            touched = System.nanoTime();
        }
        String request = moves.takeRequest(migration);
        if (request != null && !control.apply(request)) {
            LOG.log(System.Logger.Level.WARNING, "Ignored the request ''{0}'' for the rollout of {1}", request,
                migration);
        }
    }

    private void rollBack(int index, int lastGood, List<GateResult> failed) {
        String figures = summary(failed);
        String reason = "canary autopilot: rolled back " + stepName(index) + " after "
            + options.failuresBeforeRollback() + " failed checks: " + figures;
        meters.rollback(migration);
        if (lastGood >= 0) {
            moves.percent(migration, lastGood, reason, actor);
            record.at(lastGood, Phase.READ_NEW.name());
            meters.step(migration, lastGood);
        } else {
            moves.phase(migration, Phase.DUAL_WRITE, null, reason, actor);
            record.at(0, Phase.DUAL_WRITE.name());
            meters.step(migration, 0);
        }
        finish("ROLLED_BACK", reason);
        moves.audit(migration, null, actor, "rollout-rollback", reason, "back to "
            + (lastGood >= 0 ? "readNewPercent " + lastGood : "DUAL_WRITE"));
    }

    private String stepName(int index) {
        RolloutView.StepView s = record.view().steps().get(index);
        return s.stage().equals("SHADOW_READ") ? "the SHADOW_READ stage" : "step " + s.percent() + " %";
    }

    private void finish(String state, String message) {
        record.state(state, message);
        publish();
    }

    private void publish() {
        RolloutView v = record.view();
        moves.save(v);
        listener.accept(v);
    }

    /** The verdicts that decided, or all of them when every gate passed. */
    static String summary(List<GateResult> results) {
        List<String> parts = new ArrayList<>();
        for (GateResult r : results) {
            if (!r.result().equals(GateResult.PASS)) {
                parts.add(r.line());
            }
        }
        if (parts.isEmpty()) {
            results.forEach(r -> parts.add(r.line()));
        }
        return String.join("; ", parts);
    }
}
