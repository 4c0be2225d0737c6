package dev.tandem.agent.rollout;

import dev.tandem.agent.Views.BarrierView;
import dev.tandem.agent.Views.TransitionView;
import dev.tandem.agent.phase.PhaseService;
import dev.tandem.agent.store.ControlStore;
import dev.tandem.agent.store.ControlStore.MigrationRow;
import dev.tandem.agent.store.RolloutStore;
import dev.tandem.agent.store.RolloutStore.Reported;
import dev.tandem.driver.spec.Phase;

import java.util.List;
import java.util.function.Consumer;

/** {@link Moves} on the agent's own services: the phase service (guards, barrier, audit) and the control tables. */
public final class AgentMoves implements Moves {
    private final PhaseService phases;
    private final ControlStore store;
    private final RolloutStore rollouts;
    private final Consumer<RolloutView> save;

    public AgentMoves(PhaseService phases, ControlStore store, RolloutStore rollouts) {
        this(phases, store, rollouts, v -> { });
    }

    private AgentMoves(PhaseService phases, ControlStore store, RolloutStore rollouts, Consumer<RolloutView> save) {
        this.phases = phases;
        this.store = store;
        this.rollouts = rollouts;
        this.save = save;
    }

    AgentMoves withSave(Consumer<RolloutView> s) {
        return new AgentMoves(phases, store, rollouts, s);
    }

    @Override
    public TransitionView phase(String migration, Phase target, Integer readNewPercent, String reason, String actor) {
        // The autopilot never leaves CONTRACT, the one move whose barrier is followed by a reverse backfill.
        return phases.transition(migration, target, readNewPercent, false, reason, actor, row -> { });
    }

    @Override
    public TransitionView percent(String migration, int percent, String reason, String actor) {
        return phases.readNewPercent(migration, percent, reason, actor);
    }

    @Override
    public MigrationRow migration(String migration) {
        return store.migration(migration);
    }

    @Override
    public BarrierView barrier(long version) {
        return phases.barrier(version);
    }

    @Override
    public List<Reported> reports() {
        return rollouts.reports();
    }

    @Override
    public void audit(String migration, Phase phase, String actor, String action, String reason, String detail) {
        store.audit(migration, phase, phase, null, actor, reason, false, action, detail);
    }

    @Override
    public String takeRequest(String migration) {
        return rollouts.takeRequest(migration);
    }

    @Override
    public void touch(String migration) {
        rollouts.touch(migration);
    }

    @Override
    public void save(RolloutView view) {
        save.accept(view);
    }
}
