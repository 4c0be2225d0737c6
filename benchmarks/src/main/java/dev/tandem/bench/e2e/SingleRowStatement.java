package dev.tandem.bench.e2e;

import org.openjdk.jmh.infra.Blackhole;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One single-row statement by primary key, as an application runs it: prepare, bind, execute, read,
 * close (a pool or JdbcTemplate prepares per call; the drivers' statement caches do the rest).
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
                        while (rs.next()) {
                            bh.consume(rs.getLong(1));
                            bh.consume(rs.getString(2));
                            bh.consume(rs.getString(3));
                        }
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
    };

    /** The statement for {@code table}; {@code bothColumns} writes email_address by hand as well. */
    abstract Operation operation(String table, boolean bothColumns);

    /** One execution of a shape on a connection. */
    @FunctionalInterface
    interface Operation {
        void run(Connection c, Ids ids, Blackhole bh) throws SQLException;
    }
}
