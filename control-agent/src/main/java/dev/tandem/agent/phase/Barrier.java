package dev.tandem.agent.phase;

import dev.tandem.agent.Views.BarrierView;
import dev.tandem.agent.Views.InstanceView;
import dev.tandem.agent.store.ControlStore;

import java.time.Duration;
import java.util.List;

/**
 * The fleet-wide barrier: a config version is in force everywhere once no live instance (heartbeat
 * within its own lease) reports an older one. An instance silent for longer than its lease no longer
 * holds the barrier; its driver refuses writes to migrated tables until it refreshes.
 */
public final class Barrier {
    private final ControlStore store;

    public Barrier(ControlStore store) {
        this.store = store;
    }

    public BarrierView check(long version) {
        return BarrierView.of(version, store.instances(version));
    }

    /** Waits up to {@code timeout} for the barrier at {@code version}; returns the last observation. */
    public BarrierView await(long version, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        BarrierView view = check(version);
        while (!view.complete() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return view;
            }
            view = check(version);
        }
        return view;
    }
}
