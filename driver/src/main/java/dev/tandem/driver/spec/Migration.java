package dev.tandem.driver.spec;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One validated column migration: the table, its key, the old and new columns with their forward
 * and backward SQL expressions, the phase and the read sampling shares. Immutable.
 *
 * @param forward           new column name to its forward expression over old columns: SQL text rendered from the
 *                          tree {@link SpecExpression} checked (never the spec's raw text), so the driver and the
 *                          agent run the same single expression
 * @param backward          old column name to its backward expression over new columns, rendered the same way
 * @param forwardRefs       new column name to the old columns its forward expression reads
 * @param backwardRefs      old column name to the new columns its backward expression reads
 * @param types             declared SQL types given in the spec: {@code type} of a new column (used by the
 *                          expand DDL) and {@code oldType} of an old column (used once it is dropped)
 * @param oldPositions      {@code oldPosition} of an old column: its 1-based place among the table's columns as
 *                          the application knew them, where {@code SELECT *} shows it once it is dropped
 * @param kind              what the migration changes: columns of one table, columns moved to another table, or
 *                          the table's name
 * @param target            {@link Kind#MOVE}: the table the new columns live in; {@link Kind#RENAME}: the table's
 *                          new name; {@code null} for {@link Kind#COLUMNS}
 * @param targetKey         {@link Kind#MOVE}: the target's key columns, the i-th equal to the i-th column of
 *                          {@code key} (1:1); empty otherwise
 * @param rollout           the spec's {@code rollout:} mapping (steps, interval, gates) overriding the agent's
 *                          canary autopilot settings for this migration, as written; the agent checks its values
 *                          when it publishes the spec; empty for none
 */
public record Migration(String id, TableName table, List<String> key,
                        Map<String, String> forward, Map<String, String> backward,
                        Map<String, Set<String>> forwardRefs, Map<String, Set<String>> backwardRefs,
                        Map<String, String> types, Phase phase, int readNewPercent, int shadowReadPercent,
                        Map<String, Integer> oldPositions, Kind kind, TableName target, List<String> targetKey,
                        Map<String, Object> rollout) {

    /** What a migration changes. */
    public enum Kind {
        /** Old and new columns in the same table (the default). */
        COLUMNS,
        /** The new columns live in {@link #target()}, one row per source row, joined on the key. */
        MOVE,
        /** The table is renamed to {@link #target()}; the application keeps using the old name. */
        RENAME;

        /** The kind named {@code text} (any case), or {@code null}. */
        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(text)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** A migration without autopilot overrides. */
    public Migration(String id, TableName table, List<String> key, Map<String, String> forward,
                     Map<String, String> backward, Map<String, Set<String>> forwardRefs,
                     Map<String, Set<String>> backwardRefs, Map<String, String> types, Phase phase, int readNewPercent,
                     int shadowReadPercent, Map<String, Integer> oldPositions, Kind kind, TableName target,
                     List<String> targetKey) {
        this(id, table, key, forward, backward, forwardRefs, backwardRefs, types, phase, readNewPercent,
            shadowReadPercent, oldPositions, kind, target, targetKey, Map.of());
    }

    /** A column migration ({@link Kind#COLUMNS}). */
    public Migration(String id, TableName table, List<String> key, Map<String, String> forward,
                     Map<String, String> backward, Map<String, Set<String>> forwardRefs,
                     Map<String, Set<String>> backwardRefs, Map<String, String> types, Phase phase, int readNewPercent,
                     int shadowReadPercent, Map<String, Integer> oldPositions) {
        this(id, table, key, forward, backward, forwardRefs, backwardRefs, types, phase, readNewPercent,
            shadowReadPercent, oldPositions, Kind.COLUMNS, null, List.of(), Map.of());
    }

    /** A migration without {@code oldPosition}s. */
    public Migration(String id, TableName table, List<String> key, Map<String, String> forward,
                     Map<String, String> backward, Map<String, Set<String>> forwardRefs,
                     Map<String, Set<String>> backwardRefs, Map<String, String> types, Phase phase, int readNewPercent,
                     int shadowReadPercent) {
        this(id, table, key, forward, backward, forwardRefs, backwardRefs, types, phase, readNewPercent,
            shadowReadPercent, Map.of());
    }

    /** The spec's name of the old column that {@code sqlName} refers to, or {@code null}. */
    public String oldColumn(String sqlName) {
        return find(backward.keySet(), sqlName);
    }

    /** The spec's name of the new column that {@code sqlName} refers to, or {@code null}. */
    public String newColumn(String sqlName) {
        return find(forward.keySet(), sqlName);
    }

    /** The key column that {@code sqlName} refers to, or {@code null}. */
    public String keyColumn(String sqlName) {
        return find(key, sqlName);
    }

    public Set<String> oldColumns() {
        return backward.keySet();
    }

    public Set<String> newColumns() {
        return forward.keySet();
    }

    /** A copy of this migration in another phase. */
    public Migration withPhase(Phase newPhase) {
        return new Migration(id, table, key, forward, backward, forwardRefs, backwardRefs, types,
            newPhase, readNewPercent, shadowReadPercent, oldPositions, kind, target, targetKey, rollout);
    }

    /** A copy of this migration with other read sampling shares. */
    public Migration withPercents(int newReadNewPercent, int newShadowReadPercent) {
        return new Migration(id, table, key, forward, backward, forwardRefs, backwardRefs, types,
            phase, newReadNewPercent, newShadowReadPercent, oldPositions, kind, target, targetKey, rollout);
    }

    /** A copy of this migration with other autopilot overrides ({@code rollout:}). */
    public Migration withRollout(Map<String, Object> newRollout) {
        return new Migration(id, table, key, forward, backward, forwardRefs, backwardRefs, types,
            phase, readNewPercent, shadowReadPercent, oldPositions, kind, target, targetKey, newRollout);
    }

    /** The table the new columns live in: {@link #target()} for {@link Kind#MOVE}, else {@link #table()}. */
    public TableName newTable() {
        return kind == Kind.MOVE ? target : table;
    }

    private static String find(Iterable<String> names, String sqlName) {
        for (String n : names) {
            if (Identifiers.matches(n, sqlName)) {
                return n;
            }
        }
        return null;
    }
}
