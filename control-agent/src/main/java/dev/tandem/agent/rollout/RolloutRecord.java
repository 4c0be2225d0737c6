package dev.tandem.agent.rollout;

import dev.tandem.agent.rollout.RolloutView.StepView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The mutable state of one running rollout; every change makes a new {@link RolloutView} snapshot. */
final class RolloutRecord {
    private final String migration;
    private final String actor;
    private final String startedAt = Instant.now().toString();
    private final List<StepView> steps = new ArrayList<>();
    private String state = "RUNNING";
    private int percent;
    private String phase;
    private int failedChecks;
    private String message;
    private String updatedAt = startedAt;

    RolloutRecord(String migration, String actor, List<Integer> percents, boolean shadowStage, int percent,
                  String phase) {
        this.migration = migration;
        this.actor = actor;
        this.percent = percent;
        this.phase = phase;
        if (shadowStage) {
            steps.add(new StepView(0, "SHADOW_READ", "PENDING", null, List.of(), 0));
        }
        for (int p : percents) {
            steps.add(new StepView(p, "READ_NEW", "PENDING", null, List.of(), 0));
        }
    }

    synchronized RolloutView view() {
        return new RolloutView(migration, state, percent, phase, List.copyOf(steps), failedChecks, startedAt,
            updatedAt, actor, message);
    }

    synchronized void state(String s, String why) {
        updatedAt = Instant.now().toString();
        state = s;
        message = why;
    }

    synchronized String state() {
        return state;
    }

    synchronized void at(int readNewPercent, String inPhase) {
        updatedAt = Instant.now().toString();
        percent = readNewPercent;
        phase = inPhase;
    }

    synchronized void stepStarted(int index) {
        updatedAt = Instant.now().toString();
        StepView s = steps.get(index);
        steps.set(index, new StepView(s.percent(), s.stage(), "RUNNING", Instant.now().toString(), List.of(), 0));
        failedChecks = 0;
    }

    /** A check of step {@code index}: the step's new state and gates, and the rollout's state, in one change. */
    synchronized void stepChecked(int index, String stepState, List<GateResult> gates, boolean failed,
                                  String rolloutState, String why) {
        state = rolloutState;
        message = why;
        updatedAt = Instant.now().toString();
        StepView s = steps.get(index);
        steps.set(index, new StepView(s.percent(), s.stage(), stepState, s.startedAt(), List.copyOf(gates),
            s.checks() + 1));
        if (failed) {
            failedChecks++;
        }
    }

    synchronized int failedChecks() {
        return failedChecks;
    }
}
