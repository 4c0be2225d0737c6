package dev.tandem.agent.cli;

import dev.tandem.agent.ddl.DdlPlan;
import dev.tandem.agent.ddl.DdlPlan.DdlStep;
import dev.tandem.agent.ddl.DdlPlan.Stage;
import dev.tandem.driver.spec.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DdlCommandsTest {
    private final CliFixture cli = new CliFixture();

    @AfterEach
    void restore() {
        cli.close();
    }

    @Test
    void planPrintsExpandAndContractAsStatementsWithNotes() {
        assertThat(cli.runWithUrl("plan")).isEqualTo(0);
        assertThat(cli.out())
            .contains("-- migration orders-price (now in EXPAND)\n-- expand: run in EXPAND, before DUAL_WRITE")
            .contains("ALTER TABLE orders ADD COLUMN price_cents bigint;\n-- contract:")
            .contains("ALTER TABLE orders DROP COLUMN price;\n")
            .contains("-- note: index on price_cents built CONCURRENTLY");
        assertThat(cli.agent.calls).containsExactly("plan(null)", "close()");
    }

    @Test
    void planShowsEachStepWithItsStageAndLock() {
        cli.agent.plans = List.of(new DdlPlan("users-email", Phase.READ_NEW, List.of(
            new DdlStep(Stage.EXPAND, "ALTER TABLE users ADD COLUMN email_address text", "brief", null),
            new DdlStep(Stage.TIGHTEN, "ALTER TABLE users ALTER COLUMN email_address SET NOT NULL", "brief", null),
            new DdlStep(Stage.TIGHTEN, "ALTER TABLE users ALTER COLUMN email DROP NOT NULL", "brief", null),
            new DdlStep(Stage.CONTRACT, "ALTER TABLE users DROP COLUMN email", "brief", null)), List.of()));
        assertThat(cli.runWithUrl("plan")).isEqualTo(0);
        assertThat(cli.out()).contains("-- migration users-email (now in READ_NEW)\n")
            .contains("-- lock: brief\nALTER TABLE users ADD COLUMN email_address text;\n-- tighten: run in SHADOW_READ "
                + "or READ_NEW, after the backfill and before CONTRACT (tandem-agent apply users-email)\n-- lock: brief\n"
                + "ALTER TABLE users ALTER COLUMN email_address SET NOT NULL;\n");

        // In READ_NEW, apply runs the expand steps that are left and the tightening, and prints each lock wait.
        cli.agent.lockWaits = List.of("lock wait: gave up after 2001 ms (lock timeout 2000 ms), try 1 of 6");
        assertThat(cli.runWithUrl("apply", "users-email", "--yes")).isEqualTo(0);
        assertThat(cli.out()).contains("-- expand DDL of users-email in READ_NEW\n")
            .contains("ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n").doesNotContain("DROP COLUMN email;\nRan");
        assertThat(cli.err()).contains("tandem-agent: lock wait: gave up after 2001 ms");
    }

    @Test
    void planOfOneMigrationAsksForIt() {
        assertThat(cli.runWithUrl("plan", "orders-price")).isEqualTo(0);
        assertThat(cli.agent.calls.get(0)).isEqualTo("plan(orders-price)");
    }

    @Test
    void applyWithoutYesAndWithoutAConsoleRefuses() {
        assertThat(cli.runWithUrl("apply", "orders-price")).isEqualTo(1);
        assertThat(cli.out()).contains("ALTER TABLE orders ADD COLUMN price_cents bigint;");
        assertThat(cli.err()).startsWith("tandem-agent: apply needs a confirmation and there is no console")
            .contains("--yes");
        assertThat(cli.agent.calls).doesNotContain("apply(orders-price, false, bob)").containsExactly(
            "plan(orders-price)", "close()");
    }

    @Test
    void applyWithYesRunsWithoutAsking() {
        List<String> asked = new ArrayList<>();
        ApplyCommand.prompt = q -> {
            asked.add(q);
            return "n";
        };
        assertThat(cli.runWithUrl("--actor", "bob", "apply", "orders-price", "--contract", "--yes")).isEqualTo(0);
        assertThat(asked).isEmpty();
        assertThat(cli.out()).contains("-- contract DDL of orders-price in EXPAND\nALTER TABLE orders DROP COLUMN price;")
            .contains("Ran 1 statement.");
        assertThat(cli.agent.calls).contains("apply(orders-price, true, bob)");
    }

    @Test
    void applyAsksAndRunsOnlyOnYes() {
        List<String> asked = new ArrayList<>();
        ApplyCommand.prompt = q -> {
            asked.add(q);
            return " Y ";
        };
        assertThat(cli.runWithUrl("--actor", "bob", "apply", "orders-price")).isEqualTo(0);
        assertThat(asked).containsExactly("Run these statements? [y/N] ");
        assertThat(cli.agent.calls).contains("apply(orders-price, false, bob)");

        cli.agent.calls.clear();
        ApplyCommand.prompt = q -> "";
        assertThat(cli.runWithUrl("apply", "orders-price")).isEqualTo(1);
        assertThat(cli.err()).contains("not applied; nothing was run");
        assertThat(cli.agent.calls).containsExactly("plan(orders-price)", "close()");
    }

    @Test
    void applyOfAnUnknownMigrationIsInvalid() {
        assertThat(cli.runWithUrl("apply", "nope", "--yes")).isEqualTo(2);
        assertThat(cli.err()).contains("No DDL plan for migration 'nope'");
    }

    @Test
    void applyWithNothingToRunSaysSoAndRunsNothing() {
        cli.agent.plans = List.of(new DdlPlan("orders-price", List.of(), List.of(), List.of()));
        assertThat(cli.runWithUrl("apply", "orders-price", "--yes")).isEqualTo(0);
        assertThat(cli.out()).contains("Nothing to run: the expand DDL of orders-price in EXPAND is empty.");
        assertThat(cli.agent.calls).containsExactly("plan(orders-price)", "close()");
    }
}
