package dev.tandem.driver.internal.plan;

import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;

import java.util.Collection;
import java.util.List;

/**
 * Which side of each migration one plan reads: the new columns (through backward) or the old ones. The
 * fleet report counts statements, errors and latency per side, so the agent can compare them during a
 * READ_NEW ramp. Immutable; {@link #NONE} for plans that touch no migration.
 */
public final class Sides {
    public static final Sides NONE = new Sides(new String[0], new boolean[0]);

    private final String[] migrations;
    private final boolean[] newSide;

    private Sides(String[] migrations, boolean[] newSide) {
        this.migrations = migrations;
        this.newSide = newSide;
    }

    /**
     * The sides of a plan on {@code touched}: a sampled migration reads the new side where its bit in
     * {@code mask} is set; otherwise READ_NEW at 100 % (or a write, which reads the new side in READ_NEW),
     * CONTRACT and COMPLETE read the new side, every other phase the old one.
     */
    static Sides of(Collection<Migration> touched, boolean writes, List<Migration> sampled, int mask) {
        if (touched.isEmpty()) {
            return NONE;
        }
        String[] ids = new String[touched.size()];
        boolean[] sides = new boolean[ids.length];
        int i = 0;
        for (Migration m : touched) {
            ids[i] = m.id();
            int bit = sampled.indexOf(m);
            Phase p = m.phase();
            sides[i] = bit >= 0 ? (mask & (1 << bit)) != 0
                : p == Phase.CONTRACT || p == Phase.COMPLETE
                || p == Phase.READ_NEW && (writes || m.readNewPercent() >= 100);
            i++;
        }
        return new Sides(ids, sides);
    }

    public int size() {
        return migrations.length;
    }

    public String migration(int i) {
        return migrations[i];
    }

    /** True if the plan reads migration {@code i}'s new side. */
    public boolean readsNew(int i) {
        return newSide[i];
    }
}
