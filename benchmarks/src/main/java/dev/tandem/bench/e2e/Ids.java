package dev.tandem.bench.e2e;

import java.util.SplittableRandom;

/**
 * Primary keys for one benchmark thread: random existing rows for reads and updates, and fresh keys from
 * the thread's own range for inserts, so threads never collide and never contend for a shared counter.
 */
final class Ids {
    private static final long RANGE = 1_000_000_000L;

    private final SplittableRandom random;
    private final int existingRows;
    private long next;

    Ids(int thread, int existingRows) {
        this.random = new SplittableRandom(thread * 7919L + 17);
        this.existingRows = existingRows;
        this.next = (thread + 1) * RANGE;
    }

    /** A key of a seeded row. */
    long existing() {
        return 1 + random.nextInt(existingRows);
    }

    /** A key no row has yet. */
    long fresh() {
        return next++;
    }
}
