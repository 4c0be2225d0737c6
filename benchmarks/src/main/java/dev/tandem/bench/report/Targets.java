package dev.tandem.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Issue 5's targets, each with the worst case measured and whether it was met. */
final class Targets {
    /** One target row: what was required, the worst case found, and the verdict. */
    record Row(String target, String worst, String status) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final boolean smoke;

    /** {@code smoke}: a run too short to judge, whose verdicts say so. */
    Targets(boolean smoke) {
        this.smoke = smoke;
    }

    /**
     * Records a target over several cases, met when every case is {@code <= limit} ({@code atMost}) or
     * {@code >= limit}. Missed when some case misses by more than its spread (one standard deviation);
     * met when every case meets it by more than its spread; otherwise within the spread. {@code worst} is
     * the least favourable case, shown as {@code shown (where)}.
     */
    void check(String target, List<Measurement> cases, Measurement worst, String shown, String where, double limit,
               boolean atMost) {
        boolean clearMiss = false;
        boolean allClear = true;
        for (Measurement m : cases) {
            double margin = atMost ? limit - m.mean() : m.mean() - limit; // positive: meets the target
            clearMiss |= margin < -m.sd();
            allClear &= margin > m.sd();
        }
        String status = smoke ? "none: smoke run"
            : clearMiss ? "**missed**" : allClear ? "**met**" : "**unresolved**: within the run-to-run spread";
        rows.add(new Row(target, shown + " (" + where + ")", status));
    }

    /**
     * A target judged on a confidence interval: missed when some case's interval lies wholly on the wrong
     * side of the limit, met when every case's interval lies on the right side, unresolved otherwise.
     */
    void interval(String target, String shown, boolean clearMiss, boolean allClear) {
        rows.add(new Row(target, shown, smoke ? "none: smoke run" : clearMiss ? "**missed**" : allClear ? "**met**"
            : "**unresolved**: the 95% interval straddles the limit"));
    }

    /** A target this run's measurements cannot decide, with the reason. */
    void inconclusive(String target, String shown, String why) {
        rows.add(new Row(target, shown, smoke ? "none: smoke run" : "**inconclusive**: " + why));
    }

    /** A target decided by a few whole-operation timings (no spread weighed): met or missed as measured. */
    void single(String target, String shown, boolean met) {
        rows.add(new Row(target, shown, smoke ? "none: smoke run" : met ? "**met**" : "**missed**"));
    }

    /** A target with no result in this run. */
    void notMeasured(String target, String why) {
        rows.add(new Row(target, "–", "not measured: " + why));
    }

    List<Row> rows() {
        return rows;
    }

    static String ns(double v) {
        return String.format(Locale.ROOT, "%s ns", Format.number(v));
    }
}
