package dev.tandem.driver.spec;

/**
 * Where a migration stands. The old side is the source of truth until {@link #CONTRACT}; from
 * CONTRACT on the new side is. See docs/phases.md for what each phase does to reads and writes.
 */
public enum Phase {
    /** New columns may exist; nothing is rewritten. */
    EXPAND,
    /** Writes set both sides; reads use the old side. */
    DUAL_WRITE,
    /** As DUAL_WRITE; a sample of reads also computes the new side in the same query and compares. */
    SHADOW_READ,
    /** As DUAL_WRITE; {@code readNewPercent} of reads are served from the new side. */
    READ_NEW,
    /** Writes set the new side only; reads use the new side. */
    CONTRACT,
    /** As CONTRACT; the old columns are dropped by the contract DDL. */
    COMPLETE;

    /** True while writes are rewritten to set both sides. */
    public boolean dualWrites() {
        return this == DUAL_WRITE || this == SHADOW_READ || this == READ_NEW;
    }

    /** True once the new side is the source of truth and the old side is no longer written. */
    public boolean newSideIsTruth() {
        return this == CONTRACT || this == COMPLETE;
    }

    /** True if statements on the migrated table may need rewriting in this phase. */
    public boolean rewrites() {
        return this != EXPAND;
    }

    /** Parses a phase name case-insensitively, or returns {@code null}. */
    public static Phase parse(String name) {
        for (Phase p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }
}
