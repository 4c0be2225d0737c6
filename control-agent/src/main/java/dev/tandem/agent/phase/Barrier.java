package dev.tandem.agent.phase;

import dev.tandem.agent.Views.BarrierView;
import dev.tandem.agent.Views.InstanceView;
import dev.tandem.agent.store.ControlStore;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The fleet-wide barrier: a config version is in force everywhere once no live instance (heartbeat
 * within its own lease) reports an older one. An instance silent for longer than its lease no longer
 * holds the barrier; its driver refuses writes to migrated tables until it refreshes.
 */
public final class Barrier {
    private final ControlStore store;
    private final Timer complete;
    private final Timer incomplete;

    /** A barrier for checks only: its waits are not timed. */
    public Barrier(ControlStore store) {
        this.store = store;
        this.complete = null;
        this.incomplete = null;
    }

    /** A barrier whose waits are timed as {@code tandem.barrier.wait} in {@code registry}. */
    public Barrier(ControlStore store, MeterRegistry registry) {
        this.store = store;
        this.complete = waitTimer(registry, "complete");
        this.incomplete = waitTimer(registry, "incomplete");
    }

    private static Timer waitTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("tandem.barrier.wait").description("Time phase changes waited for the barrier, by "
            + "outcome: complete, or incomplete when the barrier timeout ran out").tag("outcome", outcome)
            .register(registry);
    }

    public BarrierView check(long version) {
        return BarrierView.of(version, store.instances(version));
    }

    /** Waits up to {@code timeout} for the barrier at {@code version}; returns the last observation. */
    public BarrierView await(long version, Duration timeout) {
        long start = System.nanoTime();
        BarrierView view = poll(version, start + timeout.toNanos());
        Timer timer = view.complete() ? complete : incomplete;
        if (timer != null) {
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        return view;
    }

    private BarrierView poll(long version, long deadline) {
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
