package dev.tandem.driver.internal.plan;

import com.github.benmanes.caffeine.cache.Cache;
import dev.tandem.driver.TandemSQLException;
import dev.tandem.driver.internal.metrics.TandemMetrics;
import dev.tandem.driver.internal.text.Shape;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plans by statement {@link Shape}: texts that differ only in literal values share one plan, made once from the
 * shape's marker text (each literal replaced by a marker literal of its kind) and verified once. A text of a
 * known shape then costs one lexical pass and a splice of its own literal tokens into the rewritten template;
 * no value is ever rendered from a Java object into SQL. A statement that needs no change goes out as the
 * application's own text.
 *
 * <p>A shape whose marker text is not planned cleanly (it is refused, cannot be parsed with markers, would be
 * sent unchanged because it cannot be rewritten, or its rewritten text uses a literal other than as a whole
 * token, as in a label made from an expression's text) falls back: each of its texts is planned on its own, so
 * refusals and messages are exactly those of the text.
 */
final class ShapePlans {
    /** Thrown while planning a marker text: the shape falls back to planning each text. */
    static final class Fallback extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Fallback() {
            super(null, null, false, false);
        }
    }

    /** What the shape cache holds for one shape: its plans and their templates, or the decision to fall back. */
    private static final class Entry {
        final PlanSet set;
        final int slots;
        final String[] markers;
        /** The templates of a plan: its statement's, then each of its steps' ({@link Plan#steps()}). */
        final Map<Plan, ShapeTemplate[]> templates = new ConcurrentHashMap<>();
        final int bytes;

        Entry(PlanSet set, int slots, String[] markers, int bytes) {
            this.set = set;
            this.slots = slots;
            this.markers = markers;
            this.bytes = bytes;
        }
    }

    private static final Entry FALLBACK = new Entry(null, -1, null, 0);

    /** A text planned through its shape, remembered so that the same text again costs no lexical pass. */
    private record Recent(String sql, Plan plan, List<String> migrations) {
    }

    /**
     * The last texts planned through shapes, direct-mapped by hash: a text that repeats (a constant query sent as
     * a Statement) is found here, while single-use texts never touch the bounded text cache. Only plans without
     * sampling are kept (a sampled plan is chosen per execution). Plain array: a slot holds an immutable record,
     * and a lost or stale write only costs a lexical pass.
     */
    private final Recent[] recent = new Recent[256];

    private final StatementPlanner planner;
    private final TandemMetrics metrics;
    private final Cache<String, Entry> cache;

    /** The plan of a text planned through its shape before, or null. Counts the hit. */
    Plan recent(String sql) {
        Recent r = recent[sql.hashCode() & (recent.length - 1)];
        if (r == null || !(r.sql == sql || r.sql.equals(sql))) {
            return null;
        }
        metrics.cacheHit();
        planner.count(r.plan.isRewritten() ? TandemMetrics.Outcome.REWRITTEN : TandemMetrics.Outcome.UNCHANGED,
            r.migrations);
        return r.plan;
    }

    ShapePlans(StatementPlanner planner, int entries, long bytes, TandemMetrics metrics) {
        this.planner = planner;
        this.metrics = metrics;
        this.cache = PlanCaches.bounded(entries, bytes, (key, e) -> 200 + 2 * key.length() + e.bytes);
        metrics.shapeGauge(cache::estimatedSize);
    }

    /**
     * The plan for the text of {@code shape} through its shape, or null when the text must be planned on its own
     * (a text without literals is its own shape: the text cache serves it).
     */
    Plan plan(Shape shape, Connection physical) throws TandemSQLException {
        String sql = shape.sql();
        if (shape.slotCount() == 0 || shape.slotCount() > ShapeTemplate.MAX_SLOTS) {
            return null;
        }
        Entry cached = cache.getIfPresent(shape.key());
        boolean hit = cached != null;
        if (cached == null) {
            metrics.cacheMiss();
            metrics.shapeMiss();
            long start = System.nanoTime();
            cached = build(shape, physical);
            metrics.rewriteNanos(System.nanoTime() - start);
            cache.put(shape.key(), cached);
        }
        Entry e = cached;
        if (e == FALLBACK || e.slots != shape.slotCount()) {
            metrics.shapeFallback();
            return null;
        }
        Plan chosen;
        try {
            chosen = e.set.choose();
        } catch (TandemSQLException | Fallback refusedVariant) {
            metrics.shapeFallback();
            return null;
        }
        Plan plan;
        if (!chosen.isRewritten()) {
            plan = chosen.withSql(sql); // the application's own text, with everything else the variant's
        } else {
            ShapeTemplate[] t = e.templates.computeIfAbsent(chosen, p -> {
                ShapeTemplate[] made = templates(p, e.markers);
                return made == null ? NO_TEMPLATE : made;
            });
            if (t == NO_TEMPLATE) {
                metrics.shapeFallback();
                return null;
            }
            plan = chosen.withSql(t[0].fill(shape));
            if (t.length > 1) {
                List<Step> steps = new java.util.ArrayList<>(t.length - 1);
                for (int i = 1; i < t.length; i++) {
                    steps.add(chosen.steps().get(i - 1).withSql(t[i].fill(shape)));
                }
                plan = plan.withSteps(steps);
            }
        }
        if (hit) {
            metrics.cacheHit();
            metrics.shapeHit();
        }
        if (e.set.sampledMigrations().isEmpty()) {
            recent[sql.hashCode() & (recent.length - 1)] = new Recent(sql, plan, e.set.migrations());
        }
        planner.count(plan.isRewritten() ? TandemMetrics.Outcome.REWRITTEN : TandemMetrics.Outcome.UNCHANGED,
            e.set.migrations());
        return plan;
    }

    private static final ShapeTemplate[] NO_TEMPLATE = new ShapeTemplate[0];

    /** The templates of {@code p}'s statement and of each of its steps, or null when one has none. */
    private ShapeTemplate[] templates(Plan p, String[] markers) {
        ShapeTemplate[] out = new ShapeTemplate[1 + p.steps().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ShapeTemplate.of(i == 0 ? p.sql() : p.steps().get(i - 1).sql(), markers, planner.mysql());
            if (out[i] == null) {
                return null;
            }
        }
        return out;
    }

    private Entry build(Shape shape, Connection physical) {
        String[] markers = ShapeTemplate.markers(shape);
        String text = shape.withMarkers(markers, ShapeTemplate.NONCE);
        if (text == null) {
            return FALLBACK;
        }
        PlanSet set;
        try {
            set = planner.build(text, physical, true);
        } catch (Fallback f) {
            return FALLBACK;
        }
        if (set.isRefusal()) {
            return FALLBACK;
        }
        Plan base = set.base();
        Entry e = new Entry(set, shape.slotCount(), markers, 2 * base.sql().length() + 64 * markers.length);
        if (base.isRewritten()) {
            ShapeTemplate[] t = templates(base, markers);
            if (t == null) {
                return FALLBACK;
            }
            e.templates.put(base, t);
        }
        return e;
    }
}
