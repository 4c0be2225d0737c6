package dev.tandem.agent.demo;

import dev.tandem.agent.Agent;
import dev.tandem.agent.JobKind;
import dev.tandem.agent.Views.BarrierView;
import dev.tandem.agent.Views.InstanceView;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.Views.TransitionView;
import dev.tandem.agent.RolloutOptions;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.agent.rollout.GateResult;
import dev.tandem.agent.rollout.RolloutView;
import dev.tandem.driver.spec.Phase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's moves, each through the agent as a person at the CLI would make them, each opening a
 * labelled interval of the workload and printing what happened: DDL, phase changes with their barrier,
 * the READ_NEW ramp by the canary autopilot, backfills with a progress bar, reconciles.
 */
final class Operator {
    static final String ACTOR = "tandem-demo";

    private final Agent agent;
    private final SpecFile spec;
    private final Recorder recorder;
    private final Console console;
    private final long holdMillis;
    private final boolean terminal;
    private final List<Report.TransitionResult> transitions = new ArrayList<>();
    private final List<Report.JobResult> backfills = new ArrayList<>();
    private final List<Report.ReconcileResult> reconciles = new ArrayList<>();
    private final List<Report.RolloutResult> rollouts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final double phaseSeconds;

    Operator(Agent agent, SpecFile spec, Recorder recorder, Console console, double phaseSeconds, boolean terminal) {
        this.agent = agent;
        this.spec = spec;
        this.recorder = recorder;
        this.console = console;
        this.holdMillis = Math.round(phaseSeconds * 1000);
        this.phaseSeconds = phaseSeconds;
        this.terminal = terminal;
    }

    /** Lets the workload run in the current state for a phase's time. */
    void hold(String label, String migration, String... details) {
        Interval in = recorder.begin(label, migration, Interval.Kind.PHASE);
        console.step(label, details);
        sleepAndSummarise(in);
    }

    /** Runs the expand or contract DDL. */
    void apply(String migration, boolean contract) {
        apply(migration, contract, contract ? "contract DDL" : "expand DDL");
    }

    /** Runs the expand (or, later, tightening) or contract DDL the plan has for the phase, labelled {@code what}. */
    void apply(String migration, boolean contract, String what) {
        recorder.begin(migration + " " + what, migration, Interval.Kind.JOB);
        List<String> statements = agent.apply(migration, contract, ACTOR);
        console.step(migration + " " + what, statements.isEmpty() ? new String[] {"nothing to do"}
            : statements.toArray(String[]::new));
    }

    /** Moves a phase with the agent, as {@code tandem-agent phase}, then holds it. */
    void phase(String migration, Phase to, String label) {
        Interval in = recorder.begin(label, migration, Interval.Kind.PHASE);
        long start = System.nanoTime();
        spec.phase(migration, to); // keep the file in step, so a later reload does not move it back
        TransitionView t = agent.phase(migration, to, false, "demo rehearsal", ACTOR);
        transition(t, label, start);
        if (t.from() == Phase.CONTRACT && to == Phase.READ_NEW) {
            reverseBackfillRan(migration, migration + " reverse backfill");
        }
        sleepAndSummarise(in);
    }

    /**
     * Ramps READ_NEW with the canary autopilot, as {@code tandem-agent rollout} would: from SHADOW_READ, a
     * shadow stage gated on mismatches, then each of {@code steps} through the barrier, held for a phase's time
     * (at least 1 s) and checked by the gates on the figures the demo's instances report.
     */
    void autopilot(String migration, List<Integer> steps, String label) {
        Interval in = recorder.begin(label, migration, Interval.Kind.PHASE);
        long start = System.nanoTime();
        long interval = Math.max(1, Math.round(phaseSeconds));
        // A rehearsal's checks are short and its server shares the machine with the workload: the latency gate
        // gets a floor of 100 ms, so that bucket noise in a one-second window does not roll the ramp back.
        RolloutOptions options = agent.config().rollout().withSteps(steps).withIntervalSeconds(interval)
            .withMinStatements(20).withLatencyFloorMillis(100);
        console.step(label, "canary autopilot: steps " + steps + " % of reads from the new column, " + interval
            + " s per check, gates: shadow mismatches, error rate and p99 latency of the new side against the old "
            + "(latency floor 100 ms)");
        RolloutView end = agent.rollout(migration, options, false, ACTOR, v -> { });
        List<Report.StepResult> results = new ArrayList<>();
        for (RolloutView.StepView s : end.steps()) {
            List<String> gates = s.gates().stream().map(GateResult::line).toList();
            results.add(new Report.StepResult(s.stage(), s.percent(), s.state(), s.checks(), gates));
            console.detail((s.stage().equals("SHADOW_READ") ? "SHADOW_READ stage" : "step " + s.percent() + " %")
                + ": " + s.state() + " after " + s.checks() + " check" + (s.checks() == 1 ? "" : "s"));
            gates.forEach(g -> console.detail("  " + g));
        }
        rollouts.add(new Report.RolloutResult(migration, end.state(), end.percent(), end.message(), results,
            Interval.round((System.nanoTime() - start) / 1e9, 3)));
        if (end.state().equals("SUCCEEDED")) {
            spec.phase(migration, Phase.READ_NEW); // keep the file in step, so a later reload does not move it back
            spec.readNewPercent(migration, end.percent());
        }
        console.detail("autopilot " + end.state() + ": " + end.message());
        Report.PhaseResult r = recorder.result(in);
        console.detail(Console.count(r.statements()) + " statements during the ramp, p99 " + Console.ms(r.p99Ms())
            + " ms, " + Console.count(r.errors()) + " errors");
        if (!end.state().equals("SUCCEEDED")) {
            throw new IllegalStateException("the canary autopilot of " + migration + " ended " + end.state() + ": "
                + end.message());
        }
    }

    List<Report.RolloutResult> rollouts() {
        return rollouts;
    }

    /** Runs a backfill with a live progress bar. */
    void backfill(String migration) {
        String label = migration + " backfill";
        recorder.begin(label, migration, Interval.Kind.JOB);
        console.step(label, "keyset chunks, new = forward(old) where they differ, while the application writes");
        long start = System.nanoTime();
        Report.JobResult r;
        try (BackfillProgress progress = new BackfillProgress(" " + migration, console.stream(), terminal)) {
            JobView v = agent.backfill(migration, false, agent.config().jobs(), progress, ACTOR);
            r = job(label, v, start, progress.samples());
        }
        backfills.add(r);
        console.detail(String.format(java.util.Locale.ROOT, "done: %s rows scanned, %s changed in %.1f s (%s rows/s), "
            + "longest chunk %d ms", Console.count(r.rowsScanned()), Console.count(r.rowsChanged()), r.seconds(),
            Console.count(Math.round(r.rowsPerSecond())), r.maxChunkMillis()));
    }

    /** Records the reverse backfill the agent ran when the migration left CONTRACT. */
    private void reverseBackfillRan(String migration, String label) {
        agent.jobs(20).stream()
            .filter(j -> j.migrationId().equals(migration) && JobKind.REVERSE_BACKFILL.is(j.kind()))
            .findFirst()
            .ifPresent(j -> {
                Report.JobResult r = job(label, j, 0, List.of());
                backfills.add(r);
                console.detail("reverse backfill (old = backward(new)): " + Console.count(r.rowsScanned())
                    + " rows scanned, " + Console.count(r.rowsChanged()) + " changed");
            });
    }

    /** Runs a reconcile and prints its mismatches; returns how many it found. */
    long reconcile(String migration, String label) {
        return reconcile(migration, label, false);
    }

    /** Runs a reconcile with {@code --repair}: the mismatches it found are fixed; returns how many. */
    long repair(String migration, String label) {
        return reconcile(migration, label, true);
    }

    private long reconcile(String migration, String label, boolean repair) {
        recorder.begin(label, migration, Interval.Kind.JOB);
        long start = System.nanoTime();
        JobView v = agent.reconcile(migration, repair, agent.config().jobs(), JobListener.NONE, ACTOR);
        long mismatches = v.result() == null ? 0 : ((Number) v.result().getOrDefault("mismatches", 0)).longValue();
        List<String> sample = new ArrayList<>();
        if (v.result() != null && v.result().get("sample") instanceof List<?> keys) {
            keys.forEach(k -> sample.add(String.valueOf(k)));
        }
        Phase phase = agent.migrations().stream().filter(m -> m.id().equals(migration)).findFirst()
            .map(m -> m.phase()).orElse(null);
        reconciles.add(new Report.ReconcileResult(label, migration, String.valueOf(phase), v.rowsScanned(), mismatches,
            sample, Interval.round((System.nanoTime() - start) / 1e9, 3)));
        console.step(label, Console.count(v.rowsScanned()) + " rows compared, " + Console.count(mismatches)
            + " mismatch" + (mismatches == 1 ? "" : "es") + (repair && mismatches > 0 ? " repaired" : "")
            + (sample.isEmpty() ? "" : ", e.g. keys " + sample));
        return mismatches;
    }

    /** A line for the report's notes. */
    void note(String text) {
        notes.add(text);
        console.detail("note: " + text);
    }

    List<String> notes() {
        return notes;
    }

    List<Report.TransitionResult> transitions() {
        return transitions;
    }

    List<Report.JobResult> backfills() {
        return backfills;
    }

    List<Report.ReconcileResult> reconciles() {
        return reconciles;
    }

    private void transition(TransitionView t, String label, long start) {
        transitions.add(result(t.migrationId(), String.valueOf(t.from()), String.valueOf(t.to()), t.barrier(), start,
            t.note()));
        console.step(label, t.from() + " -> " + t.to() + " at config v" + t.version(), barrier(t.barrier()));
        if (t.note() != null) {
            console.detail(t.note());
        }
    }

    private Report.TransitionResult result(String migration, String from, String to, BarrierView b, long start,
                                           String note) {
        return new Report.TransitionResult(migration, from, to, b.version(), b.complete(), live().size(),
            b.lagging().stream().map(i -> i.instanceId() + "@v" + i.versionSeen()).toList(),
            (System.nanoTime() - start) / 1_000_000, note);
    }

    private String barrier(BarrierView b) {
        List<String> live = live();
        if (b.complete()) {
            return "barrier complete: every live instance runs it (" + String.join(", ", live) + ")";
        }
        return "barrier INCOMPLETE, lagging: " + b.lagging().stream().map(InstanceView::instanceId).toList();
    }

    private List<String> live() {
        return agent.instances().stream().filter(InstanceView::live).map(InstanceView::instanceId).toList();
    }

    private static Report.JobResult job(String label, JobView v, long startNanos, List<Report.RateSample> samples) {
        double seconds = startNanos == 0 ? seconds(v) : (System.nanoTime() - startNanos) / 1e9;
        Object chunk = v.result() == null ? null : v.result().get("maxChunkMillis");
        return new Report.JobResult(label, v.migrationId(), v.kind(), v.state(), v.rowsScanned(), v.rowsDone(),
            v.chunksDone(), Interval.round(seconds, 3), Interval.round(v.rowsScanned() / Math.max(seconds, 1e-3), 1),
            chunk instanceof Number n ? n.longValue() : 0, samples);
    }

    private static double seconds(JobView v) {
        return v.startedAt() == null || v.finishedAt() == null ? 0
            : Duration.between(v.startedAt(), v.finishedAt()).toMillis() / 1000.0;
    }

    private void sleepAndSummarise(Interval in) {
        sleep(holdMillis);
        Report.PhaseResult r = recorder.result(in);
        String shadow = r.shadowComparisons() == 0 ? "" : ", shadow reads " + Console.count(r.shadowComparisons())
            + " compared / " + Console.count(r.shadowMismatches()) + " differed";
        console.detail(Console.count(r.statements()) + " statements, p50 " + Console.ms(r.p50Ms()) + " ms, p99 "
            + Console.ms(r.p99Ms()) + " ms, " + Console.count(r.errors()) + " errors" + shadow);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
