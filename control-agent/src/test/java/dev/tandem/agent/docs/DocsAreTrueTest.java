package dev.tandem.agent.docs;

import dev.tandem.agent.AgentConfig;
import dev.tandem.driver.TandemProperty;
import dev.tandem.driver.schema.ControlSchema;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.spec.SpecParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs and examples true to the code: every driver option and spec field is documented with its
 * default, and every example spec and agent config loads.
 */
class DocsAreTrueTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyDriverOptionIsDocumentedWithItsDefault() throws Exception {
        for (String doc : List.of("docs/configuration.md", "README.md")) {
            String text = Files.readString(ROOT.resolve(doc));
            for (TandemProperty p : TandemProperty.values()) {
                assertThat(text).as("%s documents %s", doc, p.getKey()).contains("`" + p.getKey() + "`");
                if (p.getDefaultValue() != null && !p.getDefaultValue().isEmpty()) {
                    String row = text.lines().filter(l -> l.startsWith("| `" + p.getKey() + "`")).findFirst().orElse("");
                    assertThat(row).as("%s: default of %s", doc, p.getKey()).contains(p.getDefaultValue());
                }
            }
        }
    }

    @Test
    void everySpecFieldIsDocumented() throws Exception {
        String text = Files.readString(ROOT.resolve("docs/configuration.md"));
        for (String field : List.of("id", "table", "key", "columns", "phase", "readNewPercent", "shadowReadPercent",
            "description", "old", "new", "forward", "backward", "type", "oldType")) {
            assertThat(text).as("spec field %s", field).contains("| `" + field + "`");
        }
    }

    @Test
    void everyDefaultSpecFunctionIsDocumented() throws Exception {
        String text = Files.readString(ROOT.resolve("docs/configuration.md"));
        for (dev.tandem.driver.schema.Dialect d : List.of(dev.tandem.driver.schema.Dialect.POSTGRESQL,
            dev.tandem.driver.schema.Dialect.MYSQL)) {
            for (String fn : d.specFunctions()) {
                assertThat(text).as("%s spec function %s", d, fn).contains("`" + fn + "`");
            }
        }
    }

    @Test
    void ddlLockingSectionNamesEverySettingWithItsDefault() throws Exception {
        String text = Files.readString(ROOT.resolve("docs/operations.md"));
        int start = text.indexOf("\n## DDL locking\n");
        assertThat(start).as("docs/operations.md has a '## DDL locking' section").isGreaterThanOrEqualTo(0);
        int end = text.indexOf("\n## ", start + 1);
        String section = end < 0 ? text.substring(start) : text.substring(start, end);
        AgentConfig.DdlOptions d = AgentConfig.DdlOptions.defaults();
        Map<String, Long> defaults = Map.of("lockTimeoutMillis", d.lockTimeoutMillis(),
            "lockRetries", (long) d.lockRetries(), "retryBackoffMillis", d.retryBackoffMillis());
        for (Map.Entry<String, Long> e : defaults.entrySet()) {
            String row = section.lines().filter(l -> l.startsWith("| `" + e.getKey() + "`")).findFirst().orElse("");
            assertThat(row).as("DDL locking: row of %s", e.getKey()).startsWith("| `" + e.getKey() + "` | "
                + e.getValue() + " |");
        }
        assertThat(section).contains("lock_timeout").contains("lock_wait_timeout").contains("CONCURRENTLY")
            .contains("LOCK=NONE").contains("NOT VALID").contains("VALIDATE CONSTRAINT");
        String cli = Files.readString(ROOT.resolve("docs/agent-cli.md"));
        for (String key : defaults.keySet()) {
            assertThat(cli).as("agent-cli.md names ddl.%s", key).contains("`ddl." + key + "`");
        }
    }

    @Test
    void theOneJarDocsNameTheClassifierTheDriverBuilds() throws Exception {
        Matcher m = Pattern.compile("<shadedClassifierName>([^<]+)</shadedClassifierName>")
            .matcher(Files.readString(ROOT.resolve("driver/pom.xml")));
        assertThat(m.find()).as("driver/pom.xml builds a classifier jar").isTrue();
        for (String doc : List.of("README.md", "config-examples/shaded/README.md")) {
            assertThat(Files.readString(ROOT.resolve(doc))).as(doc)
                .contains("<classifier>" + m.group(1) + "</classifier>", "-" + m.group(1) + ".jar");
        }
    }

    @Test
    void everyExampleSpecValidates() throws Exception {
        try (Stream<Path> files = Files.walk(ROOT.resolve("config-examples"))) {
            List<Path> specs = files.filter(p -> p.getFileName().toString().equals("migrations.yaml")).toList();
            assertThat(specs).hasSizeGreaterThanOrEqualTo(2);
            for (Path p : specs) {
                dev.tandem.driver.schema.Dialect d = p.toString().contains("mysql") ? dev.tandem.driver.schema.Dialect.MYSQL
                    : dev.tandem.driver.schema.Dialect.POSTGRESQL;
                assertThat(SpecParser.parse(Files.readString(p), p.toString(), d.specFunctions())).as(p.toString())
                    .isNotEmpty();
            }
        }
    }

    @Test
    void everyExampleAgentConfigLoads() throws Exception {
        try (Stream<Path> files = Files.list(ROOT.resolve("config-examples/agent"))) {
            List<Path> configs = files.filter(p -> p.toString().endsWith(".yaml")).toList();
            assertThat(configs).hasSizeGreaterThanOrEqualTo(2);
            for (Path p : configs) {
                AgentConfig c = AgentConfig.load(p, name -> "secret-" + name);
                assertThat(c.jdbcUrl()).startsWith("jdbc:");
                assertThat(Files.exists(c.migrationsFile())).as("%s names an existing spec", p).isTrue();
                assertThat(c.admin().token()).isEqualTo("secret-TANDEM_ADMIN_TOKEN");
                assertThat(c.specFunctions()).isNotNull();
                assertThat(c.ddl()).as("%s: the ddl section shows the defaults", p)
                    .isEqualTo(AgentConfig.DdlOptions.defaults());
                assertThat(Files.readString(p)).as("%s shows the ddl section", p).contains("\nddl:\n");
            }
        }
    }

    @Test
    void thePrivilegesSectionShowsTheGrantsInitPrints() throws Exception {
        String text = Files.readString(ROOT.resolve("docs/operations.md"));
        assertThat(text).contains("## Privileges");
        String section = text.substring(text.indexOf("## Privileges"), text.indexOf("## The barrier"));
        ControlSchema pg = new ControlSchema("tandem_", Dialect.POSTGRESQL);
        List<String> grants = new java.util.ArrayList<>(pg.appGrants("tandem_app", "public"));
        grants.addAll(pg.agentGrants("tandem_agent", "public"));
        assertThat(section).contains(String.join(";\n", grants) + ";\n");
        ControlSchema my = new ControlSchema("tandem_", Dialect.MYSQL);
        assertThat(my.appGrants("tandem_app", "app")).allSatisfy(g -> assertThat(section).contains(g + ";"));
        assertThat(section).contains("init --app-role tandem_app --agent-role tandem_agent --print");
    }
}
