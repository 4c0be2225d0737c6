package dev.tandem.driver.oracle;

import dev.tandem.testdb.DbKind;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One statement of the oracle's corpus: the SQL, where it applies, how it is executed and with which
 * parameters, and whether an ordinary application needs it to work (a refusal then fails the oracle).
 */
final class OracleCase {

    /** How the statement is sent. */
    enum Api {
        /** {@code Statement.execute(sql)}. */
        STATEMENT,
        /** {@code PreparedStatement.execute()} with one parameter row. */
        PREPARED,
        /** {@code PreparedStatement.addBatch()} per parameter row, then {@code executeBatch()}. */
        BATCH,
        /** {@code Statement.addBatch(sql)} per SQL text of {@link #batchSql}, then {@code executeBatch()}. */
        STATEMENT_BATCH
    }

    /** Whether generated keys are requested. */
    enum Keys { NONE, RETURN_GENERATED_KEYS, ID_COLUMN }

    /** How result rows are compared. */
    enum Order { AUTO, ORDERED, UNORDERED }

    /** How a parameter is bound. */
    enum Bind { STRING, INT, LONG, SHORT, BIG_DECIMAL, DOUBLE, BOOLEAN, DATE, TIMESTAMP, NULL, OBJECT, OBJECT_TYPED }

    /** One bound parameter. */
    record Param(Bind bind, Object value, int sqlType) {
        void bind(PreparedStatement ps, int i) throws SQLException {
            switch (bind) {
                case STRING: ps.setString(i, (String) value); break;
                case INT: ps.setInt(i, (Integer) value); break;
                case LONG: ps.setLong(i, (Long) value); break;
                case SHORT: ps.setShort(i, (Short) value); break;
                case BIG_DECIMAL: ps.setBigDecimal(i, (BigDecimal) value); break;
                case DOUBLE: ps.setDouble(i, (Double) value); break;
                case BOOLEAN: ps.setBoolean(i, (Boolean) value); break;
                case DATE: ps.setDate(i, (Date) value); break;
                case TIMESTAMP: ps.setTimestamp(i, (Timestamp) value); break;
                case NULL: ps.setNull(i, sqlType); break;
                case OBJECT: ps.setObject(i, value); break;
                case OBJECT_TYPED: ps.setObject(i, value, sqlType); break;
                default: throw new IllegalStateException(bind.toString());
            }
        }

        @Override
        public String toString() {
            switch (bind) {
                case STRING: return "setString(\"" + value + "\")";
                case NULL: return "setNull(" + typeName(sqlType) + ")";
                case OBJECT: return "setObject(" + value.getClass().getSimpleName() + " " + value + ")";
                case OBJECT_TYPED: return "setObject(" + value.getClass().getSimpleName() + " " + value + ", "
                    + typeName(sqlType) + ")";
                default: return "set" + camel(bind) + "(" + value + ")";
            }
        }

        private static String camel(Bind b) {
            switch (b) {
                case BIG_DECIMAL: return "BigDecimal";
                default: return b.name().charAt(0) + b.name().substring(1).toLowerCase();
            }
        }

        static String typeName(int t) {
            for (java.lang.reflect.Field f : Types.class.getFields()) {
                try {
                    if (f.getInt(null) == t) {
                        return "Types." + f.getName();
                    }
                } catch (IllegalAccessException e) {
                    break;
                }
            }
            return Integer.toString(t);
        }
    }

    static Param str(String v) {
        return new Param(Bind.STRING, v, Types.VARCHAR);
    }

    static Param nul(int sqlType) {
        return new Param(Bind.NULL, null, sqlType);
    }

    static Param obj(Object v) {
        return new Param(Bind.OBJECT, v, Types.OTHER);
    }

    static Param obj(Object v, int sqlType) {
        return new Param(Bind.OBJECT_TYPED, v, sqlType);
    }

    /** A Java value bound with its natural setter. */
    static Param of(Object v) {
        if (v instanceof Param) {
            return (Param) v;
        }
        if (v instanceof String) {
            return str((String) v);
        }
        if (v instanceof Integer) {
            return new Param(Bind.INT, v, Types.INTEGER);
        }
        if (v instanceof Long) {
            return new Param(Bind.LONG, v, Types.BIGINT);
        }
        if (v instanceof Short) {
            return new Param(Bind.SHORT, v, Types.SMALLINT);
        }
        if (v instanceof BigDecimal) {
            return new Param(Bind.BIG_DECIMAL, v, Types.DECIMAL);
        }
        if (v instanceof Double) {
            return new Param(Bind.DOUBLE, v, Types.DOUBLE);
        }
        if (v instanceof Boolean) {
            return new Param(Bind.BOOLEAN, v, Types.BOOLEAN);
        }
        if (v instanceof Timestamp) {
            return new Param(Bind.TIMESTAMP, v, Types.TIMESTAMP);
        }
        if (v instanceof Date) {
            return new Param(Bind.DATE, v, Types.DATE);
        }
        throw new IllegalArgumentException("no setter for " + v);
    }

    static List<Param> params(Object... values) {
        List<Param> out = new ArrayList<>();
        for (Object v : values) {
            out.add(of(v));
        }
        return out;
    }

    final String sql;
    Set<DbKind> dialects = EnumSet.allOf(DbKind.class);
    Api api;
    final List<List<Param>> params = new ArrayList<>();
    List<String> batchSql = List.of();
    boolean mustWork;
    Keys keys = Keys.NONE;
    Order order = Order.AUTO;
    /** Where the case comes from: "corpus" or "generated seed N". */
    String origin = "corpus";
    /** Index within its origin, for reproduction. */
    int index;
    String note = "";

    OracleCase(String sql, Object... params) {
        this.sql = sql;
        this.params.add(params(params));
        this.api = params.length == 0 ? Api.STATEMENT : Api.PREPARED;
    }

    OracleCase(String sql, List<Param> params) {
        this.sql = sql;
        this.params.add(new ArrayList<>(params));
        this.api = params.isEmpty() ? Api.STATEMENT : Api.PREPARED;
    }

    OracleCase pg() {
        dialects = EnumSet.of(DbKind.POSTGRESQL);
        return this;
    }

    OracleCase my() {
        dialects = EnumSet.of(DbKind.MARIADB);
        return this;
    }

    OracleCase must() {
        mustWork = true;
        return this;
    }

    OracleCase prepared() {
        api = Api.PREPARED;
        return this;
    }

    OracleCase statement() {
        api = Api.STATEMENT;
        return this;
    }

    /** Adds parameter rows and makes it a batch (the constructor's row is the first one). */
    OracleCase batch(Object[]... rows) {
        api = Api.BATCH;
        for (Object[] r : rows) {
            params.add(params(r));
        }
        return this;
    }

    OracleCase keys() {
        keys = Keys.RETURN_GENERATED_KEYS;
        return this;
    }

    OracleCase idKeys() {
        keys = Keys.ID_COLUMN;
        return this;
    }

    OracleCase unordered() {
        order = Order.UNORDERED;
        return this;
    }

    OracleCase ordered() {
        order = Order.ORDERED;
        return this;
    }

    OracleCase note(String n) {
        note = n;
        return this;
    }

    static OracleCase statementBatch(String... sql) {
        OracleCase c = new OracleCase(String.join(";\n", sql));
        c.api = Api.STATEMENT_BATCH;
        c.batchSql = Arrays.asList(sql);
        return c;
    }

    /** A unique identity for de-duplication: API, SQL and parameters. */
    String identity() {
        return api + "|" + keys + "|" + sql + "|" + params;
    }

    String describeParams() {
        if (api == Api.STATEMENT || api == Api.STATEMENT_BATCH) {
            return "";
        }
        if (params.size() == 1) {
            return params.get(0).toString();
        }
        return "batch rows " + params;
    }

    @Override
    public String toString() {
        return origin + " #" + index + " [" + api + (keys == Keys.NONE ? "" : ", " + keys) + (mustWork ? ", mustWork" : "")
            + "] " + sql + (describeParams().isEmpty() ? "" : "  params " + describeParams());
    }
}
