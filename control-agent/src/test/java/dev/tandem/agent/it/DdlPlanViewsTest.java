package dev.tandem.agent.it;

import dev.tandem.agent.ddl.DdlPlan;
import dev.tandem.agent.ddl.DdlPlanner;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.SpecParser;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plan} names the views that read a migration's old columns, on real servers (issue 12, class 3). */
class DdlPlanViewsTest {

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void planNamesViewsOverOldColumns(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "plan_views");
        db.execute("CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(100), email VARCHAR(200))",
            "CREATE VIEW user_emails AS SELECT id, email FROM users",
            "CREATE VIEW user_names AS SELECT id, name FROM users");
        Migration m = SpecParser.parse("migrations:\n  - id: users-email\n    table: users\n    key: [id]\n"
            + "    columns:\n      - old: email\n        new: email_address\n    phase: EXPAND\n", "test").get(0);
        try (Connection c = db.connect()) {
            DdlPlan plan = new DdlPlanner(kind == DbKind.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.MYSQL).plan(m, c);
            assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("view user_emails reads old columns"));
            assertThat(plan.notes()).noneSatisfy(n -> assertThat(n).contains("user_names"));
        }
    }
}
