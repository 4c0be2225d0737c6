package dev.tandem.agent.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's per-scenario summary, writes per table and notes without a database: each migration's last phase,
 * its steps' statements and failures, and its last reconcile, in the text table and the HTML page.
 */
class ReportTest {
    @Test
    void scenariosSumTheirStepsAndTakeTheLastPhaseAndReconcile() {
        Report r = report(List.of(phase("a DUAL_WRITE", "a", 10, 0), phase("a backfill", "a", 5, 0),
                phase("b DUAL_WRITE", "b", 7, 2), phase("warm", null, 3, 0)),
            List.of(reconcile("a", 3), reconcile("a", 0), reconcile("b", 1)),
            List.of(transition("a", "EXPAND", "DUAL_WRITE"), transition("a", "DUAL_WRITE", "COMPLETE"),
                transition("b", "EXPAND", "DUAL_WRITE")),
            List.of(new Report.TableWrites("users", 12, 0), new Report.TableWrites("products", 30, 1)),
            List.of("b: <did not run>"));

        assertThat(r.scenarios()).containsExactly(new Report.ScenarioResult("a", "COMPLETE", 2, 15, 0, 0),
            new Report.ScenarioResult("b", "DUAL_WRITE", 1, 7, 2, 1));
        assertThat(r.remainingMismatches()).isEqualTo(1);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportTable.print(r, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("mismatches (last reconcile)", "writes per table", "note: b: <did not run>");
        assertThat(text.lines().filter(l -> l.trim().startsWith("products"))).singleElement()
            .satisfies(l -> assertThat(l).contains("30").endsWith("1"));

        String html = Html.render(r);
        assertThat(html).contains("<h2>Scenarios</h2>", "<h2>Writes per table</h2>", "<h2>Notes</h2>",
            "b: &lt;did not run&gt;").doesNotContain("<did not run>");
    }

    private static Report report(List<Report.PhaseResult> phases, List<Report.ReconcileResult> reconciles,
                                 List<Report.TransitionResult> transitions, List<Report.TableWrites> tables,
                                 List<String> notes) {
        return new Report("PostgreSQL 16", "tandem_demo", "2025-01-01T00:00:00Z", 10, 1, 0.1, 1234, phases,
            List.of(), reconciles, transitions, List.of(), 42, 1, 0, tables, notes, List.of(), List.of(), null);
    }

    private static Report.PhaseResult phase(String label, String migration, long statements, long errors) {
        return new Report.PhaseResult(label, migration, "phase", 1, statements, errors, statements, 0.1, 0.2, 0.3, 0,
            0);
    }

    private static Report.ReconcileResult reconcile(String migration, long mismatches) {
        return new Report.ReconcileResult(migration + " reconcile", migration, "DUAL_WRITE", 100, mismatches,
            List.of(), 0.1);
    }

    private static Report.TransitionResult transition(String migration, String from, String to) {
        return new Report.TransitionResult(migration, from, to, 1, true, 1, List.of(), 5, null);
    }
}
