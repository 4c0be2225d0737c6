package dev.tandem.agent.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.RolloutOptions;
import dev.tandem.agent.store.RolloutStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * The agent's rollouts: the ones it runs (at most one per migration), their pause/resume/abort, and every
 * rollout stored in the rollouts table (so a restarted agent, or another agent process, shows them too).
 */
public final class Rollouts {
    private static final System.Logger LOG = System.getLogger(Rollouts.class.getName());
    private static final ObjectMapper JSON = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final RolloutStore store;
    private final Moves moves;
    private final RolloutMeters meters;
    private final Map<String, Autopilot> running = new ConcurrentHashMap<>();

    Rollouts(RolloutStore store, Moves moves, RolloutMeters meters) {
        this.store = store;
        this.moves = moves;
        this.meters = meters;
    }

    /** Rollouts over {@code moves}, which writes each view to {@code store} as its JSON document. */
    public static Rollouts over(RolloutStore store, AgentMoves moves, RolloutMeters meters) {
        return new Rollouts(store, moves.withSave(v -> store.save(v.migration(), v.state(), json(v))), meters);
    }

    /** Runs a rollout in the calling thread, telling {@code listener} about every change; returns the end. */
    public RolloutView run(String migration, RolloutOptions options, boolean shadowFirst, String actor,
                           Consumer<RolloutView> listener) {
        Autopilot a = claim(migration, options, shadowFirst, actor, listener);
        try {
            return a.run();
        } finally {
            running.remove(migration, a);
        }
    }

    /** Starts a rollout on {@code threads} and returns its first view. */
    public RolloutView start(String migration, RolloutOptions options, boolean shadowFirst, String actor,
                             ExecutorService threads) {
        Autopilot a = claim(migration, options, shadowFirst, actor, v -> { });
        try {
            threads.execute(() -> {
                try {
                    a.run();
                } finally {
                    running.remove(migration, a);
                }
            });
        } catch (RuntimeException e) {
            running.remove(migration, a);
            throw e;
        }
        return a.view();
    }

    private Autopilot claim(String migration, RolloutOptions options, boolean shadowFirst, String actor,
                            Consumer<RolloutView> listener) {
        List<String> problems = RolloutOptions.stepProblems(options.steps(), "steps");
        if (!problems.isEmpty()) {
            throw new AgentException(AgentException.Kind.INVALID, String.join("; ", problems));
        }
        Autopilot a = new Autopilot(migration, options, shadowFirst, actor, moves, new Control(), meters, listener);
        if (running.putIfAbsent(migration, a) != null) {
            throw new AgentException(AgentException.Kind.REFUSED, "A rollout of '" + migration + "' is already "
                + "running in this agent; pause, resume or abort it instead");
        }
        try {
            a.prepare();
        } catch (RuntimeException e) {
            running.remove(migration, a);
            throw e;
        }
        return a;
    }

    /** Pauses, resumes or aborts the rollout of {@code migration} this agent runs. */
    public RolloutView control(String migration, String action) {
        if (!action.equals("pause") && !action.equals("resume") && !action.equals("abort")) {
            throw new AgentException(AgentException.Kind.INVALID, "Unknown rollout action '" + action
                + "'; use pause, resume or abort");
        }
        Autopilot a = running.get(migration);
        if (a != null) {
            a.control().apply(action);
            return a.view();
        }
        // Run by another agent process (a foreground 'tandem-agent rollout', or another 'serve'): it polls its row.
        boolean driven = store.all().stream().anyMatch(s -> s.migrationId().equals(migration) && s.active());
        if (!driven || !store.request(migration, action)) {
            throw new AgentException(AgentException.Kind.NOT_FOUND, "No rollout of '" + migration + "' is running "
                + "(see GET /rollouts or 'tandem-agent status')");
        }
        RolloutView stored = list().stream().filter(v -> v.migration().equals(migration)).findFirst()
            .orElseThrow();
        return new RolloutView(stored.migration(), stored.state(), stored.percent(), stored.phase(), stored.steps(),
            stored.failedChecks(), stored.startedAt(), stored.updatedAt(), stored.actor(), action + " requested: the "
            + "agent process that runs the rollout applies it within a second");
    }

    /** Every rollout: those running here as they are now, the others as last stored. */
    public List<RolloutView> list() {
        Map<String, RolloutView> out = new java.util.TreeMap<>();
        for (RolloutStore.Stored s : store.all()) {
            try {
                RolloutView v = JSON.readValue(s.doc(), RolloutView.class);
                if (!v.ended() && !s.active()) {
                    v = new RolloutView(v.migration(), "FAILED", v.percent(), v.phase(), v.steps(), v.failedChecks(),
                        v.startedAt(), v.updatedAt(), v.actor(), "no agent process has driven this rollout for "
                        + s.ageMs() / 1000 + " s (the one running it stopped); the migration stays at "
                        + v.phase() + ", readNewPercent " + v.percent() + ". Start a new rollout to continue");
                }
                out.put(s.migrationId(), v);
            } catch (JsonProcessingException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot read the stored rollout of {0}: {1}", s.migrationId(),
                    e.getOriginalMessage());
            }
        }
        for (Autopilot a : running.values()) {
            RolloutView v = a.view();
            out.put(v.migration(), v);
        }
        return new ArrayList<>(out.values());
    }

    /** Aborts every rollout this agent runs (the agent is closing). */
    public void abortAll() {
        running.values().forEach(a -> a.control().abort());
    }

    static String json(RolloutView v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise the rollout of " + v.migration(), e);
        }
    }
}
