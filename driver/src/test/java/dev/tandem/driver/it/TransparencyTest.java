package dev.tandem.driver.it;

import dev.tandem.driver.TandemDataSource;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an application or tool sees of a Tandem object is the real driver's: {@code toString()} of every JDBC
 * object is the real one's text, open and closed (pgjdbc renders a prepared statement's SQL with its bound
 * values there, and applications log it), and {@code DatabaseMetaData.getURL()} is the {@code jdbc:tandem:} URL,
 * so a tool that reconnects with it keeps going through Tandem.
 */
class TransparencyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void toStringIsTheRealDriversTextOpenAndClosed(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "transparent_text");
        db.execute("CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(100))",
            "CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(100))",
            "INSERT INTO notes VALUES (1, 'first')");
        String url = db.tandemUrl("tandem.config=file:" + spec() + "&tandem.instanceId=text-" + kind);
        String sql = "SELECT id, body FROM notes WHERE id = ? AND body <> ?";
        try (Connection raw = db.connect(); Connection c = DriverManager.getConnection(url)) {
            assertThat(c.toString()).isEqualTo(real(c, kind, "Connection").toString());
            PreparedStatement rawPs = raw.prepareStatement(sql);
            PreparedStatement ps = c.prepareStatement(sql);
            for (PreparedStatement p : new PreparedStatement[] {rawPs, ps}) {
                p.setInt(1, 1);
                p.setString(2, "it's");
            }
            assertThat(ps.toString()).as("the real driver's text, with its bound values").isEqualTo(rawPs.toString())
                .doesNotContain("Wrapper").doesNotContain("Forwarding");
            ResultSet rs = ps.executeQuery();
            Object realRs = real(rs, kind, "ResultSet");
            assertThat(rs.toString()).isEqualTo(realRs.toString());
            rs.close();
            assertThat(rs.toString()).as("closed result set").isEqualTo(realRs.toString());
            ps.close();
            rawPs.close();
            assertThat(ps.toString()).as("closed statement").isEqualTo(rawPs.toString());
            Statement s = c.createStatement();
            Object realStatement = real(s, kind, "Statement");
            assertThat(s.toString()).isEqualTo(realStatement.toString());
            s.close();
            assertThat(s.toString()).as("closed statement").isEqualTo(realStatement.toString());
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.toString()).isEqualTo(real(md, kind, "DatabaseMetaData").toString());
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void getUrlIsTheTandemUrlAndReconnectingWithItKeepsTandem(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "transparent_url");
        db.execute("CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))");
        String url = db.tandemUrl("tandem.config=file:" + spec() + "&tandem.instanceId=url-" + kind);
        String reported;
        try (Connection c = DriverManager.getConnection(url)) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getURL()).isEqualTo(url);
            try (Connection raw = db.connect()) {
                assertThat(md.unwrap(DatabaseMetaData.class).getURL()).isEqualTo(url);
                assertThat(raw.getMetaData().getURL()).doesNotStartWith("jdbc:tandem:");
            }
        }

        TandemDataSource ds = new TandemDataSource(new Plain(db));
        ds.setConfig("file:" + spec());
        ds.setInstanceId("url-ds-" + kind);
        try (Connection c = ds.getConnection()) {
            reported = c.getMetaData().getURL();
        }
        String rawUrl;
        try (Connection raw = db.connect()) {
            rawUrl = raw.getMetaData().getURL();
        }
        assertThat(reported).startsWith("jdbc:tandem:" + rawUrl.substring("jdbc:".length()))
            .contains("tandem.config=file:" + spec()).contains("tandem.instanceId=url-ds-" + kind);
        // Reconnecting with the reported URL goes through Tandem with the same migration: the write dual-writes.
        try (Connection again = DriverManager.getConnection(reported);
             Statement s = again.createStatement()) {
            s.executeUpdate("INSERT INTO users (id, email) VALUES (7, 'a@x.io')");
        }
        try (Connection raw = db.connect(); Statement s = raw.createStatement();
             ResultSet rs = s.executeQuery("SELECT email_address FROM users WHERE id = 7")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("written through Tandem").isEqualTo("a@x.io");
        }
    }

    private Path spec() throws Exception {
        Path spec = dir.resolve("m.yaml");
        if (!Files.exists(spec)) {
            Files.writeString(spec, "migrations:\n  - id: users-email\n    table: users\n    key: [id]\n"
                + "    columns:\n      - old: email\n        new: email_address\n    phase: DUAL_WRITE\n");
        }
        return spec;
    }

    /** The real driver's object under a Tandem wrapper, reached through its implementation class. */
    private static Object real(java.sql.Wrapper w, DbKind kind, String what) throws Exception {
        String name = kind == DbKind.POSTGRESQL
            ? switch (what) {
                case "Connection" -> "org.postgresql.jdbc.PgConnection";
                case "Statement" -> "org.postgresql.jdbc.PgStatement";
                case "ResultSet" -> "org.postgresql.jdbc.PgResultSet";
                default -> "org.postgresql.jdbc.PgDatabaseMetaData";
            }
            : switch (what) {
                case "Connection" -> "com.mysql.cj.jdbc.ConnectionImpl";
                case "Statement" -> "com.mysql.cj.jdbc.StatementImpl";
                case "ResultSet" -> "com.mysql.cj.jdbc.result.ResultSetImpl";
                default -> "com.mysql.cj.jdbc.DatabaseMetaData";
            };
        Object real = w.unwrap(Class.forName(name));
        assertThat(real).isNotSameAs(w);
        return real;
    }

    /** A DataSource over the test database's raw URL, as a pool would be. */
    private record Plain(TestDatabase db) implements DataSource {
        @Override public Connection getConnection() throws SQLException {
            return db.connect();
        }
        @Override public Connection getConnection(String u, String p) throws SQLException {
            return db.connect();
        }
        @Override public PrintWriter getLogWriter() {
            return null;
        }
        @Override public void setLogWriter(PrintWriter out) {
        }
        @Override public void setLoginTimeout(int seconds) {
        }
        @Override public int getLoginTimeout() {
            return 0;
        }
        @Override public Logger getParentLogger() {
            return Logger.getGlobal();
        }
        @Override public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }
        @Override public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
