package dev.tandem.agent.cli;

import dev.tandem.agent.ddl.DdlPlan;
import dev.tandem.agent.ddl.DdlPlan.DdlStep;
import dev.tandem.agent.ddl.DdlPlan.Stage;
import dev.tandem.driver.spec.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** plan --format flyway|liquibase --out DIR: the files written, what the command says, and its usage errors. */
class PlanFormatsCommandTest {
    private final CliFixture cli = new CliFixture();

    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        cli.close();
    }

    private void indexPlan() {
        cli.agent.plans = List.of(new DdlPlan("orders-price", Phase.EXPAND, List.of(
            new DdlStep(Stage.EXPAND, "ALTER TABLE orders ADD COLUMN price_cents bigint", "brief", null),
            new DdlStep(Stage.EXPAND, "CREATE INDEX CONCURRENTLY IF NOT EXISTS p_tandem ON orders (price_cents)",
                "online", "DROP INDEX CONCURRENTLY IF EXISTS p_tandem"),
            new DdlStep(Stage.CONTRACT, "ALTER TABLE orders DROP COLUMN price", "brief", null)), List.of()));
    }

    @Test
    void flywayFormatWritesTheScriptsAndSaysHowToRunEachStage() throws Exception {
        indexPlan();
        assertThat(cli.runWithUrl("plan", "orders-price", "--format", "flyway", "--out", dir.toString(),
            "--flyway-version", "42")).isEqualTo(0);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                "V42.1.1__tandem_orders-price_expand.sql", "V42.1.2__tandem_orders-price_expand.sql",
                "V42.1.2__tandem_orders-price_expand.sql.conf", "V42.3.1__tandem_orders-price_contract.sql");
        }
        assertThat(Files.readString(dir.resolve("V42.1.1__tandem_orders-price_expand.sql")))
            .contains("SET lock_timeout = '2000ms';\nALTER TABLE orders ADD COLUMN price_cents bigint;\n");
        assertThat(cli.out()).contains("Wrote 4 files to " + dir)
            .contains("flyway migrate -target=42.1.2   # expand: run in EXPAND, before DUAL_WRITE\n")
            .contains("flyway migrate -target=42.3.1   # contract:")
            .contains("flyway.postgresql.transactional.lock=false")
            .contains("'tandem-agent apply' is not needed").doesNotContain("refresh");
        assertThat(cli.agent.calls).containsExactly("plan(orders-price)", "close()");
    }

    @Test
    void flywayVersionDefaultsToTheUtcTime() throws Exception {
        assertThat(cli.runWithUrl("plan", "orders-price", "--format", "FLYWAY", "--out", dir.toString())).isEqualTo(0);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                .allMatch(n -> n.matches("V20[0-9]{12}\\.[13]\\.1__tandem_orders-price_(expand|contract)\\.sql"));
        }
    }

    @Test
    void liquibaseFormatWritesOneChangelogAndNamesTheLabels() throws Exception {
        indexPlan();
        assertThat(cli.runWithUrl("plan", "orders-price", "--format", "liquibase", "--out", dir.toString()))
            .isEqualTo(0);
        Path changelog = dir.resolve("tandem-orders-price.changelog.yaml");
        assertThat(Files.readString(changelog)).contains("id: tandem-orders-price-expand-2")
            .contains("runInTransaction: false");
        assertThat(cli.out()).contains("Wrote " + changelog + ": 3 changesets")
            .contains("liquibase update --label-filter=expand").contains("liquibase update --label-filter=contract")
            .doesNotContain("--label-filter=tighten");
    }

    @Test
    void fileFormatsNeedOneMigrationAndADirectory() {
        assertThat(cli.runWithUrl("plan", "--format", "flyway", "--out", dir.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("give MIGRATION and --out DIR");
        assertThat(cli.runWithUrl("plan", "orders-price", "--format", "liquibase")).isEqualTo(2);
        assertThat(cli.runWithUrl("plan", "orders-price", "--out", dir.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("--out and --flyway-version go with --format flyway or --format liquibase");
        assertThat(cli.runWithUrl("plan", "orders-price", "--format", "liquibase", "--out", dir.toString(),
            "--flyway-version", "3")).isEqualTo(2);
        assertThat(cli.runWithUrl("plan", "orders-price", "--format", "flyway", "--out", dir.toString(),
            "--flyway-version", "v3")).isEqualTo(2);
        assertThat(cli.err()).contains("got 'v3'");
        assertThat(cli.agent.calls).isEmpty();
    }

    @Test
    void anUnknownMigrationOrAnIncompletePlanWritesNothing() throws Exception {
        assertThat(cli.runWithUrl("plan", "nope", "--format", "flyway", "--out", dir.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("No DDL plan for migration 'nope'");
        cli.agent.plans = List.of(new DdlPlan("orders-price", Phase.EXPAND, List.of(), List.of("new column "
            + "price_cents has no declared type: add 'type: <SQL type>' to its entry in the spec")));
        assertThat(cli.runWithUrl("plan", "orders-price", "--format", "liquibase", "--out", dir.toString()))
            .isEqualTo(1);
        assertThat(cli.err()).contains("incomplete, so no migration files were written");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aRenameOrAMovePlanSaysToRefreshAfterTheTool() throws Exception {
        cli.agent.plans = List.of(new DdlPlan("orders-rename", Phase.EXPAND, List.of(
            new DdlStep(Stage.EXPAND, "ALTER TABLE orders RENAME TO purchases; CREATE VIEW orders AS SELECT * FROM "
                + "purchases", "brief", null),
            new DdlStep(Stage.CONTRACT, "DROP VIEW orders", "brief", null)), List.of()));
        assertThat(cli.runWithUrl("plan", "orders-rename", "--format", "flyway", "--out", dir.toString(),
            "--flyway-version", "5")).isEqualTo(0);
        assertThat(cli.out()).contains("After the tool ran the expand stage, run 'tandem-agent refresh "
            + "orders-rename'");
        cli.agent.plans = List.of(new DdlPlan("p-i", Phase.EXPAND, List.of(
            new DdlStep(Stage.EXPAND, "CREATE TABLE inventory (id bigint NOT NULL, PRIMARY KEY (id))", "none", null),
            new DdlStep(Stage.COMPLETE, "ALTER TABLE products DROP COLUMN stock", "brief", null)), List.of()));
        assertThat(cli.runWithUrl("plan", "p-i", "--format", "liquibase", "--out", dir.toString())).isEqualTo(0);
        assertThat(cli.out()).contains("After the tool ran the complete stage, run 'tandem-agent refresh p-i'")
            .contains("liquibase update --label-filter=complete   # complete: drops a move's source columns, run in "
                + "COMPLETE\n");
    }

    @Test
    void refreshPublishesAVersionAndShowsTheBarrier() {
        assertThat(cli.runWithUrl("--actor", "bob", "refresh", "orders-price")).isEqualTo(0);
        assertThat(cli.out()).contains("Published config version 8 for orders-price.")
            .contains("barrier complete: every live instance runs config version 8");
        assertThat(cli.agent.calls).containsExactly("refresh(orders-price, bob)", "close()");
        cli.agent.barrier = new dev.tandem.agent.Views.BarrierView(9, false, List.of());
        assertThat(cli.runWithUrl("refresh", "orders-price")).isEqualTo(3);
        assertThat(cli.out()).contains("barrier INCOMPLETE");
    }
}
