package dev.tandem.agent.phase;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.Views.ReloadView;
import dev.tandem.agent.Views.TransitionView;
import dev.tandem.agent.store.ControlStore;
import dev.tandem.agent.store.ControlStore.MigrationRow;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;
import dev.tandem.driver.spec.SpecException;
import dev.tandem.driver.spec.SpecParser;
import dev.tandem.driver.spec.SpecWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Publishing the migration file. Everything is checked before anything changes: the file must validate,
 * a migration's columns and expressions may change only while it is in EXPAND, a migration may leave the
 * file only in EXPAND or COMPLETE, every phase change must pass the same guards as the phase command, expressions
 * may call only the dialect's allowed functions (plus the agent config's {@code spec.allowedFunctions}), and the
 * tables and columns must exist as the migration's phase needs them ({@link SchemaCheck}).
 */
public final class Reload {
    private final ControlStore store;
    private final Guards guards;
    private final Path file;
    private final Set<String> functions;
    /** Migrations whose canary rollout is running: the autopilot owns their readNewPercent. */
    private final java.util.function.Supplier<Set<String>> ramping;

    public Reload(ControlStore store, Guards guards, Path file) {
        this(store, guards, file, List.of());
    }

    /** {@code extraFunctions}: lower-case function names allowed in expressions besides the dialect's defaults. */
    public Reload(ControlStore store, Guards guards, Path file, List<String> extraFunctions) {
        this(store, guards, file, extraFunctions, Set::of);
    }

    /**
     * {@code ramping}: ids of migrations with a running canary rollout, whose published readNewPercent a reload
     * keeps (the file's value would jump the ramp).
     */
    public Reload(ControlStore store, Guards guards, Path file, List<String> extraFunctions,
                  java.util.function.Supplier<Set<String>> ramping) {
        this.ramping = ramping;
        this.store = store;
        this.guards = guards;
        this.file = file;
        Set<String> all = new TreeSet<>(store.dialect().specFunctions());
        all.addAll(extraFunctions);
        this.functions = Collections.unmodifiableSet(all);
    }

    public ReloadView run(String actor, Agent agent) {
        if (file == null) {
            throw new AgentException(AgentException.Kind.INVALID, "No migration file configured: set 'migrations' in "
                + "the agent config or pass --migrations");
        }
        List<Migration> specs;
        try {
            specs = SpecParser.parse(Files.readString(file), file.toString(), functions);
        } catch (SpecException e) {
            throw new AgentException(AgentException.Kind.INVALID, e.getMessage(), e);
        } catch (IOException e) {
            throw new AgentException(AgentException.Kind.INVALID, "Cannot read the migration file " + file + ": " + e);
        }
        Map<String, MigrationRow> rows = new LinkedHashMap<>();
        for (MigrationRow r : store.migrations()) {
            rows.put(r.migration().id(), r);
        }
        List<String> problems = new ArrayList<>();
        List<Migration> added = new ArrayList<>();
        List<Migration> changed = new ArrayList<>();
        List<Migration> phaseChanges = new ArrayList<>();
        problems.addAll(schemaProblems(specs, rows));
        for (Migration m : specs) { // the canary autopilot's overrides: the agent's settings with them must hold
            List<String> bad = new ArrayList<>();
            agent.config().rollout().overriddenBy(m.rollout(), "rollout", bad);
            bad.forEach(p -> problems.add("migration '" + m.id() + "': " + p));
        }
        Set<String> ramped = ramping.get();
        for (Migration listed : specs) {
            MigrationRow published = rows.get(listed.id());
            Migration spec = published != null && ramped.contains(listed.id())
                ? PhaseService.withReadNewPercent(listed, published.migration().readNewPercent()) : listed;
            MigrationRow row = rows.remove(spec.id());
            if (row == null) {
                added.add(spec.withPhase(Phase.EXPAND));
                if (spec.phase() != Phase.EXPAND) {
                    if (spec.phase() != Phase.DUAL_WRITE) {
                        problems.add("migration '" + spec.id() + "': field 'phase': a new migration starts in EXPAND "
                            + "and may only go on to DUAL_WRITE, not " + spec.phase());
                    }
                    phaseChanges.add(spec);
                }
                continue;
            }
            Migration current = row.migration();
            if (!sameShape(current, spec)) {
                if (current.phase() != Phase.EXPAND) {
                    problems.add("migration '" + spec.id() + "': field 'columns'/'table'/'key' changed while the migration "
                        + "is in " + current.phase() + "; only EXPAND allows that (roll it back to EXPAND first)");
                    continue;
                }
                changed.add(spec.withPhase(current.phase()));
            } else if (current.readNewPercent() != spec.readNewPercent()
                || current.shadowReadPercent() != spec.shadowReadPercent()
                || !current.rollout().equals(spec.rollout())) {
                changed.add(spec.withPhase(current.phase()));
            }
            // The file asks for a phase change only if its phase differs from what it said when last published;
            // otherwise a phase moved since with 'phase' or the API would be undone by an unrelated edit.
            Phase lastFile = row.filePhase() != null ? row.filePhase() : current.phase();
            if (spec.phase() != lastFile && spec.phase() != current.phase()) {
                phaseChanges.add(spec);
                try {
                    guards.checkStructure(current, current.phase(), spec.phase());
                    List<String> unmet = guards.unmet(row, spec.phase());
                    if (!unmet.isEmpty()) {
                        problems.add("migration '" + spec.id() + "': field 'phase' " + current.phase() + " -> "
                            + spec.phase() + ": " + String.join("; ", unmet));
                    }
                } catch (AgentException e) {
                    problems.add("migration '" + spec.id() + "': field 'phase': " + e.getMessage());
                }
            }
        }
        for (MigrationRow gone : rows.values()) {
            Phase p = gone.migration().phase();
            if (p != Phase.EXPAND && p != Phase.COMPLETE) {
                problems.add("migration '" + gone.migration().id() + "' is missing from the file while in " + p
                    + "; drivers would stop rewriting mid-migration. Roll it back to EXPAND (or finish it) first");
            }
        }
        if (!problems.isEmpty()) {
            throw new AgentException(AgentException.Kind.REFUSED, "Rejected " + file + "; the running configuration "
                + "is unchanged:\n  - " + String.join("\n  - ", problems));
        }
        long version = store.version();
        boolean contentChanged = !added.isEmpty() || !changed.isEmpty() || !rows.isEmpty();
        long published = store.inTransaction(c -> {
            long v = -1;
            if (contentChanged) {
                v = store.bump(c);
                for (Migration m : added) {
                    store.insertMigration(c, m, v, actor);
                }
                for (Migration m : changed) {
                    store.updateMigration(c, m, v, actor, null);
                }
                for (MigrationRow gone : rows.values()) {
                    store.deleteMigration(c, gone.migration().id());
                }
                store.audit(c, null, null, null, v, actor, null, false, "reload", "added " + ids(added) + ", changed "
                    + ids(changed) + ", removed " + rows.keySet());
            }
            for (Migration spec : specs) {
                store.setFilePhase(c, spec.id(), spec.phase());
            }
            return v;
        });
        if (published >= 0) {
            version = published;
        }
        List<TransitionView> transitions = new ArrayList<>();
        for (Migration m : phaseChanges) {
            transitions.add(agent.phase(m.id(), m.phase(), false, "config reload", actor));
            version = transitions.get(transitions.size() - 1).version();
        }
        return new ReloadView(version, ids(added), ids(changed), new ArrayList<>(rows.keySet()), transitions);
    }

    /**
     * Each spec against the live schema, in the phase it is in (EXPAND if new) and, if the file moves it, the
     * phase it asks for.
     */
    private List<String> schemaProblems(List<Migration> specs, Map<String, MigrationRow> rows) {
        SchemaCheck check = new SchemaCheck(store.dialect());
        List<String> out = new ArrayList<>();
        try (Connection c = store.db().open()) {
            for (Migration spec : specs) {
                MigrationRow row = rows.get(spec.id());
                Phase from = row == null ? Phase.EXPAND : row.migration().phase();
                Phase lastFile = row == null || row.filePhase() == null ? from : row.filePhase();
                Phase to = row != null && spec.phase() != lastFile ? spec.phase() : from;
                out.addAll(check.problems(spec, from, to, c));
            }
        } catch (SQLException e) {
            throw ControlStore.failed("read the tables the migration file names", e);
        }
        return out;
    }

    /** Same table, key, columns and expressions (phase and percents aside). */
    private static boolean sameShape(Migration a, Migration b) {
        Migration x = a.withPhase(Phase.EXPAND).withPercents(0, 0).withRollout(Map.of());
        Migration y = b.withPhase(Phase.EXPAND).withPercents(0, 0).withRollout(Map.of());
        return SpecWriter.toYaml(x).equals(SpecWriter.toYaml(y));
    }

    private static List<String> ids(List<Migration> ms) {
        return ms.stream().map(Migration::id).toList();
    }
}
