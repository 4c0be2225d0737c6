package dev.tandem.bench.e2e;

import dev.tandem.bench.MigrationSpec;
import org.openjdk.jmh.infra.Blackhole;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One single-row statement by primary key, as an application runs it: prepare, bind, execute, read,
 * close (a pool or JdbcTemplate prepares per call; the drivers' statement caches do the rest). The
 * {@code *_LITERALS} statements are the same through a plain {@link Statement} with the values written into
 * the SQL, every text different (issue 13): Tandem plans them through their statement shape. Their SELECT
 * runs in READ_NEW (the hand-written floor reads {@code email_address AS email}), their writes in DUAL_WRITE.
 */
public enum SingleRowStatement {
    SELECT {
        @Override
        Operation operation(String table, boolean bothColumns) {
            String sql = "SELECT id, name, email FROM " + table + " WHERE id = ?";
            return (c, ids, bh) -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, ids.existing());
                    try (ResultSet rs = ps.executeQuery()) {
                        read(rs, bh);
                    }
                }
            };
        }
    },
    INSERT {
        @Override
        Operation operation(String table, boolean bothColumns) {
            if (bothColumns) {
                String sql = "INSERT INTO " + table + " (id, name, email, email_address) VALUES (?, ?, ?, ?)";
                return (c, ids, bh) -> {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        long id = ids.fresh();
                        String email = "new" + id + "@example.com";
                        ps.setLong(1, id);
                        ps.setString(2, "new");
                        ps.setString(3, email);
                        ps.setString(4, email);
                        bh.consume(ps.executeUpdate());
                    }
                };
            }
            String sql = "INSERT INTO " + table + " (id, name, email) VALUES (?, ?, ?)";
            return (c, ids, bh) -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    long id = ids.fresh();
                    ps.setLong(1, id);
                    ps.setString(2, "new");
                    ps.setString(3, "new" + id + "@example.com");
                    bh.consume(ps.executeUpdate());
                }
            };
        }
    },
    UPDATE {
        @Override
        Operation operation(String table, boolean bothColumns) {
            // A new value every time: MariaDB skips the write of a row whose values do not change.
            if (bothColumns) {
                String sql = "UPDATE " + table + " SET email = ?, email_address = ? WHERE id = ?";
                return (c, ids, bh) -> {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        String email = "upd" + ids.fresh() + "@example.com";
                        ps.setString(1, email);
                        ps.setString(2, email);
                        ps.setLong(3, ids.existing());
                        bh.consume(ps.executeUpdate());
                    }
                };
            }
            String sql = "UPDATE " + table + " SET email = ? WHERE id = ?";
            return (c, ids, bh) -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, "upd" + ids.fresh() + "@example.com");
                    ps.setLong(2, ids.existing());
                    bh.consume(ps.executeUpdate());
                }
            };
        }
    },
    SELECT_LITERALS {
        @Override
        Operation operation(String table, boolean bothColumns) {
            String prefix = "SELECT id, name, " + (bothColumns ? "email_address AS email" : "email") + " FROM " + table
                + " WHERE id = ";
            return (c, ids, bh) -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(prefix + ids.existing())) {
                    read(rs, bh);
                }
            };
        }

        @Override
        String phase() {
            return MigrationSpec.READ_NEW;
        }
    },
    INSERT_LITERALS {
        @Override
        Operation operation(String table, boolean bothColumns) {
            String prefix = "INSERT INTO " + table + " (id, name, email" + (bothColumns ? ", email_address" : "")
                + ") VALUES (";
            return (c, ids, bh) -> {
                long id = ids.fresh();
                String email = "'new" + id + "@example.com'";
                String sql = prefix + id + ", 'new', " + email + (bothColumns ? ", " + email : "") + ")";
                try (Statement s = c.createStatement()) {
                    bh.consume(s.executeUpdate(sql));
                }
            };
        }
    },
    UPDATE_LITERALS {
        @Override
        Operation operation(String table, boolean bothColumns) {
            return (c, ids, bh) -> {
                String email = "'upd" + ids.fresh() + "@example.com'";
                String sql = "UPDATE " + table + " SET email = " + email + (bothColumns ? ", email_address = " + email
                    : "") + " WHERE id = " + ids.existing();
                try (Statement s = c.createStatement()) {
                    bh.consume(s.executeUpdate(sql));
                }
            };
        }
    };

    /** The statement for {@code table}; {@code bothColumns} writes email_address by hand as well. */
    abstract Operation operation(String table, boolean bothColumns);

    /** The migration's phase while this statement is measured. */
    String phase() {
        return MigrationSpec.DUAL_WRITE;
    }

    /** True for the statements with literal values through a plain Statement (issue 13). */
    public boolean literals() {
        return name().endsWith("_LITERALS");
    }

    private static void read(ResultSet rs, Blackhole bh) throws SQLException {
        while (rs.next()) {
            bh.consume(rs.getLong(1));
            bh.consume(rs.getString(2));
            bh.consume(rs.getString(3));
        }
    }

    /** One execution of a shape on a connection. */
    @FunctionalInterface
    interface Operation {
        void run(Connection c, Ids ids, Blackhole bh) throws SQLException;
    }
}
