package dev.tandem.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The canary autopilot's settings (agent.yaml {@code rollout:}): the READ_NEW steps, how long each is held
 * before its gates are checked, the gates' thresholds, and how many failed checks roll a step back.
 *
 * @param steps                 readNewPercent values walked in order, strictly increasing, ending at 100
 * @param intervalSeconds       how long a step runs before a check (the analysis interval)
 * @param failuresBeforeRollback failed checks of one step that roll it back
 * @param maxMismatches         shadow mismatches a check tolerates (0: any mismatch fails)
 * @param maxErrorRatePoints    how many percentage points the new side's error rate may exceed the old side's
 * @param maxLatencyRatio       how many times the old side's p99 latency the new side's p99 may be
 * @param latencyFloorMillis    a new-side p99 at or under this always passes the latency gate (bucket noise)
 * @param minStatements         statements on the new side (comparisons, in SHADOW_READ) before a check may pass
 */
public record RolloutOptions(List<Integer> steps, long intervalSeconds, int failuresBeforeRollback,
                             long maxMismatches, double maxErrorRatePoints, double maxLatencyRatio,
                             long latencyFloorMillis, long minStatements) {
    private static final Set<String> KEYS = Set.of("steps", "intervalSeconds", "failuresBeforeRollback", "gates");
    private static final Set<String> GATE_KEYS = Set.of("maxMismatches", "maxErrorRatePoints", "maxLatencyRatio",
        "latencyFloorMillis", "minStatements");

    public RolloutOptions {
        steps = List.copyOf(steps);
    }

    public static RolloutOptions defaults() {
        return new RolloutOptions(List.of(1, 5, 10, 25, 50, 100), 300, 2, 0, 1.0, 1.5, 5, 100);
    }

    public RolloutOptions withSteps(List<Integer> s) {
        return new RolloutOptions(s, intervalSeconds, failuresBeforeRollback, maxMismatches, maxErrorRatePoints,
            maxLatencyRatio, latencyFloorMillis, minStatements);
    }

    public RolloutOptions withIntervalSeconds(long v) {
        return new RolloutOptions(steps, v, failuresBeforeRollback, maxMismatches, maxErrorRatePoints,
            maxLatencyRatio, latencyFloorMillis, minStatements);
    }

    public RolloutOptions withMinStatements(long v) {
        return new RolloutOptions(steps, intervalSeconds, failuresBeforeRollback, maxMismatches, maxErrorRatePoints,
            maxLatencyRatio, latencyFloorMillis, v);
    }

    public RolloutOptions withLatencyFloorMillis(long v) {
        return new RolloutOptions(steps, intervalSeconds, failuresBeforeRollback, maxMismatches, maxErrorRatePoints,
            maxLatencyRatio, v, minStatements);
    }

    public RolloutOptions withFailuresBeforeRollback(int v) {
        return new RolloutOptions(steps, intervalSeconds, v, maxMismatches, maxErrorRatePoints, maxLatencyRatio,
            latencyFloorMillis, minStatements);
    }

    /** Problems with {@code steps} (empty when they are usable), each naming {@code field}. */
    public static List<String> stepProblems(List<Integer> steps, String field) {
        List<String> out = new ArrayList<>();
        if (steps.isEmpty()) {
            out.add("field '" + field + "' must list at least one percentage");
            return out;
        }
        int last = 0;
        for (int s : steps) {
            if (s <= last || s > 100) {
                out.add("field '" + field + "' must be strictly increasing percentages from 1 to 100, got " + steps);
                return out;
            }
            last = s;
        }
        if (last != 100) {
            out.add("field '" + field + "' must end at 100, got " + steps);
        }
        return out;
    }

    /** Reads the {@code rollout:} mapping ({@code node} null or empty: the defaults), adding to {@code problems}. */
    static RolloutOptions load(Map<?, ?> node, String path, List<String> problems) {
        return defaults().overriddenBy(node, path, problems);
    }

    /**
     * These settings with the fields {@code node} gives (a migration's {@code rollout:} in the spec, or the agent
     * config's) in their place; every bad field is added to {@code problems}, named under {@code path}.
     */
    public RolloutOptions overriddenBy(Map<?, ?> node, String path, List<String> problems) {
        RolloutOptions d = this;
        if (node == null || node.isEmpty()) {
            return d;
        }
        unknown(node, KEYS, path, problems);
        List<Integer> steps = d.steps();
        Object raw = node.get("steps");
        if (raw != null) {
            List<Integer> parsed = new ArrayList<>();
            if (raw instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Integer i) {
                        parsed.add(i);
                    } else {
                        problems.add("field '" + path + ".steps' must list whole percentages, got '" + o + "'");
                    }
                }
                problems.addAll(stepProblems(parsed, path + ".steps"));
                steps = parsed;
            } else {
                problems.add("field '" + path + ".steps' must be a list of percentages");
            }
        }
        Object g = node.get("gates");
        Map<?, ?> gates = g instanceof Map<?, ?> m ? m : Map.of();
        if (g != null && !(g instanceof Map)) {
            problems.add("field '" + path + ".gates' must be a mapping");
        }
        unknown(gates, GATE_KEYS, path + ".gates", problems);
        String gp = path + ".gates";
        return new RolloutOptions(steps,
            (long) number(node, "intervalSeconds", d.intervalSeconds(), 1, 86_400, path, problems),
            (int) number(node, "failuresBeforeRollback", d.failuresBeforeRollback(), 1, 100, path, problems),
            (long) number(gates, "maxMismatches", d.maxMismatches(), 0, 1e12, gp, problems),
            number(gates, "maxErrorRatePoints", d.maxErrorRatePoints(), 0, 100, gp, problems),
            number(gates, "maxLatencyRatio", d.maxLatencyRatio(), 1, 1000, gp, problems),
            (long) number(gates, "latencyFloorMillis", d.latencyFloorMillis(), 0, 600_000, gp, problems),
            (long) number(gates, "minStatements", d.minStatements(), 0, 1e12, gp, problems));
    }

    private static void unknown(Map<?, ?> node, Set<String> known, String path, List<String> problems) {
        for (Object k : node.keySet()) {
            if (!known.contains(String.valueOf(k))) {
                problems.add("unknown field '" + path + "." + k + "'; known fields: " + new TreeSet<>(known));
            }
        }
    }

    private static double number(Map<?, ?> node, String key, double dflt, double min, double max, String path,
                                 List<String> problems) {
        Object v = node.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number n) || Double.isNaN(n.doubleValue()) || n.doubleValue() < min
            || n.doubleValue() > max) {
            problems.add("field '" + path + "." + key + "' must be a number from " + fmt(min) + " to " + fmt(max)
                + ", got '" + v + "'");
            return dflt;
        }
        return n.doubleValue();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
