package dev.tandem.agent.ddl;

import dev.tandem.driver.spec.Phase;

import java.util.ArrayList;
import java.util.List;

/**
 * The DDL one migration needs, in the target's dialect, as steps in the order they run, each with the stage
 * (and so the phases) it belongs to and the lock it takes. {@code phase} is the migration's phase when the plan
 * was made, which decides what {@code apply} runs ({@link #toApply}). {@code notes} say what Tandem could not
 * decide, e.g. a new column without a declared type.
 */
public record DdlPlan(String migrationId, Phase phase, List<DdlStep> steps, List<String> notes) {

    /** When a step runs. */
    public enum Stage {
        /** New columns (nullable), their defaults and indexes: in EXPAND, before DUAL_WRITE. */
        EXPAND("expand: run in EXPAND, before DUAL_WRITE (tandem-agent apply %s)"),
        /**
         * The old columns' NOT NULL carried to the new side, then dropped from the old side: once the backfill is
         * done (SHADOW_READ or READ_NEW), before CONTRACT, when writes stop setting the old columns.
         */
        TIGHTEN("tighten: run in SHADOW_READ or READ_NEW, after the backfill and before CONTRACT "
            + "(tandem-agent apply %s)"),
        /** The old columns dropped: in CONTRACT, before COMPLETE. */
        CONTRACT("contract: drops the old side, run in CONTRACT before COMPLETE (tandem-agent apply %s --contract)"),
        /**
         * A move's source columns dropped: in COMPLETE, once no instance writes them (the driver keeps them written
         * through CONTRACT, so a rollback from CONTRACT finds them current).
         */
        COMPLETE("complete: drops a move's source columns, run in COMPLETE (tandem-agent apply %s --contract)");

        private final String heading;

        Stage(String heading) {
            this.heading = heading;
        }

        /** The comment line {@code plan} prints above the stage's steps. */
        public String heading(String migrationId) {
            return String.format(heading, migrationId);
        }
    }

    /**
     * One statement. {@code lock}: what it locks, as the server does it; {@code onLockTimeout}: a statement to run
     * before trying again after a lock timeout (null for none), e.g. dropping an index a failed build left.
     */
    public record DdlStep(Stage stage, String sql, String lock, String onLockTimeout) {
    }

    /** A plan of bare expand and contract statements (no lock information), in EXPAND. */
    public DdlPlan(String migrationId, List<String> expand, List<String> contract, List<String> notes) {
        this(migrationId, Phase.EXPAND, steps(expand, contract), notes);
    }

    private static List<DdlStep> steps(List<String> expand, List<String> contract) {
        List<DdlStep> out = new ArrayList<>();
        expand.forEach(s -> out.add(new DdlStep(Stage.EXPAND, s, null, null)));
        contract.forEach(s -> out.add(new DdlStep(Stage.CONTRACT, s, null, null)));
        return out;
    }

    public List<DdlStep> stage(Stage stage) {
        return steps.stream().filter(s -> s.stage() == stage).toList();
    }

    public List<String> expand() {
        return sql(stage(Stage.EXPAND));
    }

    public List<String> tighten() {
        return sql(stage(Stage.TIGHTEN));
    }

    public List<String> contract() {
        return sql(stage(Stage.CONTRACT));
    }

    /** A move's drops of its source columns, run in COMPLETE. */
    public List<String> complete() {
        return sql(stage(Stage.COMPLETE));
    }

    /**
     * The steps {@code apply} runs in the plan's phase: with {@code contract}, what is left of the tightening and
     * then the contract steps (in COMPLETE, a move's drops too); without, the expand steps, and from SHADOW_READ on (the backfill is done) the
     * tightening as well.
     */
    public List<DdlStep> toApply(boolean contract) {
        List<DdlStep> out = new ArrayList<>();
        if (!contract) {
            out.addAll(stage(Stage.EXPAND));
        }
        if (contract || phase.ordinal() >= Phase.SHADOW_READ.ordinal()) {
            out.addAll(stage(Stage.TIGHTEN));
        }
        if (contract) {
            out.addAll(stage(Stage.CONTRACT));
        }
        if (contract && phase == Phase.COMPLETE) {
            out.addAll(stage(Stage.COMPLETE));
        }
        return out;
    }

    public static List<String> sql(List<DdlStep> steps) {
        return steps.stream().map(DdlStep::sql).toList();
    }
}
