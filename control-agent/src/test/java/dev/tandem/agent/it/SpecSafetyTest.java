package dev.tandem.agent.it;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.ddl.DdlPlan;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Issue 14, items 3 and 4 on real servers: expressions that inject SQL, and tables or columns that do not exist,
 * are refused at reload (naming the construct, or the nearest existing name) and nothing is published; a column
 * that disappears is refused at phase.
 */
class SpecSafetyTest {
    private static final Map<String, String> INJECTIONS = Map.of(
        "lower(name) AS text), name = 'pwned' WHERE id >= ? AND id < ? --", "is refused",
        "lower(name); DROP TABLE users", "';'",
        "name || (select rolpassword from pg_authid limit 1)", "a subquery",
        "lower(name) /* c */", "comment",
        "UPDATE users SET name = 'x'", "cannot parse SQL expression",
        "sleep(5)", "the function 'sleep' is not on the allow-list",
        "pg_sleep(5)", "the function 'pg_sleep' is not on the allow-list");

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void injectionsAndMisspelledNamesAreRefusedAtReload(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "spec-safety", 20, Duration.ofSeconds(1))) {
            String good = Files.readString(f.migrations);
            long version = f.agent.status().configVersion();
            for (Map.Entry<String, String> e : INJECTIONS.entrySet()) {
                Files.writeString(f.migrations, good + "  - id: users-name\n    table: users\n    key: [id]\n"
                    + "    columns:\n      - old: name\n        new: name_lower\n        type: VARCHAR(100)\n"
                    + "        forward: \"" + e.getKey() + "\"\n");
                AgentException x = assertThrows(AgentException.class, () -> f.agent.reload("ops"), e.getKey());
                assertThat(x.getMessage()).as(e.getKey()).contains("field 'forward' of 'name_lower'")
                    .contains(e.getValue());
            }
            Files.writeString(f.migrations, good.replace("table: users", "table: uesrs"));
            AgentException table = assertThrows(AgentException.class, () -> f.agent.reload("ops"));
            assertThat(table.getMessage()).contains("no table uesrs; did you mean users?")
                .contains("running configuration is unchanged");
            Files.writeString(f.migrations, good.replace("old: email", "old: emial"));
            AgentException column = assertThrows(AgentException.class, () -> f.agent.reload("ops"));
            assertThat(column.getMessage()).contains("no old column emial in users; did you mean email?");
            Files.writeString(f.migrations, good.replace("key: [id]", "key: [idd]"));
            assertThat(assertThrows(AgentException.class, () -> f.agent.reload("ops")).getMessage())
                .contains("no key column idd in users; did you mean id?");
            assertThat(f.agent.status().configVersion()).as("nothing was published").isEqualTo(version);
            assertThat(f.count("SELECT count(*) FROM users WHERE name = 'pwned'")).isZero();

            String soundex = good + "  - id: users-name\n    table: users\n    key: [id]\n    columns:\n"
                + "      - old: name\n        new: name_sound\n        type: VARCHAR(100)\n"
                + "        forward: soundex(name)\n";
            Files.writeString(f.migrations, soundex);
            assertThat(assertThrows(AgentException.class, () -> f.agent.reload("ops")).getMessage())
                .contains("the function 'soundex' is not on the allow-list");
            AgentConfig c = f.agent.config();
            try (Agent extended = Agent.open(new AgentConfig(c.jdbcUrl(), c.user(), c.password(), c.migrationsFile(),
                c.controlPrefix(), c.barrierTimeout(), c.admin(), c.jobs(), c.ddl(), List.of("soundex")))) {
                assertThat(extended.reload("ops").added()).containsExactly("users-name");
            }

            Files.writeString(f.migrations, good);
            f.db.execute(kind == DbKind.POSTGRESQL ? "ALTER TABLE users RENAME COLUMN email TO e_mail"
                : "ALTER TABLE users CHANGE email e_mail VARCHAR(200)");
            List<DdlPlan> plans = f.agent.plan("users-email");
            assertThat(plans.get(0).notes()).anyMatch(n -> n.contains("old column email does not exist in users; "
                + "did you mean e_mail?")).noneMatch(n -> n.contains("already dropped"));
            AgentException phase = assertThrows(AgentException.class,
                () -> f.agent.phase("users-email", Phase.DUAL_WRITE, false, null, "ops"));
            assertThat(phase.getMessage()).contains("no old column email in users; did you mean e_mail?");
            assertThat(assertThrows(AgentException.class, () -> f.agent.reload("ops")).getMessage())
                .contains("no old column email in users; did you mean e_mail?");
        }
    }
}
