package dev.tandem.agent.rollout;

import dev.tandem.agent.RolloutOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gates of one check. {@code fleet}: missing data holds every check. {@code mismatch}: more shadow
 * mismatches than allowed fails. {@code volume}: fewer statements on the new side (comparisons, in the
 * SHADOW_READ stage) than the minimum holds. {@code errors}: the new side's error rate more than the allowed
 * points above the old side's fails. {@code latency}: the new side's p99 above the allowed multiple of the old
 * side's (and above the floor) fails. Where the window's old side is too thin (at 100 %), the old side's figures
 * summed over the rollout so far are the reference.
 */
final class Gates {
    private final RolloutOptions options;

    Gates(RolloutOptions options) {
        this.options = options;
    }

    /** The verdicts on {@code w}; {@code reference} is the old side over the whole rollout so far. */
    List<GateResult> check(Window w, Figures reference, boolean shadowStage) {
        List<GateResult> out = new ArrayList<>();
        if (!w.missing.isEmpty()) {
            out.add(new GateResult("fleet", GateResult.HOLD, Map.of("instancesCounted", w.instances,
                "instancesMissing", w.missing.size()), String.join("; ", w.missing)));
        }
        Figures n = w.newSide;
        out.add(mismatch(n));
        long volume = shadowStage ? n.comparisons() : n.statements();
        String what = shadowStage ? "shadow comparisons" : "statements on the new side";
        if (volume < options.minStatements()) {
            out.add(new GateResult("volume", GateResult.HOLD, Map.of("count", volume, "minimum",
                options.minStatements()), "only " + volume + " " + what + " so far; a step needs "
                + options.minStatements() + " before it may pass"));
            return out;
        }
        out.add(new GateResult("volume", GateResult.PASS, Map.of("count", volume, "minimum", options.minStatements()),
            volume + " " + what));
        if (!shadowStage) {
            Figures old = w.oldSide.statements() >= options.minStatements() ? w.oldSide : reference;
            out.add(errors(n, old));
            out.add(latency(n, old));
        }
        return out;
    }

    private GateResult mismatch(Figures n) {
        Map<String, Object> f = Map.of("comparisons", n.comparisons(), "mismatches", n.mismatches(), "allowed",
            options.maxMismatches());
        if (n.mismatches() > options.maxMismatches()) {
            return new GateResult("mismatch", GateResult.FAIL, f, n.mismatches() + " of " + n.comparisons()
                + " shadow comparisons differed (allowed: " + options.maxMismatches() + ")");
        }
        return new GateResult("mismatch", GateResult.PASS, f, n.mismatches() + " of " + n.comparisons()
            + " shadow comparisons differed");
    }

    private GateResult errors(Figures n, Figures old) {
        double newRate = 100 * n.errorRate();
        double oldRate = 100 * old.errorRate();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("newStatements", n.statements());
        f.put("newErrors", n.errors());
        f.put("newErrorPercent", round(newRate));
        f.put("oldStatements", old.statements());
        f.put("oldErrors", old.errors());
        f.put("oldErrorPercent", round(oldRate));
        f.put("allowedPoints", options.maxErrorRatePoints());
        String figures = "new side " + round(newRate) + " % errors (" + n.errors() + "/" + n.statements()
            + "), old side " + round(oldRate) + " % (" + old.errors() + "/" + old.statements() + ")";
        if (newRate - oldRate > options.maxErrorRatePoints()) {
            return new GateResult("errors", GateResult.FAIL, f, figures + ": more than "
                + options.maxErrorRatePoints() + " points above the old side");
        }
        return new GateResult("errors", GateResult.PASS, f, figures);
    }

    private GateResult latency(Figures n, Figures old) {
        double newP99 = n.p99Millis();
        double oldP99 = old.p99Millis();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("newP99Ms", newP99);
        f.put("oldP99Ms", oldP99);
        f.put("allowedRatio", options.maxLatencyRatio());
        f.put("floorMs", options.latencyFloorMillis());
        double limit = Math.max(options.latencyFloorMillis(), oldP99 < 0 ? 0 : oldP99 * options.maxLatencyRatio());
        String figures = "p99 new side " + newP99 + " ms, old side " + (oldP99 < 0 ? "no data" : oldP99 + " ms")
            + ", limit " + round(limit) + " ms";
        if (newP99 > limit) {
            return new GateResult("latency", GateResult.FAIL, f, figures);
        }
        return new GateResult("latency", GateResult.PASS, f, figures + (oldP99 < 0 ? " (no old-side reference: "
            + "compared with the floor only)" : ""));
    }

    static String verdict(List<GateResult> results) {
        boolean hold = false;
        for (GateResult r : results) {
            if (r.result().equals(GateResult.FAIL)) {
                return GateResult.FAIL;
            }
            hold |= r.result().equals(GateResult.HOLD);
        }
        return hold ? GateResult.HOLD : GateResult.PASS;
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
