package dev.tandem.bench.overhead;

import org.openjdk.jmh.infra.Blackhole;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The statement shapes measured, each with its SQL (with literals for {@link Api#STATEMENT}, with
 * parameters for {@link Api#PREPARED}) and the JDBC calls an application makes for one execution:
 * create or prepare, bind, execute, read the row or the count, close.
 */
public enum Shape {
    /** Select one row by primary key. */
    SELECT("SELECT id, name, email FROM %s WHERE id = 42", "SELECT id, name, email FROM %s WHERE id = ?",
        "SELECT id, name, email FROM %1$s WHERE id = %2$d") {
        @Override
        void bindAndExecute(PreparedStatement ps, Blackhole bh) throws SQLException {
            ps.setLong(1, 42);
            try (ResultSet rs = ps.executeQuery()) {
                readRow(rs, bh);
            }
        }

        @Override
        void execute(Statement s, String sql, Blackhole bh) throws SQLException {
            try (ResultSet rs = s.executeQuery(sql)) {
                readRow(rs, bh);
            }
        }
    },
    /** Insert one row. */
    INSERT("INSERT INTO %s (id, name, email) VALUES (42, 'ann', 'ann@example.com')",
        "INSERT INTO %s (id, name, email) VALUES (?, ?, ?)",
        "INSERT INTO %1$s (id, name, email) VALUES (%2$d, 'ann', 'v%2$d@example.com')") {
        @Override
        void bindAndExecute(PreparedStatement ps, Blackhole bh) throws SQLException {
            ps.setLong(1, 42);
            ps.setString(2, "ann");
            ps.setString(3, "ann@example.com");
            bh.consume(ps.executeUpdate());
        }
    },
    /** Update the migrated column of one row by primary key. */
    UPDATE("UPDATE %s SET email = 'ann@example.com' WHERE id = 42", "UPDATE %s SET email = ? WHERE id = ?",
        "UPDATE %1$s SET email = 'v%2$d@example.com' WHERE id = %2$d") {
        @Override
        void bindAndExecute(PreparedStatement ps, Blackhole bh) throws SQLException {
            ps.setString(1, "ann@example.com");
            ps.setLong(2, 42);
            bh.consume(ps.executeUpdate());
        }
    };

    private final String literalSql;
    private final String parameterSql;
    private final String varyingSql;

    Shape(String literalSql, String parameterSql, String varyingSql) {
        this.literalSql = literalSql;
        this.parameterSql = parameterSql;
        this.varyingSql = varyingSql;
    }

    /**
     * {@code count} texts of this shape on {@code table} for a plain statement that differ only in their
     * literal values (the key, and a string value holding it), each of the same length: built before the
     * measurement, so that building them is not measured.
     */
    public String[] literalTexts(String table, int count) {
        String[] texts = new String[count];
        for (int i = 0; i < count; i++) {
            texts[i] = literalText(table, 1_000_000L + i);
        }
        return texts;
    }

    /** The text of this shape on {@code table} for a plain statement with {@code n} in its literal values. */
    public String literalText(String table, long n) {
        return String.format(varyingSql, table, n);
    }

    /** The SQL text of this shape on {@code table} for {@code api}. */
    public String sql(Api api, String table) {
        return String.format(api == Api.STATEMENT ? literalSql : parameterSql, table);
    }

    /** One execution through {@code api}, the way an application does it. */
    public void run(Api api, Connection c, String sql, Blackhole bh) throws SQLException {
        if (api == Api.STATEMENT) {
            try (Statement s = c.createStatement()) {
                execute(s, sql, bh);
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindAndExecute(ps, bh);
            }
        }
    }

    abstract void bindAndExecute(PreparedStatement ps, Blackhole bh) throws SQLException;

    /** Runs {@code sql} on a plain statement; updates by default, overridden by queries. */
    void execute(Statement s, String sql, Blackhole bh) throws SQLException {
        bh.consume(s.executeUpdate(sql));
    }

    static void readRow(ResultSet rs, Blackhole bh) throws SQLException {
        if (rs.next()) {
            bh.consume(rs.getLong(1));
            bh.consume(rs.getString(2));
            bh.consume(rs.getString(3));
        }
    }
}
