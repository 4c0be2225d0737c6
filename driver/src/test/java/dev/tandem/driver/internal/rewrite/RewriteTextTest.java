package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.internal.config.ConfigSnapshot;
import dev.tandem.driver.internal.metrics.MicrometerMetrics;
import dev.tandem.driver.spec.Phase;
import dev.tandem.driver.spec.SpecParser;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.internal.plan.Plan;
import dev.tandem.driver.internal.plan.StatementPlanner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rewritten text for representative statements, in the spirit of JSqlParser's
 * assertSqlCanBeParsedAndDeparsed. The behaviour is verified against real servers by the it package;
 * these pin the shape of the SQL so a change in rendering is seen in review.
 */
class RewriteTextTest {
    private static final String SPEC = "migrations:\n"
        + "  - id: users-email\n    table: users\n    key: [id]\n    columns:\n"
        + "      - old: email\n        new: email_address\n    phase: %s\n"
        + "  - id: orders-price\n    table: orders\n    key: [id]\n    columns:\n"
        + "      - old: price\n        new: price_cents\n        forward: CAST(ROUND(price * 100) AS BIGINT)\n"
        + "        backward: price_cents / 100.0\n    phase: %s\n"
        + "  - id: users-name\n    table: users\n    key: [id]\n    columns:\n"
        + "      - old: name\n        new: display\n    phase: %s\n";

    static Plan plan(Phase phase, Dialect dialect, String sql) throws Exception {
        ConfigSnapshot snapshot = new ConfigSnapshot(7, SpecParser.parse(String.format(SPEC, phase, phase, phase), "test"),
            "test", Instant.now());
        StatementPlanner planner = new StatementPlanner(snapshot, dialect, true, 100,
            new MicrometerMetrics(new SimpleMeterRegistry(), "test"));
        return planner.plan(sql, null);
    }

    static void assertRewrites(Phase phase, String input, String expected) throws Exception {
        assertThat(plan(phase, Dialect.POSTGRESQL, input).sql()).isEqualTo(expected);
    }

    @Test
    void insertAddsTheNewColumnAndFansOutTheParameter() throws Exception {
        Plan p = plan(Phase.DUAL_WRITE, Dialect.POSTGRESQL, "INSERT INTO users (id, email) VALUES (?, ?)");
        assertThat(p.sql()).isEqualTo("INSERT INTO users (id, email, email_address) VALUES (?, ?, (?))");
        assertThat(p.targets(1)).containsExactly(1);
        assertThat(p.targets(2)).containsExactly(2, 3);
    }

    @Test
    void shadowReadAppendsHiddenColumnsAndKey() throws Exception {
        Plan p = plan(Phase.SHADOW_READ, Dialect.POSTGRESQL, "SELECT id, email FROM users ORDER BY id");
        assertThat(p.sql()).isEqualTo(
            "SELECT id, email, users.email_address AS tandem_s1, users.id AS tandem_k2 FROM users ORDER BY id");
        assertThat(p.resultShape().visibleColumns()).isEqualTo(2);
        assertThat(p.resultShape().checks()).hasSize(1);
        assertThat(p.resultShape().checks().get(0).visibleIndex()).isEqualTo(2);
        assertThat(p.resultShape().checks().get(0).hiddenIndex()).isEqualTo(3);
        assertThat(p.resultShape().keyColumns()).containsExactly(4);
    }

    @Test
    void readNewKeepsTheLabel() throws Exception {
        assertRewrites(Phase.READ_NEW, "SELECT u.email FROM users u WHERE u.email = ?",
            "SELECT u.email_address AS email FROM users u WHERE u.email_address = ?");
    }

    @Test
    void upsertKeepsReadingTheOldSideOfTheProposedRowWhileDualWriting() throws Exception {
        assertRewrites(Phase.SHADOW_READ, "INSERT INTO users (id, email) VALUES (?, ?) ON CONFLICT (id) DO UPDATE "
            + "SET email = EXCLUDED.email",
            "INSERT INTO users (id, email, email_address) VALUES (?, ?, (?)) ON CONFLICT (  id )  DO UPDATE "
            + "SET email = EXCLUDED.email, email_address = (EXCLUDED.email)");
    }

    @Test
    void writesInReadNewReadTheNewSideSoRollbackFromContractIsExact() throws Exception {
        assertRewrites(Phase.READ_NEW, "UPDATE orders SET price = price + ? WHERE id = ?",
            "UPDATE orders SET price = (orders.price_cents / 100.0) + ?, price_cents = CAST(ROUND(((orders.price_cents "
            + "/ 100.0) + ?) * 100) AS BIGINT) WHERE id = ?");
    }

    @Test
    void insertSelectIntoATableWithTwoMigrationsInContractKeepsColumnsAligned() throws Exception {
        assertRewrites(Phase.CONTRACT, "INSERT INTO users (id, name, email) SELECT id, name, email FROM guests",
            "INSERT INTO users (id, email_address, display) SELECT tandem_src.tandem_c1, (tandem_src.tandem_c3), "
            + "(tandem_src.tandem_c2) FROM (SELECT id AS tandem_c1, name AS tandem_c2, email AS tandem_c3 "
            + "FROM guests) AS tandem_src");
    }

    @Test
    void severalStatementsInOneCallAreRefused() {
        java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
            () -> plan(Phase.DUAL_WRITE, Dialect.POSTGRESQL, "SELECT 1; UPDATE users SET email = 'x'"));
        assertThat(e.getSQLState()).isEqualTo("TD001");
        assertThat(e.getMessage()).contains("2 statements in one call");
    }

    @Test
    void ddlOnAMigratedTableIsPassedUnchangedEvenWhenUnparseable() throws Exception {
        String sql = "CREATE INDEX CONCURRENTLY users_email_address_idx ON users (email_address)";
        assertThat(plan(Phase.DUAL_WRITE, Dialect.POSTGRESQL, sql).sql()).isSameAs(sql);
    }

    @Test
    void statementsOnOtherTablesAreNotTouched() throws Exception {
        String sql = "select  *  from audit_log where note = ?";
        assertThat(plan(Phase.CONTRACT, Dialect.POSTGRESQL, sql).sql()).isSameAs(sql);
    }
}
