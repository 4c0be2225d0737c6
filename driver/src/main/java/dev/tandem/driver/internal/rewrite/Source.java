package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.TableName;
import net.sf.jsqlparser.schema.Table;

import java.util.List;

/**
 * One named row source in a FROM clause (or an INSERT/UPDATE/DELETE target): a real table, possibly
 * under migration, or a derived table / CTE whose output column names are known or not.
 */
final class Source {
    final String alias;
    final TableName table;
    final List<Migration> migrations;
    /** Output column names of a derived source; {@code null} when unknown (e.g. it selects *). */
    final List<String> derivedColumns;
    /** A pseudo row of the target (EXCLUDED), not a row read from the table. */
    final boolean pseudoRow;

    private Source(String alias, TableName table, List<Migration> migrations, List<String> derivedColumns) {
        this(alias, table, migrations, derivedColumns, false);
    }

    private Source(String alias, TableName table, List<Migration> migrations, List<String> derivedColumns,
                   boolean pseudoRow) {
        this.pseudoRow = pseudoRow;
        this.alias = alias;
        this.table = table;
        this.migrations = migrations;
        this.derivedColumns = derivedColumns;
    }

    static Source table(Table t, List<Migration> migrations) {
        String alias = t.getAlias() == null ? null : t.getAlias().getName();
        return new Source(alias, new TableName(t.getSchemaName(), t.getName()), migrations, null);
    }

    /** A pseudo source with the target table's columns, such as PostgreSQL's EXCLUDED row. */
    static Source pseudo(String name, Source target) {
        return new Source(name, target.table, target.migrations, null, true);
    }

    static Source derived(String alias, List<String> columns) {
        return new Source(alias, null, List.of(), columns);
    }

    boolean isTable() {
        return table != null;
    }

    boolean isMigrated() {
        return !migrations.isEmpty();
    }

    /** The name to qualify generated column references with. */
    String qualifier() {
        return alias != null ? alias : table.name();
    }

    /** True if a column qualifier ({@code u} in {@code u.email}, or {@code public.users}) names this source. */
    boolean answersTo(Table qualifier) {
        String name = qualifier.getName();
        if (name == null) {
            return false;
        }
        if (alias != null) {
            return qualifier.getSchemaName() == null && Identifiers.matches(Identifiers.unquote(alias), name);
        }
        if (table == null || !Identifiers.matches(Identifiers.unquote(table.name()), name)) {
            return false;
        }
        String schema = qualifier.getSchemaName();
        return schema == null || table.schema() == null
            || Identifiers.matches(Identifiers.unquote(table.schema()), schema);
    }

    /** The migration on this source and its old column named {@code sqlName}, or {@code null}. */
    Migration migrationWithOld(String sqlName) {
        for (Migration m : migrations) {
            if (m.oldColumn(sqlName) != null) {
                return m;
            }
        }
        return null;
    }

    Migration migrationWithNew(String sqlName) {
        for (Migration m : migrations) {
            // A moved column's new side is a column of the target table, never of this one.
            if (m.kind() != Migration.Kind.MOVE && m.newColumn(sqlName) != null) {
                return m;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return table != null ? table + (alias != null ? " " + alias : "") : "(derived) " + alias;
    }
}
