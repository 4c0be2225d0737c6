package dev.tandem.agent.it;

import dev.tandem.agent.ddl.DdlPlan;
import dev.tandem.agent.ddl.DdlPlan.Stage;
import dev.tandem.agent.ddl.FlywayScripts;
import dev.tandem.agent.ddl.LiquibaseChangelog;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.Flyway;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs generated migration files with the real Flyway and Liquibase libraries, as a team's deployment would. */
final class MigrationTools {
    /** The two tools. */
    enum Kind { FLYWAY, LIQUIBASE }

    /** Runs the files of one stage (nothing when the stage has no step). */
    interface StageRunner {
        void run(Stage stage) throws Exception;
    }

    private MigrationTools() {
    }

    /** Writes {@code plan} for {@code tool} into {@code dir} and returns what runs its stages on {@code db}. */
    static StageRunner prepare(Kind tool, DdlPlan plan, TestDatabase db, Path dir) throws Exception {
        Dialect dialect = db.kind() == DbKind.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.MYSQL;
        if (tool == Kind.FLYWAY) {
            FlywayScripts.write(plan, dialect, 2000, "9", dir);
            Map<Stage, String> targets = FlywayScripts.targets(plan, "9");
            return stage -> {
                if (targets.containsKey(stage)) {
                    flyway(db, dir, targets.get(stage));
                }
            };
        }
        Path changelog = LiquibaseChangelog.write(plan, dialect, 2000, dir);
        return stage -> liquibase(db, changelog, stage);
    }

    /**
     * {@code flyway migrate -target=<target>} over the scripts in {@code dir}. The schema exists before Flyway sees
     * it, as in a team adopting Flyway: baselined at version 1. Flyway's lock is per session, as the docs ask: with
     * its default, held in a transaction, CREATE INDEX CONCURRENTLY waits for that transaction.
     */
    static void flyway(TestDatabase db, Path dir, String target) {
        FluentConfiguration config = Flyway.configure().dataSource(db.jdbcUrl(), null, null).baselineOnMigrate(true)
            .locations("filesystem:" + dir).target(target);
        config.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        config.load().migrate();
    }

    /** {@code liquibase update --label-filter=<stage>} of {@code changelog}. */
    static void liquibase(TestDatabase db, Path changelog, Stage stage) throws Exception {
        try (Connection c = db.connect()) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            Liquibase lb = new Liquibase(changelog.getFileName().toString(),
                new DirectoryResourceAccessor(changelog.getParent()), database);
            lb.update(new Contexts(), new LabelExpression(stage.name().toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * Keeps a config-examples folder equal to files written here from a real plan: each file of {@code written}
     * must be in {@code example} with the same text, and no other. With -Dtandem.updateExamples=true it is
     * rewritten instead (after a deliberate change to the generated files).
     */
    static void matchesExample(Path written, String example) throws Exception {
        Path dir = Path.of("..", "config-examples").resolve(example);
        List<Path> files;
        try (Stream<Path> s = Files.list(written)) {
            files = s.sorted().toList();
        }
        if (Boolean.getBoolean("tandem.updateExamples")) {
            Files.createDirectories(dir);
            for (Path f : files) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("V") || n.startsWith("tandem-")))
                .as("the example files in %s", dir).containsExactlyInAnyOrderElementsOf(
                    files.stream().map(p -> p.getFileName().toString()).toList());
        }
        for (Path f : files) {
            assertThat(Files.readString(dir.resolve(f.getFileName()))).as("example %s", f.getFileName())
                .isEqualTo(Files.readString(f));
        }
    }
}
