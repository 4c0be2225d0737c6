package dev.tandem.driver.internal.plan;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Weigher;

/**
 * The planner's caches, bounded both by entries and by an estimate of the bytes they hold: each entry weighs its
 * estimated size, but never less than {@code bytes / entries}, so neither bound can be passed. A flood of distinct
 * texts or shapes evicts the least useful plans; it cannot grow memory.
 */
final class PlanCaches {
    private PlanCaches() {
    }

    static <V> Cache<String, V> bounded(int entries, long bytes, Weigher<String, V> weigher) {
        long floor = Math.max(1, bytes / Math.max(1, entries));
        // Caffeine's upkeep (eviction, draining its access buffers) runs on the calling thread: by default each
        // new plan schedules it on the common ForkJoinPool, and waking a pool thread (a futex call) cost about
        // as much as the rest of a cold statement after the parse.
        return Caffeine.newBuilder()
            .maximumWeight(Math.max(bytes, floor))
            .weigher((String k, V v) -> (int) Math.min(Integer.MAX_VALUE, Math.max(floor, weigher.weigh(k, v))))
            .executor(Runnable::run)
            .build();
    }

    /** An estimate, in bytes, of a text cache entry: the key and the plan's text, twice, plus object overhead. */
    static int weigh(String sql, PlanSet set) {
        Plan base = set.isRefusal() ? null : set.base();
        int planned = base == null || base.sql() == sql ? 0 : base.sql().length();
        for (Step s : base == null ? java.util.List.<Step>of() : base.steps()) {
            planned += s.sql().length() + 64;
        }
        return 256 + 2 * sql.length() + 2 * planned;
    }
}
