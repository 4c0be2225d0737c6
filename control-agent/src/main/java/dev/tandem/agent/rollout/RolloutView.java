package dev.tandem.agent.rollout;

import java.util.List;

/**
 * A rollout as {@code GET /rollouts} returns it and as it is stored in the rollouts table. Times are ISO-8601
 * strings. {@code state}: RUNNING, HOLDING, PAUSED, SUCCEEDED, ROLLED_BACK, ABORTED or FAILED.
 */
public record RolloutView(String migration, String state, int percent, String phase, List<StepView> steps,
                          int failedChecks, String startedAt, String updatedAt, String actor, String message) {

    /** States in which the rollout has ended. */
    public boolean ended() {
        return switch (state) {
            case "SUCCEEDED", "ROLLED_BACK", "ABORTED", "FAILED" -> true;
            default -> false;
        };
    }

    /**
     * One step: a READ_NEW percentage, or the SHADOW_READ stage ({@code stage} SHADOW_READ, percent 0).
     * {@code state}: PENDING, RUNNING, PASSED, FAILED or HOLDING; {@code gates}: the last check's verdicts.
     */
    public record StepView(int percent, String stage, String state, String startedAt, List<GateResult> gates,
                           int checks) {
    }
}
