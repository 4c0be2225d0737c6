package dev.tandem.shadedjar;

import dev.tandem.driver.TandemDriver;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The "all" jar under test, the one migration the tests run through it, and the database it runs on. */
final class AllJar {
    /** A rename in DUAL_WRITE: every write of users.email also writes users.email_address. */
    static final String SPEC = """
        migrations:
          - id: users-email
            table: users
            key: [id]
            columns:
              - old: email
                new: email_address
            phase: DUAL_WRITE
        """;

    private AllJar() {
    }

    /** The jar {@link TandemDriver} was loaded from, which must be the "all" jar (failsafe runs on the package). */
    static Path path() {
        Path jar = jarOf(TandemDriver.class);
        if (!jar.getFileName().toString().endsWith("-all.jar")) {
            throw new IllegalStateException("TandemDriver was loaded from " + jar + ", not from the driver's all jar; "
                + "these tests run in the integration-test phase (mvn verify), after the jar is packaged");
        }
        return jar;
    }

    /** The jar or directory a class was loaded from. */
    static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh PostgreSQL database with the table of {@link #SPEC}, its new column already added. */
    static TestDatabase usersDatabase(String name) throws SQLException {
        TestDatabase db = TestDatabases.create(DbKind.POSTGRESQL, name);
        db.execute("CREATE TABLE users (id int PRIMARY KEY, email varchar(200), email_address varchar(200))");
        return db;
    }

    /** Writes {@link #SPEC} into {@code dir} and returns the Tandem URL of {@code db} that reads it. */
    static String tandemUrl(TestDatabase db, Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("migrations.yaml"), SPEC);
        return db.tandemUrl("tandem.config=file:" + spec);
    }

    /** The new column of user {@code id}, read through the real driver. */
    static String emailAddress(TestDatabase db, int id) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT email_address FROM users WHERE id = " + id)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
