package dev.tandem.driver.stub;

import dev.tandem.driver.internal.config.ConfigSnapshot;
import dev.tandem.driver.internal.jdbc.Planner;
import dev.tandem.driver.internal.plan.Plan;
import dev.tandem.driver.internal.rewrite.ResultShape;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A planner without a parser, for wrapper tests: passthrough plans unless a rule for the exact SQL
 * text was registered; the config version is whatever the test sets. Records every plan
 * request and every shadow comparison.
 */
public class FakePlanner implements Planner {
    /** Builds the plan for one SQL text under one config version. */
    @FunctionalInterface
    public interface Rule {
        Plan plan(String sql, long version) throws SQLException;
    }

    /** One plan() call. */
    public record Planned(String sql, long version) {
    }

    /** One recordShadow() call. */
    public record Shadow(ResultShape.ShadowCheck check, boolean match, String rowKey, Object oldValue,
                         Object newValue) {
    }

    private final AtomicLong version = new AtomicLong(1);
    private final Map<Long, ConfigSnapshot> snapshots = new HashMap<>();
    private final Map<String, Rule> rules = new HashMap<>();
    private final List<Planned> planned = Collections.synchronizedList(new ArrayList<>());
    private final List<Shadow> shadows = Collections.synchronizedList(new ArrayList<>());

    /** Plans {@code sql} with {@code rule} instead of passing it through. */
    public FakePlanner rule(String sql, Rule rule) {
        rules.put(sql, rule);
        return this;
    }

    /** Rewrites {@code sql} to {@code rewritten} with the given parameter map (null: identity). */
    public FakePlanner rewrite(String sql, String rewritten, int[][] parameterMap) {
        return rule(sql, (s, v) -> Plan.rewritten(rewritten, v, parameterMap, null, true));
    }

    /** Rewrites {@code sql} to {@code rewritten}, a query with the given result shape. */
    public FakePlanner shape(String sql, String rewritten, ResultShape shape) {
        return rule(sql, (s, v) -> Plan.rewritten(rewritten, v, null, shape, false));
    }

    public void setVersion(long v) {
        version.set(v);
    }

    public long version() {
        return version.get();
    }

    public List<Planned> planned() {
        return planned;
    }

    public List<Shadow> shadows() {
        return shadows;
    }

    @Override
    public synchronized ConfigSnapshot snapshot() {
        return snapshots.computeIfAbsent(version.get(), v -> new ConfigSnapshot(v, List.of(), "fake", Instant.EPOCH));
    }

    @Override
    public Plan plan(String sql, ConfigSnapshot snapshot, Connection physical) throws SQLException {
        planned.add(new Planned(sql, snapshot.version()));
        Rule rule = rules.get(sql);
        return rule == null ? Plan.passthrough(sql, snapshot.version()) : rule.plan(sql, snapshot.version());
    }

    @Override
    public void recordShadow(ResultShape.ShadowCheck check, boolean match, String rowKey, Object oldValue,
                             Object newValue) {
        shadows.add(new Shadow(check, match, rowKey, oldValue, newValue));
    }
}
