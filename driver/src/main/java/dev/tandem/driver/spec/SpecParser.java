package dev.tandem.driver.spec;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a migration spec (YAML) into validated {@link Migration}s. Every problem is collected and
 * reported at once, each naming the source, the migration and the field; nothing partial is returned.
 */
public final class SpecParser {
    private static final Set<String> TOP_KEYS = Set.of("migrations");
    private static final Set<String> MIGRATION_KEYS = Set.of("id", "kind", "table", "target", "targetKey", "key",
        "columns", "phase", "readNewPercent", "shadowReadPercent", "description", "rollout");
    private static final Set<String> COLUMN_KEYS = Set.of("old", "new", "forward", "backward", "type", "oldType",
        "oldPosition");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

    private final String source;
    private final Set<String> functions;
    private final List<String> problems = new ArrayList<>();

    private SpecParser(String source, Set<String> functions) {
        this.source = source;
        this.functions = functions;
    }

    /**
     * Parses and validates {@code yaml}; {@code source} names it in messages (e.g. the file path). Expressions are
     * checked for their structure ({@link SpecExpression}) but any function name is accepted: the agent checks
     * function names against its allow-list when it publishes a spec.
     */
    public static List<Migration> parse(String yaml, String source) throws SpecException {
        return parse(yaml, source, null);
    }

    /**
     * As {@link #parse(String, String)}, and every function an expression calls must be in {@code functions}
     * (lower-case names; {@code null} accepts any name).
     */
    public static List<Migration> parse(String yaml, String source, Set<String> functions) throws SpecException {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new SpecException(source, "not valid YAML: " + e.getMessage(), e);
        }
        return new SpecParser(source, functions).read(root);
    }

    /** True if {@code yaml} holds no document at all (empty, blank or only comments). */
    public static boolean isEmptyDocument(String yaml) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml) == null;
        } catch (YAMLException e) {
            return false;
        }
    }

    private List<Migration> read(Object root) throws SpecException {
        List<Migration> result = new ArrayList<>();
        if (root == null) {
            return result;
        }
        Map<String, Object> top = map(root, "top level");
        if (top == null) {
            throw new SpecException(source, problems);
        }
        unknownKeys(top, TOP_KEYS, "top level");
        Object list = top.get("migrations");
        if (list != null && !(list instanceof List)) {
            problems.add("top level: 'migrations' must be a list");
        } else if (list != null) {
            int i = 0;
            for (Object item : (List<?>) list) {
                Migration m = migration(item, "migrations[" + i++ + "]");
                if (m != null) {
                    result.add(m);
                }
            }
        }
        crossCheck(result);
        if (!problems.isEmpty()) {
            throw new SpecException(source, problems);
        }
        return Collections.unmodifiableList(result);
    }

    private Migration migration(Object item, String where) {
        Map<String, Object> m = map(item, where);
        if (m == null) {
            return null;
        }
        String id = string(m, "id", where, true);
        String at = id == null ? where : "migration '" + id + "'";
        int before = problems.size();
        if (id != null && !ID.matcher(id).matches()) {
            problems.add(at + ": field 'id' must be letters, digits, '.', '_' or '-'");
        }
        unknownKeys(m, MIGRATION_KEYS, at);
        String table = string(m, "table", at, true);
        if (table != null && !NAME.matcher(table).matches()) {
            problems.add(at + ": field 'table' must be a table name or schema.table, got '" + table + "'");
        }
        Migration.Kind kind = kind(m, at);
        String target = string(m, "target", at, kind != Migration.Kind.COLUMNS);
        if (kind == Migration.Kind.COLUMNS && target != null) {
            problems.add(at + ": field 'target' belongs to 'kind: move' or 'kind: rename'; a column migration keeps "
                + "its columns in 'table'");
        } else if (target != null && !NAME.matcher(target).matches()) {
            problems.add(at + ": field 'target' must be a table name or schema.table, got '" + target + "'");
            target = null;
        } else if (target != null && table != null && TableName.parse(target).equals(TableName.parse(table))) {
            problems.add(at + ": field 'target' names the same table as 'table'");
        }
        List<String> key = kind == Migration.Kind.RENAME && m.get("key") == null ? List.of()
            : stringList(m.get("key"), at, "key");
        List<String> targetKey = targetKey(m, kind, key, at);
        if (kind == Migration.Kind.RENAME) {
            rename(m, at, table, target);
        }
        Phase phase = Phase.EXPAND;
        String phaseText = string(m, "phase", at, false);
        if (phaseText != null) {
            phase = Phase.parse(phaseText);
            if (phase == null) {
                problems.add(at + ": field 'phase' has unknown phase '" + phaseText + "'; expected one of "
                    + java.util.Arrays.toString(Phase.values()));
            }
        }
        int readNew = percent(m, "readNewPercent", at);
        int shadow = percent(m, "shadowReadPercent", at);
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Integer> positions = new LinkedHashMap<>();
        if (kind != Migration.Kind.RENAME) {
            columns(m.get("columns"), at, kind, forward, backward, types, positions);
        }
        Map<String, Set<String>> forwardRefs = refs(forward, backward.keySet(), forward.keySet(), at, "forward");
        Map<String, Set<String>> backwardRefs = refs(backward, forward.keySet(), backward.keySet(), at, "backward");
        for (String k : key) {
            if (contains(backward.keySet(), k) || kind != Migration.Kind.MOVE && contains(forward.keySet(), k)) {
                problems.add(at + ": field 'key': key column '" + k + "' cannot itself be migrated");
            }
        }
        for (String k : targetKey) {
            if (contains(forward.keySet(), k)) {
                problems.add(at + ": field 'targetKey': key column '" + k + "' of the target is filled from 'key', "
                    + "so it cannot also be a moved column");
            }
        }
        Map<String, Object> rollout = Map.of();
        Object r = m.get("rollout");
        if (r != null && !(r instanceof Map)) {
            problems.add(at + ": field 'rollout' must be a mapping (steps, intervalSeconds, failuresBeforeRollback, "
                + "gates), got '" + r + "'");
        } else if (r != null) {
            rollout = Collections.unmodifiableMap(new LinkedHashMap<>(map(r, at + ": field 'rollout'")));
        }
        if (problems.size() > before || id == null || table == null || phase == null
            || kind != Migration.Kind.COLUMNS && target == null) {
            return null;
        }
        return new Migration(id, TableName.parse(table), key, Collections.unmodifiableMap(forward),
            Collections.unmodifiableMap(backward), forwardRefs, backwardRefs, Collections.unmodifiableMap(types),
            phase, readNew, shadow, Collections.unmodifiableMap(positions), kind,
            target == null ? null : TableName.parse(target), targetKey, rollout);
    }

    private Migration.Kind kind(Map<String, Object> m, String at) {
        String text = string(m, "kind", at, false);
        if (text == null) {
            return Migration.Kind.COLUMNS;
        }
        Migration.Kind kind = Migration.Kind.parse(text);
        if (kind == null) {
            problems.add(at + ": field 'kind' must be 'columns' (the default), 'move' or 'rename', got '" + text + "'");
            return Migration.Kind.COLUMNS;
        }
        return kind;
    }

    /** The target's key of a move: {@code targetKey}, or the source's key names; 1:1 with {@code key}. */
    private List<String> targetKey(Map<String, Object> m, Migration.Kind kind, List<String> key, String at) {
        Object v = m.get("targetKey");
        if (kind != Migration.Kind.MOVE) {
            if (v != null) {
                problems.add(at + ": field 'targetKey' belongs to 'kind: move' (the target table's key)");
            }
            return List.of();
        }
        if (v == null) {
            return key;
        }
        List<String> targetKey = stringList(v, at, "targetKey");
        if (targetKey.size() != key.size()) {
            problems.add(at + ": field 'targetKey' has " + targetKey.size() + " column(s) but 'key' has " + key.size()
                + ": a move keeps one target row per source row, keyed by the source's key (1:1); moving columns "
                + "into a table with several rows per source row (1:N) is not supported");
        }
        return targetKey;
    }

    private void rename(Map<String, Object> m, String at, String table, String target) {
        for (String field : List.of("columns", "readNewPercent", "shadowReadPercent")) {
            if (m.get(field) != null) {
                problems.add(at + ": field '" + field + "' does not apply to 'kind: rename'; a rename changes only "
                    + "the table's name");
            }
        }
        if (table != null && target != null && NAME.matcher(target).matches()
            && !java.util.Objects.equals(TableName.parse(table).schema(), TableName.parse(target).schema())) {
            problems.add(at + ": field 'target' must stay in the schema of 'table' ('" + table + "' to '" + target
                + "'): a rename does not move a table to another schema");
        }
    }

    private void columns(Object value, String at, Migration.Kind kind, Map<String, String> forward,
                         Map<String, String> backward, Map<String, String> types, Map<String, Integer> positions) {
        if (!(value instanceof List) || ((List<?>) value).isEmpty()) {
            problems.add(at + ": field 'columns' must be a non-empty list of {old, new, forward, backward}");
            return;
        }
        int i = 0;
        for (Object item : (List<?>) value) {
            String where = at + ": field 'columns[" + i++ + "]'";
            Map<String, Object> c = map(item, where);
            if (c == null) {
                continue;
            }
            unknownKeys(c, COLUMN_KEYS, where);
            String oldName = column(c, "old", where);
            String newName = column(c, "new", where);
            String fwd = string(c, "forward", where, false);
            String bwd = string(c, "backward", where, false);
            String oldType = string(c, "oldType", where, false);
            if (oldType != null && oldName == null) {
                problems.add(where + ": 'oldType' describes an old column, so it needs 'old'");
            } else if (oldType != null) {
                types.put(oldName, oldType);
            }
            Object position = c.get("oldPosition");
            if (position != null) {
                if (oldName == null) {
                    problems.add(where + ": 'oldPosition' places an old column, so it needs 'old'");
                } else if (!(position instanceof Integer) || (Integer) position < 1) {
                    problems.add(where + ": field 'oldPosition' must be a whole number from 1 (the old column's "
                        + "place among the table's columns), got " + position);
                } else {
                    positions.put(oldName, (Integer) position);
                }
            }
            String newType = string(c, "type", where, false);
            if (newType != null && newName == null) {
                problems.add(where + ": 'type' is the SQL type of the new column, so it needs 'new'");
            } else if (newType != null) {
                types.put(newName, newType);
            }
            if (oldName == null && newName == null) {
                problems.add(where + ": needs 'old', 'new' or both");
                continue;
            }
            if (newName == null && fwd != null) {
                problems.add(where + ": 'forward' computes a new column, so it needs 'new'");
            }
            if (oldName == null && bwd != null) {
                problems.add(where + ": 'backward' computes an old column, so it needs 'old'");
            }
            if (newName != null) {
                if (fwd == null && oldName == null) {
                    problems.add(where + ": new column '" + newName + "' without 'old' needs a 'forward' expression");
                } else if (contains(forward.keySet(), newName)) {
                    problems.add(where + ": new column '" + newName + "' is listed twice");
                } else {
                    forward.put(newName, fwd != null ? fwd : oldName);
                }
            }
            if (oldName != null) {
                if (bwd == null && newName == null) {
                    problems.add(where + ": old column '" + oldName + "' without 'new' needs a 'backward' expression");
                } else if (contains(backward.keySet(), oldName)) {
                    problems.add(where + ": old column '" + oldName + "' is listed twice");
                } else {
                    backward.put(oldName, bwd != null ? bwd : newName);
                }
            }
        }
        for (String n : forward.keySet()) {
            if (kind != Migration.Kind.MOVE && contains(backward.keySet(), n)) {
                problems.add(at + ": field 'columns': '" + n + "' is both an old and a new column");
            }
        }
    }

    /**
     * Checks each expression ({@link SpecExpression}), replaces its text in {@code exprs} with the rendered tree,
     * and checks it reads only columns of the other side.
     */
    private Map<String, Set<String>> refs(Map<String, String> exprs, Set<String> allowed, Set<String> sameSide,
                                          String at, String field) {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : exprs.entrySet()) {
            String where = at + ": field '" + field + "' of '" + e.getKey() + "'";
            SpecExpression expr;
            try {
                expr = SpecExpression.check(e.getValue(), functions);
            } catch (IllegalArgumentException ex) {
                problems.add(where + ": " + ex.getMessage());
                continue;
            }
            Set<String> refs = new LinkedHashSet<>();
            Set<String> bad = new LinkedHashSet<>();
            for (String name : expr.columns()) {
                String match = find(allowed, name);
                if (match != null) {
                    refs.add(match);
                } else {
                    bad.add(name);
                }
            }
            for (String b : bad) {
                boolean wrongSide = find(sameSide, b) != null;
                problems.add(where + ": references '" + b + "', "
                    + (wrongSide ? "a column of the wrong side" : "which is not a column of this migration")
                    + "; " + ("forward".equals(field) ? "forward reads old columns only"
                    : "backward reads new columns only"));
            }
            if (refs.isEmpty() && bad.isEmpty()) {
                problems.add(where + ": expression '" + e.getValue() + "' reads no column of the other side");
            }
            e.setValue(expr.rendered());
            result.put(e.getKey(), Collections.unmodifiableSet(refs));
        }
        return Collections.unmodifiableMap(result);
    }

    private void crossCheck(List<Migration> migrations) {
        Set<String> ids = new HashSet<>();
        Map<String, String> columnOwner = new LinkedHashMap<>();
        for (Migration m : migrations) {
            if (!ids.add(m.id())) {
                problems.add("migration '" + m.id() + "': field 'id' is used by more than one migration");
            }
            claim(columnOwner, m, m.table(), m.oldColumns());
            claim(columnOwner, m, m.newTable(), m.newColumns());
        }
        Map<String, String> tableOwner = new LinkedHashMap<>();
        for (Migration m : migrations) {
            if (m.kind() != Migration.Kind.COLUMNS) {
                for (TableName t : List.of(m.table(), m.target())) {
                    String other = tableOwner.putIfAbsent(t.name().toLowerCase(Locale.ROOT), m.id());
                    if (other != null && !other.equals(m.id())) {
                        problems.add("migration '" + m.id() + "': table " + t + " is already in migration '" + other
                            + "'; a table that is moved from, moved to or renamed can be in one migration at a time: "
                            + "finish one (COMPLETE) and remove it before starting the other");
                    }
                }
            }
        }
        for (Migration m : migrations) {
            if (m.kind() == Migration.Kind.COLUMNS) {
                String other = tableOwner.get(m.table().name().toLowerCase(Locale.ROOT));
                if (other != null) {
                    problems.add("migration '" + m.id() + "': table " + m.table() + " is already in migration '"
                        + other + "'; a table that is moved from, moved to or renamed can be in one migration at a "
                        + "time: finish one (COMPLETE) and remove it before starting the other");
                }
            }
        }
    }

    private void claim(Map<String, String> owners, Migration m, TableName table, Set<String> columns) {
        for (String c : columns) {
            String k = table.name().toLowerCase(Locale.ROOT) + "." + c.toLowerCase(Locale.ROOT);
            String other = owners.putIfAbsent(k, m.id());
            if (other != null && !other.equals(m.id())) {
                problems.add("migration '" + m.id() + "': field 'columns': column " + table + "." + c
                    + " is already migrated by '" + other + "'");
            }
        }
    }

    private String column(Map<String, Object> c, String field, String where) {
        String name = string(c, field, where, false);
        if (name != null && !NAME.matcher(name).matches()) {
            problems.add(where + ": '" + field + "' must be a plain column name, got '" + name + "'");
            return null;
        }
        return name;
    }

    private int percent(Map<String, Object> m, String field, String at) {
        Object v = m.get(field);
        if (v == null) {
            return 100;
        }
        if (!(v instanceof Integer) || (Integer) v < 0 || (Integer) v > 100) {
            problems.add(at + ": field '" + field + "' must be an integer from 0 to 100, got '" + v + "'");
            return 100;
        }
        return (Integer) v;
    }

    private List<String> stringList(Object v, String at, String field) {
        List<String> out = new ArrayList<>();
        if (v instanceof String) {
            out.add((String) v);
        } else if (v instanceof List && !((List<?>) v).isEmpty()) {
            for (Object o : (List<?>) v) {
                if (o instanceof String && NAME.matcher((String) o).matches()) {
                    out.add((String) o);
                } else {
                    problems.add(at + ": field '" + field + "' has a bad column name '" + o + "'");
                }
            }
        } else {
            problems.add(at + ": field '" + field + "' must name the primary key or a unique not-null key, "
                + "e.g. key: [id]");
        }
        return List.copyOf(out);
    }

    private String string(Map<String, Object> m, String field, String at, boolean required) {
        Object v = m.get(field);
        if (v == null) {
            if (required) {
                problems.add(at + ": field '" + field + "' is required");
            }
            return null;
        }
        if (!(v instanceof String) || ((String) v).isBlank()) {
            problems.add(at + ": field '" + field + "' must be a non-empty string, got '" + v + "'");
            return null;
        }
        return ((String) v).trim();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object v, String where) {
        if (v instanceof Map) {
            return (Map<String, Object>) v;
        }
        problems.add(where + ": expected a mapping, got '" + v + "'");
        return null;
    }

    private void unknownKeys(Map<String, Object> m, Set<String> known, String at) {
        for (Object k : m.keySet()) {
            if (!known.contains(String.valueOf(k))) {
                problems.add(at + ": unknown field '" + k + "'; known fields: " + new java.util.TreeSet<>(known));
            }
        }
    }

    private static boolean contains(Set<String> names, String name) {
        return find(names, name) != null;
    }

    private static String find(Iterable<String> names, String name) {
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return n;
            }
        }
        return null;
    }
}
