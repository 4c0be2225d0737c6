package dev.tandem.agent.rollout;

import java.util.Map;

/**
 * One gate's verdict on one check: {@code result} is PASS, FAIL or HOLD, {@code figures} the numbers it
 * looked at, {@code reason} a sentence saying why. Serialised in {@code GET /rollouts} and the audit table.
 */
public record GateResult(String name, String result, Map<String, Object> figures, String reason) {
    public static final String PASS = "PASS";
    public static final String FAIL = "FAIL";
    public static final String HOLD = "HOLD";

    public GateResult {
        figures = Map.copyOf(figures);
    }

    /** {@code name result: reason}, for the audit reason and the CLI. */
    public String line() {
        return name + " " + result + ": " + reason;
    }
}
