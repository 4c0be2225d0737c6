package dev.tandem.agent.ddl;

import dev.tandem.agent.AgentException;
import dev.tandem.agent.ddl.DdlPlan.DdlStep;
import dev.tandem.agent.ddl.DdlPlan.Stage;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.spec.Phase;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The files plan --format flyway|liquibase writes: names, one step each, lock timeouts, transactions, refusals. */
class PlanFilesTest {
    private static final String INDEX = "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx_tandem ON users "
        + "(email_address)";
    private static final String DROP_INDEX = "DROP INDEX CONCURRENTLY IF EXISTS users_email_idx_tandem";

    private static DdlPlan postgresPlan() {
        return new DdlPlan("users-email", Phase.EXPAND, List.of(
            new DdlStep(Stage.EXPAND, "ALTER TABLE users ADD COLUMN email_address varchar(200)", "brief", null),
            new DdlStep(Stage.EXPAND, INDEX, "SHARE UPDATE EXCLUSIVE (CONCURRENTLY)", DROP_INDEX),
            new DdlStep(Stage.TIGHTEN, "ALTER TABLE users VALIDATE CONSTRAINT email_address_not_null_tandem", "scan",
                null),
            new DdlStep(Stage.TIGHTEN, "ALTER TABLE users ALTER COLUMN email DROP NOT NULL", "brief", null),
            new DdlStep(Stage.CONTRACT, "ALTER TABLE users DROP COLUMN email", "brief", null)),
            List.of("view v reads old columns"));
    }

    @Test
    void flywayWritesOneVersionedScriptPerStepInStageOrder() {
        Map<String, String> files = FlywayScripts.files(postgresPlan(), Dialect.POSTGRESQL, 2000, "42");
        assertThat(files.keySet()).containsExactly("V42.1.1__tandem_users-email_expand.sql",
            "V42.1.2__tandem_users-email_expand.sql", "V42.1.2__tandem_users-email_expand.sql.conf",
            "V42.2.1__tandem_users-email_tighten.sql", "V42.2.2__tandem_users-email_tighten.sql",
            "V42.3.1__tandem_users-email_contract.sql");
        assertThat(FlywayScripts.targets(postgresPlan(), "42")).containsExactly(Map.entry(Stage.EXPAND, "42.1.2"),
            Map.entry(Stage.TIGHTEN, "42.2.2"), Map.entry(Stage.CONTRACT, "42.3.1"));
    }

    @Test
    void eachScriptSetsTheLockTimeoutFirstAndResetsItLast() {
        Map<String, String> files = FlywayScripts.files(postgresPlan(), Dialect.POSTGRESQL, 2500, "42");
        assertThat(statements(files.get("V42.1.1__tandem_users-email_expand.sql"))).containsExactly(
            "SET lock_timeout = '2500ms';", "ALTER TABLE users ADD COLUMN email_address varchar(200);",
            "SET lock_timeout = DEFAULT;");
        assertThat(files.get("V42.1.1__tandem_users-email_expand.sql")).contains("-- Note: view v reads old columns")
            .contains("-- Lock: brief.");
        assertThat(files.get("V42.3.1__tandem_users-email_contract.sql")).doesNotContain("Note:");
    }

    @Test
    void theConcurrentlyScriptRunsOutsideATransactionAndCleansUpAFailedBuildFirst() {
        Map<String, String> files = FlywayScripts.files(postgresPlan(), Dialect.POSTGRESQL, 2000, "42");
        assertThat(statements(files.get("V42.1.2__tandem_users-email_expand.sql"))).containsExactly(
            "SET lock_timeout = '2000ms';", DROP_INDEX + ";", INDEX + ";", "SET lock_timeout = DEFAULT;");
        assertThat(files.get("V42.1.2__tandem_users-email_expand.sql.conf")).isEqualTo("executeInTransaction=false\n");
        assertThat(files).as("the other scripts keep Flyway's transaction").hasSize(6);
    }

    @Test
    void mysqlScriptsSetLockWaitTimeoutInSecondsAndNeedNoScriptConfig() {
        DdlPlan plan = new DdlPlan("users-email", Phase.EXPAND, List.of(
            new DdlStep(Stage.EXPAND, "ALTER TABLE users ADD INDEX users_email_idx_tandem (email_address), "
                + "ALGORITHM=INPLACE, LOCK=NONE", "online", null),
            new DdlStep(Stage.CONTRACT, "ALTER TABLE users DROP COLUMN email, ALGORITHM=INPLACE, LOCK=NONE", "brief",
                null)), List.of());
        Map<String, String> files = FlywayScripts.files(plan, Dialect.MYSQL, 1500, "2024.06.1");
        assertThat(files.keySet()).containsExactly("V2024.06.1.1.1__tandem_users-email_expand.sql",
            "V2024.06.1.3.1__tandem_users-email_contract.sql");
        assertThat(statements(files.get("V2024.06.1.1.1__tandem_users-email_expand.sql"))).first()
            .isEqualTo("SET SESSION lock_wait_timeout = 2;");
        assertThat(statements(files.get("V2024.06.1.3.1__tandem_users-email_contract.sql"))).last()
            .isEqualTo("SET SESSION lock_wait_timeout = DEFAULT;");
    }

    @Test
    void aStepWithDollarBracesTurnsFlywayPlaceholdersOffForItsScript() {
        DdlPlan plan = new DdlPlan("m", Phase.EXPAND, List.of(new DdlStep(Stage.EXPAND,
            "ALTER TABLE t ALTER COLUMN c SET DEFAULT '${x}'", "brief", null)), List.of());
        assertThat(FlywayScripts.files(plan, Dialect.POSTGRESQL, 2000, "1"))
            .containsEntry("V1.1.1__tandem_m_expand.sql.conf", "placeholderReplacement=false\n");
    }

    @Test
    void liquibaseWritesOneChangesetPerStepWithStableIdsLabelsAndTransactions() {
        String text = LiquibaseChangelog.text(postgresPlan(), Dialect.POSTGRESQL, 2000);
        assertThat(LiquibaseChangelog.fileName("users-email")).isEqualTo("tandem-users-email.changelog.yaml");
        assertThat(text).startsWith("# Tandem DDL of migration users-email")
            .contains("# Note: view v reads old columns");
        List<Map<String, Object>> sets = changeSets(text);
        assertThat(sets).extracting(s -> s.get("id")).containsExactly("tandem-users-email-expand-1",
            "tandem-users-email-expand-2", "tandem-users-email-tighten-1", "tandem-users-email-tighten-2",
            "tandem-users-email-contract-1");
        assertThat(sets).extracting(s -> s.get("author")).containsOnly("tandem");
        assertThat(sets).extracting(s -> s.get("labels")).containsExactly("expand", "expand", "tighten", "tighten",
            "contract");
        assertThat(sets).extracting(s -> s.get("dbms")).containsOnly("postgresql");
        assertThat(sets).extracting(s -> s.get("runInTransaction")).containsExactly(true, false, true, true, true);
        assertThat(sql(sets.get(1))).containsExactly("SET lock_timeout = '2000ms'", DROP_INDEX, INDEX,
            "SET lock_timeout = DEFAULT");
        assertThat(LiquibaseChangelog.text(postgresPlan(), Dialect.POSTGRESQL, 2000)).as("the same plan, the same ids")
            .isEqualTo(text);
    }

    @Test
    void liquibaseChangesetsOnMysqlNameBothDbmsAndKeepStatementsWhole() {
        DdlPlan plan = new DdlPlan("orders-rename", Phase.EXPAND, List.of(
            new DdlStep(Stage.EXPAND, "RENAME TABLE orders TO purchases, orders_tandem_c TO orders", "names", null)),
            List.of());
        List<Map<String, Object>> sets = changeSets(LiquibaseChangelog.text(plan, Dialect.MYSQL, 2000));
        assertThat(sets.get(0)).containsEntry("dbms", "mysql, mariadb").containsEntry("runInTransaction", true);
        assertThat(sql(sets.get(0))).containsExactly("SET SESSION lock_wait_timeout = 2",
            "RENAME TABLE orders TO purchases, orders_tandem_c TO orders", "SET SESSION lock_wait_timeout = DEFAULT");
    }

    @Test
    void aPlanMissingAStepOrWithNothingLeftIsRefused() {
        DdlPlan untyped = new DdlPlan("m", Phase.EXPAND, List.of(new DdlStep(Stage.CONTRACT, "ALTER TABLE t DROP "
            + "COLUMN a", "brief", null)), List.of("new column b has no declared type: add 'type: <SQL type>' to its "
            + "entry in the spec"));
        assertThatThrownBy(() -> FlywayScripts.files(untyped, Dialect.POSTGRESQL, 2000, "1"))
            .isInstanceOf(AgentException.class).hasMessageContaining("incomplete")
            .hasMessageContaining("no declared type");
        DdlPlan empty = new DdlPlan("m", Phase.COMPLETE, List.of(), List.of("old column a is already dropped"));
        assertThatThrownBy(() -> LiquibaseChangelog.text(empty, Dialect.MYSQL, 2000))
            .isInstanceOf(AgentException.class).hasMessageContaining("no step left")
            .hasMessageContaining("already dropped");
        assertThatThrownBy(() -> FlywayScripts.files(postgresPlan(), Dialect.POSTGRESQL, 2000, "v1"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of("1", "42", "2024.06.1", "1_2")).allMatch(FlywayScripts::validVersion);
        assertThat(List.of("", "v1", "1.", "1..2", "1.a")).noneMatch(FlywayScripts::validVersion);
    }

    /** The script's statements: its lines that are not comments. */
    private static List<String> statements(String script) {
        return script.lines().filter(l -> !l.startsWith("--")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> changeSets(String yaml) {
        Map<String, Object> root = new Yaml().load(yaml);
        return ((List<Map<String, Object>>) root.get("databaseChangeLog")).stream()
            .map(e -> (Map<String, Object>) e.get("changeSet")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> sql(Map<String, Object> changeSet) {
        return ((List<Map<String, Map<String, Object>>>) changeSet.get("changes")).stream()
            .peek(c -> assertThat(c.get("sql")).containsEntry("splitStatements", false))
            .map(c -> (String) c.get("sql").get("sql")).toList();
    }
}
