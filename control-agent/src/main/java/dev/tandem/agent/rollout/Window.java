package dev.tandem.agent.rollout;

import dev.tandem.agent.store.RolloutStore.Reported;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet's figures for one migration between a baseline and now: each live instance's delta between
 * two of its reports, summed per side, and the reasons data is missing. An instance with no readable
 * report, a stale one, counters that went backwards, or a restart (a new epoch: its next report is its new
 * baseline) adds a reason instead of figures; an instance that stopped being live since the baseline adds one
 * too, once. Missing data holds a step: it never passes a gate.
 */
final class Window {
    final Figures oldSide;
    final Figures newSide;
    final List<String> missing;
    /** The baseline for the next window: unchanged for instances that gave a delta, renewed for the others. */
    final Map<String, Report> nextBaseline;
    final int instances;

    private Window(Figures oldSide, Figures newSide, List<String> missing, Map<String, Report> nextBaseline,
                   int instances) {
        this.oldSide = oldSide;
        this.newSide = newSide;
        this.missing = missing;
        this.nextBaseline = nextBaseline;
        this.instances = instances;
    }

    /** Every live instance's parseable, fresh report, by instance id: a baseline. */
    static Map<String, Report> baseline(List<Reported> fleet, long staleAfterMs) {
        Map<String, Report> out = new HashMap<>();
        for (Reported r : fleet) {
            Report parsed = r.live() && r.reportAgeMs() <= staleAfterMs ? Report.parse(r.stats()) : null;
            if (parsed != null) {
                out.put(r.instanceId(), parsed);
            }
        }
        return out;
    }

    /**
     * The window from {@code baseline} to {@code fleet} for {@code migration}; a report older than
     * {@code staleAfterMs} counts as missing.
     */
    static Window of(String migration, Map<String, Report> baseline, List<Reported> fleet, long staleAfterMs) {
        Figures oldSide = Figures.ZERO;
        Figures newSide = Figures.ZERO;
        List<String> missing = new ArrayList<>();
        Map<String, Report> next = new HashMap<>();
        int counted = 0;
        for (Reported r : fleet) {
            String id = r.instanceId();
            Report before = baseline.get(id);
            if (!r.live()) {
                if (before != null) {
                    missing.add("instance " + id + " stopped heartbeating (past its lease) during the window");
                }
                continue;
            }
            if (r.stats() == null) {
                missing.add("instance " + id + " has reported no figures (a driver older than layout 3, or its role "
                    + "lacks EXECUTE on the report routine)");
                continue;
            }
            if (r.reportAgeMs() > staleAfterMs) {
                missing.add("instance " + id + " has not reported for " + r.reportAgeMs() + " ms (paused or hung?)");
                if (before != null) {
                    next.put(id, before);
                }
                continue;
            }
            Report now = Report.parse(r.stats());
            if (now == null) {
                missing.add("instance " + id + " reported figures that cannot be read");
                continue;
            }
            if (before == null || !before.epoch().equals(now.epoch())) {
                missing.add("instance " + id + (before == null ? " has no baseline yet" : " restarted (its counters "
                    + "began again)") + "; its next report is compared with this one");
                next.put(id, now);
                continue;
            }
            Figures[] a = before.of(migration);
            Figures[] b = now.of(migration);
            Figures dOld = b[0].minus(a[0]);
            Figures dNew = b[1].minus(a[1]);
            if (dOld == null || dNew == null) {
                missing.add("instance " + id + " reported counters lower than before without a restart; its figures "
                    + "are not trusted");
                next.put(id, now);
                continue;
            }
            oldSide = oldSide.plus(dOld);
            newSide = newSide.plus(dNew);
            next.put(id, before);
            counted++;
        }
        return new Window(oldSide, newSide, List.copyOf(missing), next, counted);
    }
}
