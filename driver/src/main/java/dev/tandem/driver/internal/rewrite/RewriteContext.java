package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.internal.config.ConfigSnapshot;
import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;
import dev.tandem.driver.spec.TableName;
import dev.tandem.driver.schema.Catalog;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.schema.TableMeta;
import net.sf.jsqlparser.schema.Table;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Everything one rewrite needs besides the tree: the snapshot, dialect, metadata, the sampling
 * decision for each migration, and what the rewrite did (changed, wrote, touched which migrations).
 */
final class RewriteContext {
    final ConfigSnapshot snapshot;
    final Dialect dialect;
    private final Catalog catalog;
    private final Connection connection;
    private final Predicate<Migration> sampledOn;
    private final Set<String> migratedColumnNames = new HashSet<>();
    /**
     * Migrations the statement touches and those whose sampling it consulted, in order of first use. Kept by
     * identity (a snapshot holds each migration once): a record's hash walks all its maps, on every add.
     */
    final List<Migration> touched = new ArrayList<>(2);
    final List<Migration> sampled = new ArrayList<>(2);
    final List<String> hidden = new ArrayList<>();
    /**
     * Generated SET right-hand sides that read old columns assigned earlier in the same single-table SET list,
     * evaluated left to right (MySQL): the verifier accepts those names there.
     */
    final java.util.Map<Object, List<String>> readsAssigned = new java.util.IdentityHashMap<>();
    boolean changed;
    /** While rewriting the query of an INSERT ... SELECT: a * is expanded without the new columns. */
    boolean starWithoutNewColumns;
    /** The text the statement was parsed from, or null. */
    String parsedText;
    boolean writes;
    /** INSERT/UPDATE/DELETE: in READ_NEW every read inside them uses the new side (see readMode). */
    boolean writeStatement;
    /** A move's COMPLETE UPDATE, prepared from the statement as written before the read rules ran (MoveComplete). */
    Object movePrepared;
    /** A SELECT ... FOR UPDATE/SHARE: before COMPLETE a move's locking read reads the source, which it locks. */
    boolean lockingRead;
    dev.tandem.driver.internal.rewrite.ResultShape shape;
    /** The statements a write runs besides its own (a move's write on MySQL/MariaDB); empty for none. */
    List<WriteStep> steps = List.of();
    /**
     * A write whose locks include ones Tandem added without a step (a move's cascading foreign key on MySQL/MariaDB):
     * in autocommit mode a deadlock that ends it is Tandem's to absorb, by running it again.
     */
    boolean retryDeadlock;

    RewriteContext(ConfigSnapshot snapshot, Dialect dialect, Catalog catalog, Connection connection,
                   Predicate<Migration> sampledOn) {
        this.snapshot = snapshot;
        this.dialect = dialect;
        this.catalog = catalog;
        this.connection = connection;
        this.sampledOn = sampledOn;
        for (Migration m : snapshot.activeMigrations()) {
            for (String c : m.oldColumns()) {
                migratedColumnNames.add(c.toLowerCase(Locale.ROOT));
            }
            for (String c : m.newColumns()) {
                migratedColumnNames.add(c.toLowerCase(Locale.ROOT));
            }
        }
    }

    /** The physical connection, for metadata reads. */
    Connection connection() {
        return connection;
    }

    boolean isMigratedColumnName(String sqlName) {
        return migratedColumnNames.contains(Identifiers.unquote(sqlName).toLowerCase(Locale.ROOT));
    }

    /** The active migrations on the table {@code t} names. */
    List<Migration> migrationsOn(Table t) {
        List<Migration> out = null;
        for (Migration m : snapshot.activeMigrations()) {
            TableName tn = m.table();
            if (!Identifiers.matches(tn.name(), t.getName())) {
                continue;
            }
            if (tn.schema() != null && t.getSchemaName() != null
                && !Identifiers.matches(tn.schema(), t.getSchemaName())) {
                continue;
            }
            if (out == null) {
                out = new ArrayList<>(2);
            }
            out.add(m);
            addOnce(touched, m);
        }
        return out == null ? List.of() : out;
    }

    /** How this statement reads {@code m}'s old columns; consults the sampler for partial shares. */
    ReadMode readMode(Migration m) {
        Phase p = m.phase();
        if (m.kind() == Migration.Kind.MOVE && (writeStatement || lockingRead) && p != Phase.COMPLETE) {
            // A move keeps its source columns written, and so equal to the target, until COMPLETE (MoveWrites):
            // a write reads them where they are, under the row locks it takes, as the old schema did.
            return ReadMode.OLD;
        }
        switch (p) {
            case SHADOW_READ:
                return sample(m, m.shadowReadPercent()) ? ReadMode.SHADOW : ReadMode.OLD;
            case READ_NEW:
                // Reads inside a write always use the new side in READ_NEW: the sides are consistent on the way
                // forward, and on the way back from CONTRACT the new side is the only up-to-date one.
                return writeStatement || sample(m, m.readNewPercent()) ? ReadMode.NEW : ReadMode.OLD;
            case CONTRACT:
            case COMPLETE:
                return ReadMode.NEW;
            default:
                return ReadMode.OLD;
        }
    }

    private boolean sample(Migration m, int percent) {
        if (percent >= 100) {
            return true;
        }
        if (percent <= 0) {
            return false;
        }
        addOnce(sampled, m);
        return sampledOn.test(m);
    }

    private static void addOnce(List<Migration> list, Migration m) {
        for (Migration x : list) {
            if (x == m) {
                return;
            }
        }
        list.add(m);
    }

    /** Table metadata, or {@code null} when the server does not know the table. */
    TableMeta meta(TableName table) {
        try {
            return catalog.table(table, connection);
        } catch (SQLException e) {
            throw new MetadataUnavailableException(table, e);
        }
    }

    /** The declared type of {@code column} of {@code table}, or {@code null} if unknown. */
    String columnType(TableName table, String column) {
        TableMeta meta = meta(table);
        TableMeta.ColumnMeta c = meta == null ? null : meta.column(Identifiers.unquote(column));
        if (c != null) {
            return c.type();
        }
        // A dropped old column (COMPLETE): the spec may still say what type the application expects.
        for (Migration m : snapshot.activeMigrations()) {
            if (m.table().equals(table) || Identifiers.matches(m.table().name(), table.name())) {
                String old = m.oldColumn(column);
                if (old != null && m.types().containsKey(old)) {
                    return m.types().get(old);
                }
            }
        }
        return null;
    }

    /**
     * What {@code DEFAULT} stores in {@code column}, converted as stored: NULL for a nullable column without a
     * default, or its default when that is a constant (or a time function, the same throughout a statement).
     * Refused for any other default (a sequence, a random value: it would differ between the two sides).
     *
     * @return the value's SQL, or null when the server will refuse the default itself (NOT NULL without a
     *         default) or the column is gone (COMPLETE), so the other side cannot be computed from it
     */
    String defaultValue(Migration m, String column) {
        TableMeta meta = meta(m.table());
        TableMeta.ColumnMeta c = meta == null ? null : meta.column(Identifiers.unquote(column));
        if (c == null) {
            return null;
        }
        String expr = c.defaultExpression();
        if (expr == null) {
            return c.nullable() ? dialect.storedAs("NULL", c.type()) : null;
        }
        if (!isStable(expr)) {
            throw RewriteException.unsupported(m, "the default of " + column + " (" + expr + ") is not a constant, so "
                + "Tandem cannot compute the other side from it; write the value");
        }
        return dialect.storedAs("(" + expr + ")", c.type());
    }

    /**
     * True if an INSERT that leaves {@code column} out stores NULL in it: the column is nullable and has no default,
     * or its default is the NULL literal (possibly cast, as PostgreSQL reports {@code NULL::character varying}).
     */
    boolean defaultIsNull(Migration m, String column) {
        TableMeta meta = meta(m.table());
        TableMeta.ColumnMeta c = meta == null ? null : meta.column(Identifiers.unquote(column));
        if (c == null) {
            return false;
        }
        String expr = c.defaultExpression();
        return expr == null ? c.nullable()
            : expr.trim().replaceFirst("(?i)^\\(?\\s*null\\s*\\)?(\\s*::.*)?$", "").isEmpty();
    }

    /**
     * The value {@code DEFAULT} gives {@code column} of {@code table} (any column, migrated or not), as SQL; refused
     * (naming {@code m}) when it is not a constant or the column's default is unknown.
     */
    String defaultOf(dev.tandem.driver.spec.TableName table, String column, Migration m) {
        TableMeta meta = meta(table);
        TableMeta.ColumnMeta c = meta == null ? null : meta.column(Identifiers.unquote(column));
        if (c == null) {
            throw RewriteException.unsupported(m, "a right-hand side reads " + column + " after it is set to DEFAULT, "
                + "and Tandem does not know that default; write the value");
        }
        String expr = c.defaultExpression();
        if (expr == null) {
            return "NULL";
        }
        if (!isStable(expr)) {
            throw RewriteException.unsupported(m, "a right-hand side reads " + column + " after it is set to DEFAULT ("
                + expr + "), which is not a constant; write the value");
        }
        return "(" + expr + ")";
    }

    private static final java.util.Set<String> STABLE_FUNCTIONS = java.util.Set.of("now", "current_timestamp",
        "current_date", "current_time", "localtimestamp", "localtime", "utc_timestamp", "utc_date", "curdate",
        "curtime", "transaction_timestamp", "statement_timestamp");

    /** A default made of literals, casts, operators and time functions that are the same throughout a statement. */
    private static boolean isStable(String expr) {
        net.sf.jsqlparser.expression.Expression e;
        try {
            e = net.sf.jsqlparser.parser.CCJSqlParserUtil.parseExpression(expr);
        } catch (net.sf.jsqlparser.JSQLParserException | RuntimeException ex) {
            return false;
        }
        boolean[] stable = {true};
        TreeWalk.walk(e, (node, owner, field) -> {
            if (node instanceof net.sf.jsqlparser.expression.Function) {
                String name = ((net.sf.jsqlparser.expression.Function) node).getName();
                stable[0] &= name != null && STABLE_FUNCTIONS.contains(name.toLowerCase(Locale.ROOT));
            } else if (node instanceof net.sf.jsqlparser.schema.Column) {
                String name = ((net.sf.jsqlparser.schema.Column) node).getColumnName().toLowerCase(Locale.ROOT);
                stable[0] &= STABLE_FUNCTIONS.contains(name) || name.equals("true") || name.equals("false");
            } else if (node instanceof net.sf.jsqlparser.statement.select.Select) {
                stable[0] = false;
            }
            return stable[0];
        });
        return stable[0];
    }

    /** A fresh label for a hidden trailing column. */
    String hiddenLabel(String kind) {
        String label = "tandem_" + kind + (hidden.size() + 1);
        hidden.add(label);
        return label;
    }

    /**
     * {@code value} as column {@code column} of {@code m}'s table stores it ({@link Dialect#storedAs}), or the
     * column's default for {@code DEFAULT}; refused with {@code whenNoDefault} when that default is unknown.
     */
    String storedValue(Migration m, String column, net.sf.jsqlparser.expression.Expression value,
                       String whenNoDefault) {
        if ("DEFAULT".equalsIgnoreCase(value.toString())) {
            String d = defaultValue(m, column);
            if (d == null) {
                throw RewriteException.unsupported(m, whenNoDefault);
            }
            return d;
        }
        return dialect.storedAs(value.toString(), columnType(m.table(), column));
    }
}
