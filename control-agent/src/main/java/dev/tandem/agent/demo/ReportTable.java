package dev.tandem.agent.demo;

import dev.tandem.agent.console.TextTable;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The report as text tables on the console: phases, backfills, reconciles, the scenarios, writes per table,
 * totals and notes.
 */
final class ReportTable {
    private ReportTable() {
    }

    static void print(Report r, PrintStream out) {
        out.println();
        out.println("Report");
        out.println();
        TextTable phases = TextTable.numeric("step", "time s", "statements", "per s", "errors", "p50 ms", "p99 ms",
            "shadow compared", "shadow differed");
        for (Report.PhaseResult p : r.phases()) {
            phases.row(p.label(), fixed(p.seconds(), 1), Console.count(p.statements()),
                Console.count(Math.round(p.statementsPerSecond())), Console.count(p.errors()), Console.ms(p.p50Ms()),
                Console.ms(p.p99Ms()), p.shadowComparisons() == 0 ? "-" : Console.count(p.shadowComparisons()),
                p.shadowComparisons() == 0 ? "-" : Console.count(p.shadowMismatches()));
        }
        phases.print(out, "  ");
        out.println();
        TextTable jobs = TextTable.numeric("backfill", "rows scanned", "rows changed", "chunks", "time s", "rows/s",
            "longest chunk ms");
        for (Report.JobResult j : r.backfills()) {
            jobs.row(j.label(), Console.count(j.rowsScanned()), Console.count(j.rowsChanged()),
                Console.count(j.chunks()), fixed(j.seconds(), 2), Console.count(Math.round(j.rowsPerSecond())),
                Console.count(j.maxChunkMillis()));
        }
        jobs.print(out, "  ");
        out.println();
        TextTable reconciles = TextTable.numeric("reconcile", "rows compared", "mismatches", "time s");
        for (Report.ReconcileResult c : r.reconciles()) {
            reconciles.row(c.label(), Console.count(c.rowsScanned()), Console.count(c.mismatches()),
                fixed(c.seconds(), 2));
        }
        reconciles.print(out, "  ");
        out.println();
        for (Report.RolloutResult ro : r.rollouts()) {
            out.println("  canary autopilot, " + ro.migration() + ": " + ro.state() + " (" + ro.message() + ")");
            for (Report.StepResult s : ro.steps()) {
                out.println("    " + (s.stage().equals("SHADOW_READ") ? "SHADOW_READ stage" : "READ_NEW " + s.percent()
                    + " %") + ": " + s.state() + ", " + s.checks() + " check" + (s.checks() == 1 ? "" : "s"));
                for (String g : s.gates()) {
                    out.println("      " + g);
                }
            }
            out.println();
        }
        TextTable scenarios = TextTable.numeric("scenario", "final phase", "steps", "statements", "failed",
            "mismatches (last reconcile)");
        for (Report.ScenarioResult sc : r.scenarios()) {
            scenarios.row(sc.migration(), sc.finalPhase(), String.valueOf(sc.steps()), Console.count(sc.statements()),
                Console.count(sc.errors()), Console.count(sc.remainingMismatches()));
        }
        scenarios.print(out, "  ");
        out.println();
        TextTable tables = TextTable.numeric("writes per table", "acknowledged", "lost");
        for (Report.TableWrites t : r.tables()) {
            tables.row(t.table(), Console.count(t.acknowledged()), Console.count(t.lost()));
        }
        tables.print(out, "  ");
        out.println();
        TextTable totals = TextTable.numeric("totals", "");
        totals.row("application statements", Console.count(r.statements()))
            .row("failed statements", Console.count(r.errors()))
            .row("shadow reads compared / differed", Console.count(r.shadowComparisons()) + " / "
                + Console.count(r.shadowMismatches()))
            .row("mismatches after the final reconciles", Console.count(r.remainingMismatches()))
            .row("acknowledged writes / lost", Console.count(r.acknowledgedWrites()) + " / "
                + Console.count(r.lostWrites()))
            .row("seeded rows changed", Console.count(r.damagedRows()))
            .row("total time", fixed(r.totalMillis() / 1000.0, 1) + " s");
        totals.print(out, "  ");
        for (String s : r.notes()) {
            out.println("  note: " + s);
        }
        for (String s : r.lostSample()) {
            out.println("  lost: " + s);
        }
        for (String s : r.errorSample()) {
            out.println("  error: " + s);
        }
        out.flush();
    }

    private static String fixed(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
