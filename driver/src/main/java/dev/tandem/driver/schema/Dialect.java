package dev.tandem.driver.schema;

import dev.tandem.driver.spec.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The SQL dialect of the real server: everything Tandem writes or decides differently for PostgreSQL and the
 * MySQL family, one subclass per dialect ({@link PostgreSqlDialect}, {@link MySqlDialect}). Callers ask the
 * dialect what they need, named for what it means, and never compare dialects, so a third dialect is one new
 * class here (and one entry in {@link #fromUrl}).
 */
public abstract class Dialect {
    public static final Dialect POSTGRESQL = new PostgreSqlDialect();
    public static final Dialect MYSQL = new MySqlDialect();

    private static final List<Dialect> ALL = List.of(POSTGRESQL, MYSQL);

    private final String name;

    /** Subclasses live in this package; their constructors must not touch their own static fields. */
    Dialect(String name) {
        this.name = name;
    }

    /** The dialect's constant name: {@code POSTGRESQL} or {@code MYSQL}. */
    public final String name() {
        return name;
    }

    @Override
    public final String toString() {
        return name;
    }

    /** The dialect for a real JDBC URL, or {@code null} if unknown. */
    public static Dialect fromUrl(String realUrl) {
        String u = realUrl.toLowerCase(Locale.ROOT);
        for (Dialect d : ALL) {
            if (d.servesUrl(u)) {
                return d;
            }
        }
        return null;
    }

    /** True if a real JDBC URL (lower case) names a server of this dialect. */
    abstract boolean servesUrl(String lowerCaseUrl);

    /** Functions of both dialects a spec expression may call by default: pure, row-level, no side effects. */
    private static final Set<String> COMMON_SPEC_FUNCTIONS = Set.of("lower", "upper", "trim", "ltrim", "rtrim",
        "length", "char_length", "character_length", "substring", "substr", "replace", "concat", "concat_ws",
        "coalesce", "nullif", "greatest", "least", "abs", "round", "floor", "ceil", "ceiling", "mod", "sign",
        "power", "sqrt", "lpad", "rpad", "left", "right", "reverse", "repeat", "ascii", "md5", "position");

    /**
     * The lower-case names of the functions a spec's {@code forward}/{@code backward} may call unless the agent's
     * config adds more ({@code spec.allowedFunctions}): pure row-level functions, nothing that sleeps, reads
     * files or settings, takes locks or touches other tables.
     */
    public final Set<String> specFunctions() {
        Set<String> all = new java.util.TreeSet<>(COMMON_SPEC_FUNCTIONS);
        all.addAll(ownSpecFunctions());
        return java.util.Collections.unmodifiableSet(all);
    }

    /** The dialect's own additions to {@link #specFunctions}. */
    abstract Set<String> ownSpecFunctions();

    // --- values and types --------------------------------------------------------------------------

    /**
     * {@code value} converted to the declared type {@code declaredType} exactly as storing it in a column of
     * that type would convert it: the same rounding, and an error (of the same SQLState class) wherever the
     * store would fail, never a silent truncation or widening. Used where a write through an old column name no
     * longer reaches the old column (CONTRACT, COMPLETE) and while dual-writing to compute the other side from
     * what the old column stores.
     *
     * <p>PostgreSQL: an explicit {@code CAST} truncates strings and accepts text for numbers, where storing
     * raises 22001 and 42804. Strings go through the length coercion function storing uses
     * ({@code pg_catalog.varchar(x, typmod, false)}); numbers are added to a zero of their kind first, which
     * accepts numbers and untyped literals and rejects text (42883), then cast. MySQL: {@code CAST(x AS SIGNED)}
     * is 64-bit and {@code CAST(x AS CHAR)} unbounded, so integers and bounded strings are checked against the
     * column's range and length; out of range, the value fails to convert (a strict-mode error of class 22).
     * Other types: the dialect's {@link #castType}.
     */
    public final String storedAs(String value, String declaredType) {
        if (declaredType == null) {
            return "(" + value + ")";
        }
        return storedAsType(value, declaredType, declaredType.toLowerCase(Locale.ROOT).trim());
    }

    /** {@link #storedAs} for a declared type; {@code lowerType} is it in lower case, trimmed. */
    abstract String storedAsType(String value, String declaredType, String lowerType);

    /**
     * The target type for {@code CAST(x AS type)} that stores like a column of the declared type, or
     * {@code null} if the dialect has no such cast (the value is then only parenthesised). PostgreSQL casts to
     * any declared type; MySQL's CAST knows only a few target types (SIGNED, CHAR, DECIMAL, DATETIME, ...).
     */
    public abstract String castType(String declaredType);

    /**
     * String concatenation of SQL expressions: PostgreSQL's {@code ||} operator; MySQL's {@code CONCAT(...)}
     * (there {@code ||} is a logical OR unless PIPES_AS_CONCAT is set).
     */
    public abstract String concat(String... expressions);

    /**
     * The null-safe "differs" predicate between two expressions (true when exactly one is NULL): PostgreSQL's
     * standard {@code a IS DISTINCT FROM b}; MySQL's {@code NOT (a <=> b)}, the negation of its own null-safe
     * equality operator.
     */
    public abstract String distinctFrom(String left, String right);

    /**
     * An identifier as the dialect needs it written: bare when it is a plain lower-case name (on MySQL, whose
     * column names are case-insensitive, any plain name), else quoted: PostgreSQL's double quotes, which keep
     * the case; MySQL's backquotes (double quotes are strings there unless ANSI_QUOTES is set).
     */
    public abstract String quote(String identifier);

    /**
     * An identifier always quoted, so that any text (a label copied from an expression) names exactly itself:
     * PostgreSQL's double quotes, MySQL's backquotes.
     */
    public abstract String quoteAlways(String identifier);

    // --- how the server reads a statement ----------------------------------------------------------

    /**
     * True if a backslash escapes the next character inside string literals (MySQL's default, unless
     * NO_BACKSLASH_ESCAPES); false if it is an ordinary character there (standard SQL, PostgreSQL with
     * standard_conforming_strings on). Scanning and parsing statement text must agree with the server on it.
     */
    public abstract boolean backslashEscapesInStrings();

    /**
     * True if UPDATE SET right-hand sides see the values assigned earlier in the same SET list (MySQL
     * evaluates single-table assignments left to right, and leaves multi-table ones in no defined order); false
     * if every right-hand side sees the row as it was before the update (standard SQL, PostgreSQL).
     */
    public abstract boolean setSeesEarlierAssignments();

    /**
     * True if {@code REPLACE INTO} is a statement of the dialect: MySQL's delete-then-insert on a key conflict,
     * to be handled as an insert. PostgreSQL has no such statement.
     */
    public abstract boolean hasReplaceStatement();

    /**
     * True if an unaliased cast of a column (of a cast ..., parenthesised or not) is labelled with the column's
     * name (PostgreSQL); false if its label is its text, as for any expression (MySQL).
     */
    public abstract boolean labelsCastWithColumnName();

    /**
     * True if an unaliased expression other than a column is labelled with its own text, as the application
     * wrote it (MySQL, which for a client-side prepared statement shows the bound values in it); false if the
     * label does not depend on the text (PostgreSQL: {@code ?column?} or a function's name).
     */
    public abstract boolean labelsExpressionWithText();

    /**
     * True if a bare ORDER BY name is matched against the labels of all output columns, implicit ones (a column,
     * a cast of one) included, before the input columns (PostgreSQL); false if only explicit select-list aliases
     * take it first (MySQL).
     */
    public abstract boolean orderByNameSeesImplicitLabels();

    /**
     * True if names inside HAVING and inside ORDER BY expressions resolve to select-list aliases first (MySQL);
     * false if only a bare ORDER BY name does, and everything else reads the input columns (PostgreSQL).
     */
    public abstract boolean aliasesVisibleInHavingAndOrderByExpressions();

    // --- control tables ----------------------------------------------------------------------------

    /**
     * The server's current time, millisecond precision, as a timestamp without time zone: PostgreSQL's
     * {@code LOCALTIMESTAMP(3)} (its CURRENT_TIMESTAMP has a time zone); MySQL's {@code CURRENT_TIMESTAMP(3)}.
     */
    public abstract String nowMillis();

    /**
     * Milliseconds from the timestamp {@code column} to the server's current time, as a BIGINT: PostgreSQL
     * subtracts timestamps to an interval; MySQL has TIMESTAMPDIFF.
     */
    public abstract String millisSince(String column);

    /**
     * The column type of a BIGINT key the server numbers: PostgreSQL's standard identity column; MySQL's
     * AUTO_INCREMENT.
     */
    public abstract String identityPrimaryKey();

    /**
     * {@code insert} (an {@code INSERT INTO t (...) VALUES (...)}) made to update {@code updated} columns from
     * the inserted values where a row with the same unique {@code key} exists: PostgreSQL's
     * {@code ON CONFLICT (key) DO UPDATE SET c = EXCLUDED.c}; MySQL's {@code ON DUPLICATE KEY UPDATE c =
     * VALUES(c)} (which takes any unique key, so {@code key} is not written).
     */
    public abstract String upsert(String insert, String key, List<String> updated);

    /**
     * The server's current time in UTC, millisecond precision, as a timestamp without time zone, whatever the
     * session's time zone (which the JDBC client sets): PostgreSQL's {@code now() AT TIME ZONE 'UTC'}; MySQL's
     * {@code UTC_TIMESTAMP(3)}. Heartbeats use it, so that no client setting moves an instance's lease.
     */
    public abstract String utcNowMillis();

    /** Milliseconds from the UTC timestamp {@code column} to {@link #utcNowMillis}, as a BIGINT. */
    public abstract String millisSinceUtc(String column);

    /**
     * Statements that create (or replace) the routine {@code routine} through which a driver instance heartbeats
     * its own row of the instances table {@code table} (in schema {@code schema}, for PostgreSQL's search_path)
     * and no other: it runs with its owner's rights (PostgreSQL's {@code SECURITY DEFINER} function; MySQL's
     * {@code SQL SECURITY DEFINER} procedure), writes {@link #utcNowMillis} as the heartbeat, records the
     * calling database user as the row's {@code owner} and refuses (SQLState 42501 or 45000) a row another user
     * owns. Parameters: instance id, host, app, version seen, lease ms.
     */
    public abstract List<String> heartbeatRoutine(String routine, String table, String schema);

    /** The statement calling {@link #heartbeatRoutine} {@code routine} with its five parameters. */
    public abstract String callHeartbeat(String routine);

    /**
     * Statements that create (or replace) the routine {@code routine} through which a driver instance reports its
     * figures ({@link StatsReport}) into {@code statsTable}: with its owner's rights, like {@link #heartbeatRoutine},
     * only for an instance row of {@code instancesTable} the calling user owns (else SQLState 42501 or 45000),
     * storing NULL for a report longer than {@link StatsReport#MAX_CHARS}. Parameters: instance id, report.
     */
    public abstract List<String> reportRoutine(String routine, String statsTable, String instancesTable, String schema);

    /** The statement calling {@link #reportRoutine} {@code routine} with its two parameters. */
    public abstract String callReport(String routine);

    /** {@link #reportRoutine}'s signature as GRANT EXECUTE names it. */
    public abstract String reportRoutineGrantTarget(String routine);

    /**
     * Grants a role needs before it can name anything in {@code schema}: PostgreSQL's {@code GRANT USAGE ON
     * SCHEMA}; none on MySQL, whose table grants suffice.
     */
    public abstract List<String> schemaUsageGrants(String schema, String role);

    /**
     * True if {@code e} says the database user lacks a privilege: PostgreSQL's SQLState 42501; MySQL's errors
     * 1142 (table), 1143 (column), 1370 (routine) and 1044 (database).
     */
    public abstract boolean isPermissionDenied(SQLException e);

    /** The routine's signature as GRANT EXECUTE names it: PostgreSQL's {@code FUNCTION f(types)}; MySQL's {@code PROCEDURE p}. */
    public abstract String heartbeatRoutineGrantTarget(String routine);

    // --- catalog -----------------------------------------------------------------------------------

    /**
     * True if catalog lookups take a table as one qualified name that the server resolves (PostgreSQL's
     * {@code to_regclass(?)}, with the search_path); false if they take the schema (null: the current
     * database) and the name apart (MySQL's information_schema).
     */
    public abstract boolean findsTablesByRegclass();

    /**
     * True if the server's JDBC driver reports a schema as a catalog ({@code DatabaseMetaData} calls take it
     * as their catalog argument: MySQL, whose schemas are databases); false if as a schema (PostgreSQL).
     */
    public abstract boolean schemasAreCatalogs();

    /**
     * The query for a table's columns, bound by {@link #bindColumnsQuery}: per column in order, name, declared
     * type, nullable, default as reported, extra (MySQL), dropped (PostgreSQL keeps a dropped column's place).
     */
    abstract String columnsQuery();

    /** Binds {@code table} to the parameters of {@link #columnsQuery}. */
    abstract void bindColumnsQuery(PreparedStatement ps, TableName table) throws SQLException;

    /**
     * A column default as an SQL expression, or null for none (a NULL default). PostgreSQL reports the
     * expression; MariaDB quotes string literals and says NULL; MySQL 8 reports literals bare and marks
     * expressions DEFAULT_GENERATED.
     */
    abstract String defaultExpression(String reported, String extra);

    /**
     * The names (lower case) of the views that read any of {@code oldColumns} (lower case) of {@code table}.
     * PostgreSQL: from the views' recorded column dependencies. MySQL: from the view definitions, conservatively
     * (a definition that names the table and one of the columns anywhere).
     */
    abstract List<String> viewsReading(TableName table, Set<String> oldColumns, Connection connection)
        throws SQLException;

    /**
     * The names (lower case) of the indexes of {@code table} that a failed online build left unusable (PostgreSQL's
     * INVALID indexes after CREATE INDEX CONCURRENTLY gave up); empty where a failed build is rolled back (MySQL).
     */
    abstract List<String> invalidIndexes(TableName table, Connection connection) throws SQLException;

    /** The CHECK constraints of {@code table}, NOT NULL ones (PostgreSQL keeps those apart) excluded. */
    abstract List<TableMeta.Check> checks(TableName table, Connection connection) throws SQLException;

    // --- DDL and jobs ------------------------------------------------------------------------------

    /**
     * The clause that makes an {@code ALTER TABLE} fail rather than block writes: MySQL's
     * {@code , ALGORITHM=INPLACE, LOCK=NONE}; empty on PostgreSQL, whose ADD COLUMN (nullable, no default) and
     * DROP COLUMN change only the catalog.
     */
    public abstract String onlineAlterClause();

    /**
     * A statement building an index on {@code table} without blocking writes: PostgreSQL's
     * {@code CREATE INDEX CONCURRENTLY IF NOT EXISTS} (a separate statement); MySQL's
     * {@code ALTER TABLE ... ADD INDEX} with {@link #onlineAlterClause}.
     */
    public abstract String createIndexOnline(String table, String name, boolean unique, List<String> columns);

    /** How long a DDL statement holds or waits for locks that stop the table's writes. */
    public enum DdlLock {
        /** The strongest table lock for an instant: a catalog-only change (add, drop, default, nullability). */
        BRIEF_EXCLUSIVE,
        /** An index built while writes continue. */
        INDEX_BUILD,
        /** A scan that checks existing rows while writes continue (PostgreSQL's VALIDATE CONSTRAINT). */
        SCAN,
        /** A table rebuild while writes continue (MySQL's online ALTER with LOCK=NONE). */
        REBUILD
    }

    /** One DDL statement and the lock it takes. */
    public record Ddl(String sql, DdlLock lock) {
    }

    /**
     * The session setting that makes a DDL statement give up after waiting {@code millis} for a lock, instead of
     * queueing every write of the table behind it: PostgreSQL's {@code lock_timeout}; MySQL's
     * {@code lock_wait_timeout} (whole seconds, rounded up, at least 1), which bounds metadata lock waits.
     */
    public abstract String lockTimeoutStatement(long millis);

    /** Sets the session's lock timeout of {@link #lockTimeoutStatement} back to the server's default. */
    public abstract String resetLockTimeoutStatement();

    /** The lock timeout as the server applies it, in milliseconds (MySQL rounds up to whole seconds). */
    public abstract long effectiveLockTimeoutMillis(long millis);

    /**
     * True if {@code e} says a statement gave up waiting for a lock (PostgreSQL SQLState 55P03; MySQL error
     * 1205), so that running it again later may succeed.
     */
    public abstract boolean isLockTimeout(SQLException e);

    /** What {@code lock} means for the application's writes on this server, for {@code plan} to show. */
    public abstract String describeLock(DdlLock lock);

    /**
     * A statement to run after an online index build gave up, so that running it again starts clean, or
     * {@code null}: PostgreSQL leaves an INVALID index behind a failed CONCURRENTLY build (dropped
     * CONCURRENTLY here); MySQL rolls the build back.
     */
    public abstract String afterFailedIndexBuild(String indexName);

    /**
     * Gives {@code column} the default {@code expression} for rows inserted from now on (existing rows keep
     * their value): a catalog-only change on both servers.
     */
    public abstract Ddl setDefault(String table, String column, String expression);

    /**
     * Statements that make {@code column} NOT NULL without blocking writes for longer than a lock wait:
     * PostgreSQL (re)adds {@code CHECK (column IS NOT NULL) NOT VALID} named {@code checkName}, validates it (a scan
     * under a lock that lets writes through), then SET NOT NULL (which the valid check proves without a scan)
     * and drops the check; MySQL modifies the column online ({@code type} and {@code defaultExpression} restate
     * its definition, which MODIFY replaces).
     */
    public abstract List<Ddl> setNotNullOnline(String table, String column, String type, String defaultExpression,
                                               String checkName);

    /**
     * Adds CHECK {@code condition} (in parentheses) named {@code name} without checking the existing rows, so that
     * it takes its lock only for an instant, or {@code null} where the server cannot (MySQL checks every row under
     * a copying ALTER): PostgreSQL's {@code NOT VALID}. New writes are checked at once.
     */
    public abstract Ddl addCheckNotValid(String table, String name, String condition);

    /** Checks the existing rows against a constraint added by {@link #addCheckNotValid} (writes continue). */
    public abstract Ddl validateCheck(String table, String name);

    /**
     * Statements adding FOREIGN KEY {@code name} ({@code columns}) REFERENCES {@code refTable} ({@code refColumns})
     * without blocking writes while existing rows are checked, or an empty list where the server cannot:
     * PostgreSQL adds it NOT VALID, then validates it; MySQL adds one in place only with foreign_key_checks off,
     * which would leave the rows unchecked, so Tandem leaves it to the operator.
     */
    public abstract List<Ddl> addForeignKeyOnline(String table, String name, List<String> columns, String refTable,
                                                  List<String> refColumns);

    /**
     * A statement dropping FOREIGN KEY {@code name} before a column it covers is dropped, or {@code null} where
     * dropping the column drops the key (PostgreSQL); MySQL refuses to drop such a column.
     */
    public abstract Ddl dropForeignKeyBeforeColumn(String table, String name);

    /** Makes {@code column} nullable (PostgreSQL DROP NOT NULL; MySQL MODIFY ... NULL online). */
    public abstract Ddl dropNotNull(String table, String column, String type, String defaultExpression);

    /**
     * The statement that refreshes the planner's statistics of a table: PostgreSQL's {@code ANALYZE t};
     * MySQL's {@code ANALYZE TABLE t}.
     */
    public abstract String analyzeTable(String table);

    /**
     * A query for the largest replay lag of the server's replicas in milliseconds, one BIGINT row, as the
     * primary reports it (PostgreSQL's pg_stat_replication), or {@code null} where only the replicas can tell
     * (MySQL: SHOW REPLICA STATUS on each).
     */
    public abstract String replicationLagQuery();

    /**
     * True if a table is a heap whose rows a scan can walk by physical block ranges (PostgreSQL's ctid; TID
     * range scans need version 14); false where rows live in the primary key's B-tree (InnoDB), so that only
     * key ranges walk a table.
     */
    public abstract boolean hasHeapBlockRanges();
}
