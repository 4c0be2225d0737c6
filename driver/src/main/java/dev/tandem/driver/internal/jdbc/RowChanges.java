package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.TandemSQLException;
import dev.tandem.driver.TandemSqlState;
import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

/**
 * Row changes through an updatable result set of a query on a migrated table. The JDBC driver would write
 * them with an UPDATE or INSERT of its own, which never passes through Tandem and would change one side only;
 * so the wrapper records every {@code updateXxx} call (Byte Buddy inlines the recording in front of the
 * generated forwarding) and, at {@code updateRow()} / {@code insertRow()}, writes the row itself with an
 * UPDATE or INSERT through the Tandem connection, which rewrites it like any other. A row change Tandem cannot
 * address exactly (a query over several tables, a changed column that is not a plain column of the table, a
 * key not in the result) is refused.
 */
final class RowChanges {
    /** One recorded {@code updateXxx(column, value...)} call. */
    private record Change(Method method, Object[] args) {
    }

    private final List<Change> changes = new ArrayList<>();

    /** Inlined before every column-addressed {@code updateXxx} of a result set wrapper. */
    static final class Record {
        private Record() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This ResultSetWrapper self, @Advice.Origin Method method,
                          @Advice.AllArguments Object[] args) {
            self.recordChange(method, args);
        }
    }

    /** Adds the recording to the forwarding of the column-addressed updaters (after the column guard). */
    static DynamicType.Builder<?> record(DynamicType.Builder<?> builder) {
        ElementMatcher.Junction<MethodDescription> updaters = Delegation.OPEN.and(nameStartsWith("update"));
        return builder
            .method(updaters.and(takesArgument(0, int.class)))
            .intercept(Advice.to(ColumnGuard.ByIndex.class).wrap(Advice.to(Record.class).wrap(Delegation.forward())))
            .method(updaters.and(takesArgument(0, String.class)))
            .intercept(Advice.to(ColumnGuard.ByLabel.class).wrap(Advice.to(Record.class).wrap(Delegation.forward())));
    }

    void add(Method method, Object[] args) {
        changes.add(new Change(method, args.clone()));
    }

    void clear() {
        changes.clear();
    }

    /**
     * Writes the recorded changes of the current row with an UPDATE through Tandem; false when the query's table
     * is under no migration (the driver's own UPDATE is then exact).
     */
    boolean update(ResultSet rs, String querySql, Connection tandem, List<Migration> migrations) throws SQLException {
        Target t = target(querySql, migrations, "updateRow");
        if (t == null) {
            return false;
        }
        Map<String, Change> byColumn = byColumn(rs, t);
        if (byColumn.isEmpty()) {
            return true;
        }
        List<String> key = t.migration.key();
        StringBuilder sql = new StringBuilder("UPDATE ").append(t.table).append(" SET ");
        sql.append(String.join(" = ?, ", byColumn.keySet())).append(" = ? WHERE ");
        sql.append(String.join(" = ? AND ", key)).append(" = ?");
        try (PreparedStatement ps = tandem.prepareStatement(sql.toString())) {
            int i = 1;
            for (Change c : byColumn.values()) {
                bind(ps, i++, c);
            }
            for (String k : key) {
                int column = findKey(rs, t, k);
                ps.setObject(i++, rs.getObject(column));
            }
            ps.executeUpdate();
        }
        changes.clear();
        return true;
    }

    /** Writes the recorded changes of the insert row with an INSERT through Tandem; false as for update. */
    boolean insert(ResultSet rs, String querySql, Connection tandem, List<Migration> migrations) throws SQLException {
        Target t = target(querySql, migrations, "insertRow");
        if (t == null) {
            return false;
        }
        Map<String, Change> byColumn = byColumn(rs, t);
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(t.table).append(" (")
            .append(String.join(", ", byColumn.keySet())).append(") VALUES (");
        for (int i = 0; i < byColumn.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        try (PreparedStatement ps = tandem.prepareStatement(sql.toString())) {
            int i = 1;
            for (Change c : byColumn.values()) {
                bind(ps, i++, c);
            }
            ps.executeUpdate();
        }
        changes.clear();
        return true;
    }

    /** The one migrated table a query reads, with its columns by output label. */
    private record Target(String table, Migration migration, Map<String, String> columnsByLabel, boolean star) {
    }

    private static Target target(String querySql, List<Migration> migrations, String method) throws SQLException {
        PlainSelect ps;
        try {
            ps = (PlainSelect) CCJSqlParserUtil.parse(querySql);
        } catch (Exception | StackOverflowError e) {
            throw refuse(method, "its query is not a single SELECT Tandem can read");
        }
        if (!(ps.getFromItem() instanceof Table) || (ps.getJoins() != null && !ps.getJoins().isEmpty())) {
            throw refuse(method, "its query reads more than one table");
        }
        Table table = (Table) ps.getFromItem();
        Migration migration = null;
        for (Migration m : migrations) {
            if (Identifiers.matches(m.table().name(), table.getName())) {
                migration = m;
            }
        }
        if (migration == null) {
            return null;
        }
        Map<String, String> columns = new HashMap<>();
        boolean star = false;
        for (SelectItem<?> item : ps.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof AllColumns) {
                star = true;
            } else if (e instanceof Column) {
                String name = ((Column) e).getColumnName();
                String label = item.getAlias() != null ? item.getAlias().getName() : name;
                columns.put(Identifiers.unquote(label).toLowerCase(Locale.ROOT), name);
            }
        }
        String name = table.getSchemaName() == null ? table.getName() : table.getSchemaName() + "." + table.getName();
        return new Target(name, migration, columns, star);
    }

    private Map<String, Change> byColumn(ResultSet rs, Target t) throws SQLException {
        Map<String, Change> out = new java.util.LinkedHashMap<>();
        for (Change c : changes) {
            Object at = c.args()[0];
            String label = at instanceof String ? (String) at : rs.getMetaData().getColumnLabel((Integer) at);
            String column = t.columnsByLabel().get(Identifiers.unquote(label).toLowerCase(Locale.ROOT));
            if (column == null && t.star()) {
                column = label;
            }
            if (column == null) {
                throw refuse("updateRow", "column " + label + " of the result is not a plain column of "
                    + t.table() + "; update it with an UPDATE statement");
            }
            out.put(column, c); // a later update of the same column replaces the earlier one
        }
        return out;
    }

    private static int findKey(ResultSet rs, Target t, String key) throws SQLException {
        for (Map.Entry<String, String> e : t.columnsByLabel().entrySet()) {
            if (Identifiers.matches(key, e.getValue())) {
                return rs.findColumn(e.getKey());
            }
        }
        if (t.star()) {
            return rs.findColumn(key);
        }
        throw refuse("updateRow", "the query does not select the key column " + key + " of " + t.table());
    }

    /** Binds a recorded {@code updateXxx(column, value...)} as the matching {@code setXxx(index, value...)}. */
    private static void bind(PreparedStatement ps, int index, Change c) throws SQLException {
        Method m = c.method();
        String name = "set" + m.getName().substring("update".length());
        Object[] args = c.args().clone();
        args[0] = index;
        if (m.getName().equals("updateNull")) {
            ps.setObject(index, null);
            return;
        }
        Class<?>[] types = m.getParameterTypes().clone();
        types[0] = int.class;
        try {
            PreparedStatement.class.getMethod(name, types).invoke(ps, args);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw refuse("updateRow", "ResultSet." + m.getName() + " has no PreparedStatement counterpart");
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException) {
                throw (SQLException) e.getCause();
            }
            throw new SQLException(e.getCause());
        }
    }

    private static SQLException refuse(String method, String why) {
        return new TandemSQLException("Tandem cannot write ResultSet." + method + "() on a query of a table under "
            + "migration: " + why + ". Write the change with an UPDATE, INSERT or DELETE statement instead",
            TandemSqlState.UNSUPPORTED_STATEMENT);
    }

    @Override
    public String toString() {
        return "RowChanges" + Arrays.toString(changes.toArray());
    }
}
