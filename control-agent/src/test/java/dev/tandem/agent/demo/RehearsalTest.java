package dev.tandem.agent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo end to end on real servers at a small size: every phase of users-email, the rollback drill of
 * orders-price and (on PostgreSQL) the move of products.stock and products.warehouse to inventory run under the
 * workload with no failed statement, no lost write and no remaining mismatch, and the report is printed and
 * written as JSON and as an HTML page with SVG charts.
 */
class RehearsalTest {
    private static final List<String> PHASES = List.of(
        "users-email EXPAND", "users-email DUAL_WRITE", "users-email SHADOW_READ",
        "users-email READ_NEW ramp (canary autopilot)", "users-email CONTRACT", "users-email COMPLETE",
        "orders-price DUAL_WRITE", "orders-price SHADOW_READ", "orders-price READ_NEW", "orders-price CONTRACT",
        "orders-price rollback to READ_NEW", "orders-price rollback to SHADOW_READ",
        "orders-price rollback to DUAL_WRITE", "orders-price rollback to EXPAND");
    private static final List<String> MOVE_PHASES = List.of(
        "products-inventory DUAL_WRITE", "products-inventory SHADOW_READ", "products-inventory READ_NEW",
        "products-inventory CONTRACT",
        "products-inventory COMPLETE", "products-inventory COMPLETE, moved columns dropped");

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void rehearsalWalksEveryPhaseAndRollsBackWithoutLosingAWrite(DbKind kind, @TempDir Path dir) throws Exception {
        String server = TestDatabases.create(kind, "rehearsal").jdbcUrl();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(console, true, StandardCharsets.UTF_8);
        Options options = new Options(server, 5_000, 2, 0.8, dir, stream);

        Report report = new Rehearsal(options).run();

        String out = console.toString(StandardCharsets.UTF_8);
        boolean move = kind == DbKind.POSTGRESQL;
        assertThat(report.problems()).as("problems; console:%n%s", out).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(report.errors()).isZero();
        assertThat(report.lostWrites()).isZero();
        assertThat(report.damagedRows()).isZero();
        assertThat(report.remainingMismatches()).isZero();
        assertThat(report.shadowMismatches()).isZero();
        assertThat(report.acknowledgedWrites()).isGreaterThan(100);

        assertThat(report.phases()).filteredOn(p -> p.kind().equals("phase")).extracting(Report.PhaseResult::label)
            .containsExactlyElementsOf(move ? concat(PHASES, MOVE_PHASES) : PHASES);
        assertThat(report.phases()).filteredOn(p -> p.kind().equals("phase"))
            .allSatisfy(p -> assertThat(p.statements()).as("statements in %s", p.label()).isPositive())
            .allSatisfy(p -> assertThat(p.p99Ms()).as("p99 in %s", p.label()).isGreaterThanOrEqualTo(p.p50Ms()));
        assertThat(report.phases()).filteredOn(p -> p.label().endsWith(" SHADOW_READ"))
            .hasSize(move ? 4 : 3)
            .allSatisfy(p -> assertThat(p.shadowComparisons()).as("shadow reads in %s", p.label()).isPositive());

        assertThat(report.backfills()).extracting(Report.JobResult::label).containsExactlyElementsOf(concat(
            List.of("users-email backfill", "orders-price backfill", "orders-price reverse backfill"),
            move ? List.of("products-inventory backfill") : List.of()));
        assertThat(report.backfills()).allSatisfy(j -> {
            assertThat(j.state()).isEqualTo("done");
            assertThat(j.rowsScanned()).isGreaterThanOrEqualTo(5_000);
        });
        assertThat(report.backfills().get(0).samples()).isNotEmpty();
        assertThat(report.backfills().get(0).rowsChanged()).isGreaterThanOrEqualTo(5_000);
        assertThat(report.reconciles()).filteredOn(r -> !r.migration().equals(SpecFile.PRODUCTS)).hasSize(5)
            .allSatisfy(r -> assertThat(r.mismatches()).as(r.label()).isZero());
        assertMove(report, out, move);
        assertThat(report.transitions()).allSatisfy(t -> assertThat(t.barrierComplete())
            .as("barrier of %s %s -> %s", t.migration(), t.from(), t.to()).isTrue());
        assertThat(report.transitions()).anySatisfy(t -> assertThat(t.note()).contains("reverse backfill finished"));

        assertThat(report.rollouts()).singleElement().satisfies(r -> {
            assertThat(r.state()).as(r.message()).isEqualTo("SUCCEEDED");
            assertThat(r.percent()).isEqualTo(100);
            assertThat(r.steps()).extracting(Report.StepResult::percent).containsExactly(0, 10, 50, 100);
            assertThat(r.steps()).extracting(Report.StepResult::state).containsOnly("PASSED");
            assertThat(r.steps().get(1).gates()).anySatisfy(g -> assertThat(g).startsWith("errors PASS"));
        });
        assertThat(out).contains("users-email backfill", "rows compared, 0 mismatches", "Result: OK",
            "canary autopilot, users-email: SUCCEEDED", "READ_NEW 50 %: PASSED", "mismatch PASS");
        assertWritten(dir, report);
    }

    /**
     * The move walked to COMPLETE with its moved columns dropped, reconciled clean, and without a failed
     * statement or a lost product write; elsewhere it did not run, and the report says why.
     */
    private static void assertMove(Report report, String out, boolean move) {
        List<Report.ReconcileResult> reconciles = report.reconciles().stream()
            .filter(r -> r.migration().equals(SpecFile.PRODUCTS)).toList();
        if (!move) {
            assertThat(reconciles).isEmpty();
            assertThat(report.scenarios()).extracting(Report.ScenarioResult::migration)
                .containsExactly("users-email", "orders-price");
            assertThat(report.tables()).extracting(Report.TableWrites::table).containsExactly("users", "orders");
            assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("products-inventory")
                .contains("did not run").contains("PostgreSQL only"));
            return;
        }
        assertThat(reconciles.get(reconciles.size() - 1)).satisfies(r -> {
            assertThat(r.label()).isEqualTo("products-inventory reconcile (CONTRACT)");
            assertThat(r.mismatches()).isZero();
        });
        // A mismatch after the backfill is repaired, reconciled again and explained in the notes (see Scenario).
        assertThat(reconciles).extracting(Report.ReconcileResult::label).containsSubsequence(
            "products-inventory reconcile (DUAL_WRITE)", "products-inventory reconcile (READ_NEW)",
            "products-inventory reconcile (CONTRACT)");
        assertThat(reconciles).filteredOn(r -> r.label().contains("(READ_NEW)") || r.label().contains("(CONTRACT)")
            || r.label().contains("after the repair")).allSatisfy(r -> assertThat(r.mismatches()).isZero());
        if (reconciles.get(0).mismatches() > 0) {
            assertThat(reconciles.get(1).label()).isEqualTo("products-inventory repair (DUAL_WRITE)");
            assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("repaired"));
        }
        assertThat(report.transitions()).filteredOn(t -> t.migration().equals(SpecFile.PRODUCTS))
            .extracting(Report.TransitionResult::to)
            .containsExactly("DUAL_WRITE", "SHADOW_READ", "READ_NEW", "CONTRACT", "COMPLETE");
        assertThat(report.scenarios()).extracting(Report.ScenarioResult::migration)
            .containsExactly("users-email", "orders-price", "products-inventory");
        assertThat(report.scenarios().get(2)).satisfies(s -> {
            assertThat(s.finalPhase()).isEqualTo("COMPLETE");
            assertThat(s.errors()).isZero();
            assertThat(s.remainingMismatches()).isZero();
            assertThat(s.statements()).isPositive();
        });
        assertThat(report.tables()).filteredOn(t -> t.table().equals("products")).singleElement().satisfies(t -> {
            assertThat(t.acknowledged()).isGreaterThan(50);
            assertThat(t.lost()).isZero();
        });
        assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("in the old table's names to the end"));
        assertThat(out).contains("CREATE TABLE inventory (id bigint NOT NULL", "FOREIGN KEY (id) REFERENCES "
            + "products (id) ON DELETE CASCADE", "ALTER TABLE products DROP COLUMN stock",
            "ALTER TABLE products DROP COLUMN warehouse", "CONTRACT -> COMPLETE");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void withoutAUrlTheDemoRunsOnAnEmbeddedPostgresql(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Options options = Options.defaults().withRows(1_000).withThreads(1).withPhaseSeconds(0.2).withOutputDir(dir)
            .withOut(new PrintStream(console, true, StandardCharsets.UTF_8));

        int exit = Demo.run(options);

        String out = console.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("exit code; console:%n%s", out).isEqualTo(Demo.PASSED);
        assertThat(out).contains("(embedded)", "Result: OK");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.get("server").asText()).startsWith("PostgreSQL").endsWith("(embedded)");
        assertThat(json.get("rows").asInt()).isEqualTo(1_000);
        assertThat(json.get("scenarios")).hasSize(3);
        assertThat(json.get("scenarios").get(2).get("migration").asText()).isEqualTo("products-inventory");
        assertThat(json.get("scenarios").get(2).get("finalPhase").asText()).isEqualTo("COMPLETE");
        assertThat(json.get("tables").get(2).get("lost").asLong()).isZero();
    }

    private static void assertWritten(Path dir, Report report) throws Exception {
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.get("problems")).isEmpty();
        assertThat(json.get("lostWrites").asLong()).isZero();
        assertThat(json.get("statements").asLong()).isEqualTo(report.statements());
        assertThat(json.get("phases")).hasSize(report.phases().size());
        assertThat(json.get("phases").get(0).get("p99Ms").isNumber()).isTrue();
        assertThat(json.get("backfills").get(0).get("samples")).isNotEmpty();
        assertThat(json.get("backfills").get(0).get("maxChunkMillis").isNumber()).isTrue();
        assertThat(json.get("scenarios")).hasSize(report.scenarios().size());
        assertThat(json.get("tables")).hasSize(report.tables().size());
        assertThat(json.get("notes")).hasSize(report.notes().size());

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>")
            .contains("Latency per step", "Backfill rate", "users-email READ_NEW ramp (canary autopilot)", "Passed",
                "Canary autopilot", "READ_NEW 50 %", "<h2>Scenarios</h2>", "<h2>Writes per table</h2>", "<h2>Notes</h2>")
            .doesNotContain("<script", "<link", "src=", "@import", "https://");
        assertThat(html.split("<svg", -1)).as("inline SVG charts").hasSizeGreaterThanOrEqualTo(3);
        assertThat(html).contains("<polyline"); // the backfill rate line
        assertThat(Files.readString(dir.resolve("migrations.yaml"))).contains("readNewPercent: 100",
            "phase: COMPLETE", "phase: EXPAND");
    }
}
