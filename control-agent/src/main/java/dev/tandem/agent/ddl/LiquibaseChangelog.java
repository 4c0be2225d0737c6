package dev.tandem.agent.ddl;

import dev.tandem.agent.ddl.ToolSteps.Unit;
import dev.tandem.driver.schema.Dialect;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DDL plan as one Liquibase YAML changelog, {@code tandem-<migration>.changelog.yaml}, with one changeset per step
 * ({@link ToolSteps}): id {@code tandem-<migration>-<stage>-<step>}, author {@code tandem}, the stage (expand,
 * tighten, contract, complete) as its label so that {@code liquibase update --label-filter=expand} runs one stage,
 * {@code runInTransaction: false} where PostgreSQL cannot run the step in a transaction (CONCURRENTLY), and the
 * target's dbms, so the changelog refuses to run against the other dialect. Each statement is one {@code sql}
 * change, sent to the server as written ({@code splitStatements: false}).
 */
public final class LiquibaseChangelog {
    /** The author of every changeset: ids are unique per migration, so the pair is too. */
    public static final String AUTHOR = "tandem";

    private LiquibaseChangelog() {
    }

    /** The changelog's file name for a migration. */
    public static String fileName(String migrationId) {
        return "tandem-" + ToolSteps.safeName(migrationId) + ".changelog.yaml";
    }

    /** The changelog's text. */
    public static String text(DdlPlan plan, Dialect dialect, long lockTimeoutMillis) {
        List<Unit> units = ToolSteps.units(plan, dialect, lockTimeoutMillis);
        String name = ToolSteps.safeName(plan.migrationId());
        List<Object> changeLog = new ArrayList<>();
        for (Unit u : units) {
            Map<String, Object> set = new LinkedHashMap<>();
            set.put("id", "tandem-" + name + "-" + u.stageName() + "-" + u.number());
            set.put("author", AUTHOR);
            set.put("labels", u.stageName());
            set.put("dbms", dialect == Dialect.POSTGRESQL ? "postgresql" : "mysql, mariadb");
            set.put("runInTransaction", u.transactional());
            set.put("comment", "Tandem DDL of migration " + plan.migrationId() + ": " + u.stageName() + ", step "
                + u.number() + " of " + u.count() + ". Run " + ToolSteps.when(u.stage()).replace("<migration>",
                plan.migrationId()) + "." + (u.step().lock() == null ? "" : " Lock: " + u.step().lock() + "."));
            List<Object> changes = new ArrayList<>();
            for (String statement : u.statements()) {
                Map<String, Object> sql = new LinkedHashMap<>();
                sql.put("splitStatements", false);
                sql.put("stripComments", false);
                sql.put("sql", statement);
                changes.add(Map.of("sql", sql));
            }
            set.put("changes", changes);
            changeLog.add(Map.of("changeSet", set));
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(120);
        StringBuilder head = new StringBuilder("# Tandem DDL of migration " + plan.migrationId() + " (planned in "
            + plan.phase() + " on " + ToolSteps.server(dialect) + "): one changeset per step, labelled with its "
            + "stage.\n"
            + "# liquibase update --label-filter=expand, then the walk's phases; a lock wait longer than the lock\n"
            + "# timeout fails the changeset instead of stalling the table's writes: run update again to retry.\n");
        for (String note : plan.notes()) {
            head.append("# Note: ").append(note.replace('\n', ' ')).append('\n');
        }
        return head + new Yaml(options).dump(Map.of("databaseChangeLog", changeLog));
    }

    /** Writes the changelog into {@code dir} (created if missing); returns its path. */
    public static Path write(DdlPlan plan, Dialect dialect, long lockTimeoutMillis, Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(fileName(plan.migrationId())), text(plan, dialect, lockTimeoutMillis));
    }
}
