package dev.tandem.driver.internal.plan;

import dev.tandem.driver.internal.rewrite.ResultShape;
/**
 * The immutable result of planning one SQL text under one config version: the SQL to send, how the
 * application's parameter indexes map onto the rewritten statement, and what the wrapper must do
 * with the result columns.
 */
public final class Plan {
    private static final int[][] NO_MAP = null;

    private final String sql;
    private final boolean touchesMigratedTable;
    private final long configVersion;
    private final int[][] parameterMap;
    private final ResultShape resultShape;
    private final boolean rewritten;
    private final boolean writesMigratedTable;
    private final Sides sides;
    /** Statements to run with this one in one transaction (a move's write on MySQL/MariaDB); empty for none. */
    private final java.util.List<Step> steps;
    /** Run again in autocommit mode when a deadlock ends it: its locks include Tandem's (see StepRunner). */
    private final boolean retryDeadlock;

    private Plan(String sql, long configVersion, int[][] parameterMap, ResultShape resultShape,
                 boolean rewritten, boolean writesMigratedTable, boolean touchesMigratedTable) {
        this(sql, configVersion, parameterMap, resultShape, rewritten, writesMigratedTable, touchesMigratedTable,
            Sides.NONE, java.util.List.of(), false);
    }

    private Plan(String sql, long configVersion, int[][] parameterMap, ResultShape resultShape,
                 boolean rewritten, boolean writesMigratedTable, boolean touchesMigratedTable, Sides sides,
                 java.util.List<Step> steps, boolean retryDeadlock) {
        this.sides = sides;
        this.steps = steps;
        this.retryDeadlock = retryDeadlock;
        this.touchesMigratedTable = touchesMigratedTable;
        this.sql = sql;
        this.configVersion = configVersion;
        this.parameterMap = parameterMap;
        this.resultShape = resultShape;
        this.rewritten = rewritten;
        this.writesMigratedTable = writesMigratedTable;
    }

    /** A plan that sends {@code sql} untouched. */
    public static Plan passthrough(String sql, long configVersion) {
        return new Plan(sql, configVersion, NO_MAP, null, false, false, false);
    }

    /** A plan for a statement on a migrated table whose text needs no change in this phase. */
    public static Plan unchanged(String sql, long configVersion, boolean writesMigratedTable) {
        return new Plan(sql, configVersion, NO_MAP, null, false, writesMigratedTable, true);
    }

    /**
     * A rewritten plan.
     *
     * @param parameterMap {@code parameterMap[i - 1]} lists the 1-based indexes in the rewritten SQL that
     *                     receive the application's parameter {@code i}; {@code null} means identity
     * @param resultShape  hidden trailing columns and shadow checks, or {@code null} for none
     */
    public static Plan rewritten(String sql, long configVersion, int[][] parameterMap, ResultShape resultShape,
                                 boolean writesMigratedTable) {
        return new Plan(sql, configVersion, parameterMap, resultShape, true, writesMigratedTable, true);
    }

    /** This plan with {@code newSql} as its text (a shape's template filled with one text's literals). */
    Plan withSql(String newSql) {
        return new Plan(newSql, configVersion, parameterMap, resultShape, rewritten, writesMigratedTable,
            touchesMigratedTable, sides, steps, retryDeadlock);
    }

    /** This plan, reading {@code s} (the fleet report counts its executions per side). */
    Plan withSides(Sides s) {
        return new Plan(sql, configVersion, parameterMap, resultShape, rewritten, writesMigratedTable,
            touchesMigratedTable, s, steps, retryDeadlock);
    }

    /** This plan, running {@code s} with its statement in one transaction. */
    Plan withSteps(java.util.List<Step> s) {
        return new Plan(sql, configVersion, parameterMap, resultShape, rewritten, writesMigratedTable,
            touchesMigratedTable, sides, java.util.List.copyOf(s), retryDeadlock);
    }

    /** This plan, run again in autocommit mode when a deadlock ends it (a move's cascading DELETE). */
    Plan withDeadlockRetry() {
        return new Plan(sql, configVersion, parameterMap, resultShape, rewritten, writesMigratedTable,
            touchesMigratedTable, sides, steps, true);
    }

    /**
     * True if an autocommit execution that a deadlock ends is run again: its own or its steps' locks include ones
     * Tandem added, and the deadlock rolled all of it back.
     */
    public boolean retriesDeadlock() {
        return retryDeadlock || !steps.isEmpty();
    }

    /** The statements to run with this one in one transaction, in order of {@link Step#when()}; empty for none. */
    public java.util.List<Step> steps() {
        return steps;
    }

    /** True if this plan runs more statements than its own ({@link #steps()}). */
    public boolean hasSteps() {
        return !steps.isEmpty();
    }

    /** Which side of each migration this plan reads; {@link Sides#NONE} when it touches none. */
    public Sides sides() {
        return sides;
    }

    /** True if the statement names a table under a migration in a rewriting phase (not a passthrough). */
    public boolean touchesMigratedTable() {
        return touchesMigratedTable;
    }

    public String sql() {
        return sql;
    }

    public long configVersion() {
        return configVersion;
    }

    /** The rewritten indexes for application parameter {@code index}, or {@code null} for identity. */
    public int[] targets(int index) {
        if (parameterMap == null) {
            return null;
        }
        if (index < 1 || index > parameterMap.length) {
            return null;
        }
        return parameterMap[index - 1];
    }

    /** True if the parameter map is not the identity. */
    public boolean fansOutParameters() {
        return parameterMap != null;
    }

    /** Number of parameters the application sees, or -1 when the map is the identity. */
    public int applicationParameterCount() {
        return parameterMap == null ? -1 : parameterMap.length;
    }

    public ResultShape resultShape() {
        return resultShape;
    }

    public boolean isRewritten() {
        return rewritten;
    }

    /** True if executing this plan writes a table under migration (refused when the config is stale). */
    public boolean writesMigratedTable() {
        return writesMigratedTable;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Plan[v" + configVersion + (rewritten ? ", rewritten" : "") + "] " + sql);
        for (Step s : steps) {
            b.append("; ").append(s.when()).append(": ").append(s.sql());
        }
        return b.toString();
    }
}
