package dev.tandem.agent.demo;

import dev.tandem.agent.JobState;

import java.util.List;
import java.util.Locale;

/** The HTML tables of report.html. */
final class Tables {
    private Tables() {
    }

    static void steps(StringBuilder h, List<Report.PhaseResult> phases) {
        h.append("<h2>Steps</h2>\n<table>\n<tr><th>step</th><th>time s</th><th>statements</th><th>per s</th>"
            + "<th>errors</th><th>p50 ms</th><th>p99 ms</th><th>max ms</th><th>shadow compared</th>"
            + "<th>shadow differed</th></tr>\n");
        for (Report.PhaseResult p : phases) {
            boolean shadow = p.shadowComparisons() > 0;
            h.append("<tr").append("job".equals(p.kind()) ? " class=\"job\"" : "").append(">");
            cell(h, p.label(), false);
            cell(h, fixed(p.seconds(), 1), false);
            cell(h, Console.count(p.statements()), false);
            cell(h, Console.count(Math.round(p.statementsPerSecond())), false);
            cell(h, Console.count(p.errors()), p.errors() > 0);
            cell(h, Console.ms(p.p50Ms()), false);
            cell(h, Console.ms(p.p99Ms()), false);
            cell(h, Console.ms(p.maxMs()), false);
            cell(h, shadow ? Console.count(p.shadowComparisons()) : "-", false);
            cell(h, shadow ? Console.count(p.shadowMismatches()) : "-", p.shadowMismatches() > 0);
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    static void scenarios(StringBuilder h, Report r) {
        h.append("<h2>Scenarios</h2>\n<table>\n<tr><th>migration</th><th class=\"t\">final phase</th><th>steps</th>"
            + "<th>statements</th><th>failed</th><th>mismatches (last reconcile)</th></tr>\n");
        for (Report.ScenarioResult s : r.scenarios()) {
            h.append("<tr>");
            cell(h, s.migration(), false);
            text(h, s.finalPhase(), false);
            cell(h, String.valueOf(s.steps()), false);
            cell(h, Console.count(s.statements()), false);
            cell(h, Console.count(s.errors()), s.errors() > 0);
            cell(h, Console.count(s.remainingMismatches()), s.remainingMismatches() > 0);
            h.append("</tr>\n");
        }
        h.append("</table>\n<h2>Writes per table</h2>\n<table>\n<tr><th>table</th><th>acknowledged</th>"
            + "<th>lost</th></tr>\n");
        for (Report.TableWrites t : r.tables()) {
            h.append("<tr>");
            cell(h, t.table(), false);
            cell(h, Console.count(t.acknowledged()), false);
            cell(h, Console.count(t.lost()), t.lost() > 0);
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    static void backfills(StringBuilder h, List<Report.JobResult> jobs) {
        h.append("<h2>Backfills</h2>\n<table>\n<tr><th>job</th><th class=\"t\">state</th><th>rows scanned</th>"
            + "<th>rows changed</th><th>chunks</th><th>time s</th><th>rows/s</th><th>longest chunk ms</th></tr>\n");
        for (Report.JobResult j : jobs) {
            h.append("<tr>");
            cell(h, j.label(), false);
            text(h, j.state(), !JobState.DONE.is(j.state()));
            cell(h, Console.count(j.rowsScanned()), false);
            cell(h, Console.count(j.rowsChanged()), false);
            cell(h, Console.count(j.chunks()), false);
            cell(h, fixed(j.seconds(), 2), false);
            cell(h, Console.count(Math.round(j.rowsPerSecond())), false);
            cell(h, Console.count(j.maxChunkMillis()), false);
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    static void reconciles(StringBuilder h, List<Report.ReconcileResult> reconciles) {
        h.append("<h2>Reconciles</h2>\n<table>\n<tr><th>reconcile</th><th class=\"t\">phase</th><th>rows compared</th>"
            + "<th>mismatches</th><th>time s</th><th class=\"t\">sample keys</th></tr>\n");
        for (Report.ReconcileResult c : reconciles) {
            h.append("<tr>");
            cell(h, c.label(), false);
            text(h, c.phase(), false);
            cell(h, Console.count(c.rowsScanned()), false);
            cell(h, Console.count(c.mismatches()), c.mismatches() > 0);
            cell(h, fixed(c.seconds(), 2), false);
            text(h, c.sample().isEmpty() ? "-" : String.join(", ", c.sample()), false);
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    static void transitions(StringBuilder h, List<Report.TransitionResult> transitions) {
        h.append("<h2>Phase changes and barriers</h2>\n<table>\n<tr><th>migration</th><th class=\"t\">from</th>"
            + "<th class=\"t\">to</th><th>config version</th><th class=\"t\">barrier</th><th>live instances</th>"
            + "<th>took ms</th><th class=\"t\">note</th></tr>\n");
        for (Report.TransitionResult t : transitions) {
            h.append("<tr>");
            cell(h, t.migration(), false);
            text(h, t.from(), false);
            text(h, t.to(), false);
            cell(h, "v" + t.version(), false);
            text(h, t.barrierComplete() ? "complete" : "lagging: " + String.join(", ", t.lagging()),
                !t.barrierComplete());
            cell(h, String.valueOf(t.liveInstances()), false);
            cell(h, Console.count(t.millis()), false);
            h.append("<td class=\"t wrap\">").append(Html.escape(t.note() == null ? "" : t.note())).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    static void rollouts(StringBuilder h, List<Report.RolloutResult> rollouts) {
        if (rollouts.isEmpty()) {
            return;
        }
        h.append("<h2>Canary autopilot</h2>\n<table>\n<tr><th>migration</th><th class=\"t\">step</th>"
            + "<th class=\"t\">state</th><th>checks</th><th class=\"t\">gates of the last check</th></tr>\n");
        for (Report.RolloutResult r : rollouts) {
            for (Report.StepResult s : r.steps()) {
                h.append("<tr>");
                cell(h, r.migration(), false);
                String step = s.stage().equals("SHADOW_READ") ? "SHADOW_READ stage" : "READ_NEW " + s.percent() + " %";
                text(h, step, false);
                text(h, s.state(), s.state().equals("FAILED"));
                cell(h, String.valueOf(s.checks()), false);
                h.append("<td class=\"t wrap\">").append(Html.escape(String.join("; ", s.gates()))).append("</td>");
                h.append("</tr>\n");
            }
            h.append("<tr>");
            cell(h, r.migration(), false);
            text(h, "result", false);
            text(h, r.state(), !r.state().equals("SUCCEEDED"));
            cell(h, "", false);
            h.append("<td class=\"t wrap\">").append(Html.escape(String.valueOf(r.message()))).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void cell(StringBuilder h, String value, boolean bad) {
        h.append(bad ? "<td class=\"bad\">" : "<td>").append(Html.escape(value)).append("</td>");
    }

    /** A left-aligned cell, for words rather than numbers. */
    private static void text(StringBuilder h, String value, boolean bad) {
        h.append(bad ? "<td class=\"t bad\">" : "<td class=\"t\">").append(Html.escape(value)).append("</td>");
    }

    private static String fixed(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
