package dev.tandem.agent.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the rehearsal measured, serialised as report.json as it is. {@link #ok()} is the verdict: no
 * application statement failed, no acknowledged write was lost, no seeded row changed, no shadow read
 * differed, the last reconcile of each migration found nothing, and every step ran.
 *
 * @param server      product and version of the target
 * @param database    the database the rehearsal owned
 * @param startedAt   ISO-8601 start time
 * @param totalMillis wall time of the whole rehearsal, server start included
 * @param tables      acknowledged and lost writes per table
 * @param notes       what the reader should know about how the scenarios ran (e.g. a scenario skipped on this
 *                    server, or the application upgraded before a step)
 * @param failure     the step that could not be run and why, or {@code null}
 */
@JsonPropertyOrder({"ok", "problems", "server", "database", "startedAt", "rows", "threads", "phaseSeconds",
    "totalMillis", "statements", "errors", "shadowComparisons", "shadowMismatches", "remainingMismatches",
    "acknowledgedWrites", "lostWrites", "damagedRows", "scenarios", "tables", "notes"})
public record Report(String server, String database, String startedAt, int rows, int threads, double phaseSeconds,
                     long totalMillis, List<PhaseResult> phases, List<JobResult> backfills,
                     List<ReconcileResult> reconciles, List<TransitionResult> transitions,
                     List<RolloutResult> rollouts, long acknowledgedWrites,
                     long lostWrites, long damagedRows, List<TableWrites> tables, List<String> notes,
                     List<String> lostSample, List<String> errorSample, String failure) {

    /** Writes to one table the driver acknowledged (inserts, updates, deletes) and how many were not found after. */
    public record TableWrites(String table, long acknowledged, long lost) {
    }

    /**
     * One migration of the rehearsal: the phase it ended in, the steps it took (phases held and jobs), the
     * application statements sent and failed during them, and the mismatches its last reconcile found.
     */
    public record ScenarioResult(String migration, String finalPhase, int steps, long statements, long errors,
                                 long remainingMismatches) {
    }

    /** Application statements during one interval: a phase held, or an agent job running. */
    public record PhaseResult(String label, String migration, String kind, double seconds, long statements,
                              long errors, double statementsPerSecond, double p50Ms, double p99Ms, double maxMs,
                              long shadowComparisons, long shadowMismatches) {
    }

    /** A backfill (or the reverse backfill of a rollback) with its rate samples, one per committed chunk. */
    public record JobResult(String label, String migration, String kind, String state, long rowsScanned,
                            long rowsChanged, long chunks, double seconds, double rowsPerSecond, long maxChunkMillis,
                            List<RateSample> samples) {
    }

    /** Rows scanned and the rate over the last chunk, {@code seconds} after the job started. */
    public record RateSample(double seconds, long rowsScanned, double rowsPerSecond) {
    }

    /** One reconcile: rows compared and keys whose new side differs from forward(old). */
    public record ReconcileResult(String label, String migration, String phase, long rowsScanned, long mismatches,
                                  List<String> sample, double seconds) {
    }

    /** One phase change and its barrier: which live instances run the new config version. */
    public record TransitionResult(String migration, String from, String to, long version, boolean barrierComplete,
                                   int liveInstances, List<String> lagging, long millis, String note) {
    }

    /**
     * A READ_NEW ramp run by the canary autopilot: how it ended, and each step with its state, the number of
     * checks and the last check's gates ({@code name RESULT: reason}).
     */
    public record RolloutResult(String migration, String state, int percent, String message, List<StepResult> steps,
                                double seconds) {
    }

    /** One step of a {@link RolloutResult}; {@code percent} 0 with stage SHADOW_READ for the shadow stage. */
    public record StepResult(String stage, int percent, String state, int checks, List<String> gates) {
    }

    @JsonProperty
    public long statements() {
        return phases.stream().mapToLong(PhaseResult::statements).sum();
    }

    @JsonProperty
    public long errors() {
        return phases.stream().mapToLong(PhaseResult::errors).sum();
    }

    @JsonProperty
    public long shadowComparisons() {
        return phases.stream().mapToLong(PhaseResult::shadowComparisons).sum();
    }

    @JsonProperty
    public long shadowMismatches() {
        return phases.stream().mapToLong(PhaseResult::shadowMismatches).sum();
    }

    /** Each migration, in the order the rehearsal started them. */
    @JsonProperty
    public List<ScenarioResult> scenarios() {
        Map<String, ScenarioResult> out = new LinkedHashMap<>();
        for (PhaseResult p : phases) {
            if (p.migration() == null) {
                continue;
            }
            ScenarioResult s = out.getOrDefault(p.migration(), new ScenarioResult(p.migration(), "EXPAND", 0, 0, 0,
                0));
            out.put(p.migration(), new ScenarioResult(s.migration(), s.finalPhase(), s.steps() + 1,
                s.statements() + p.statements(), s.errors() + p.errors(), 0));
        }
        Map<String, Long> last = new LinkedHashMap<>();
        reconciles.forEach(r -> last.put(r.migration(), r.mismatches()));
        Map<String, String> phase = new LinkedHashMap<>();
        transitions.forEach(t -> phase.put(t.migration(), t.to()));
        return out.values().stream().map(s -> new ScenarioResult(s.migration(),
            phase.getOrDefault(s.migration(), s.finalPhase()), s.steps(), s.statements(), s.errors(),
            last.getOrDefault(s.migration(), 0L))).toList();
    }

    /** Mismatches found by the last reconcile of each migration. */
    @JsonProperty
    public long remainingMismatches() {
        Map<String, Long> last = new LinkedHashMap<>();
        for (ReconcileResult r : reconciles) {
            last.put(r.migration(), r.mismatches());
        }
        return last.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Why the rehearsal failed; empty when it passed. */
    @JsonProperty
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (failure != null) {
            out.add("the rehearsal stopped: " + failure);
        }
        add(out, errors(), "application statement(s) failed");
        add(out, lostWrites, "acknowledged write(s) lost");
        add(out, damagedRows, "seeded row(s) changed");
        add(out, shadowMismatches(), "shadow read(s) differed");
        add(out, remainingMismatches(), "mismatch(es) remain after the final reconciles");
        for (RolloutResult r : rollouts) {
            if (!r.state().equals("SUCCEEDED")) {
                out.add("the canary autopilot of " + r.migration() + " ended " + r.state() + ": " + r.message());
            }
        }
        return out;
    }

    @JsonProperty
    public boolean ok() {
        return problems().isEmpty();
    }

    private static void add(List<String> out, long n, String what) {
        if (n > 0) {
            out.add(n + " " + what);
        }
    }
}
