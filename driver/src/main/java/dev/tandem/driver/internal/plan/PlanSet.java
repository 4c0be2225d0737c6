package dev.tandem.driver.internal.plan;

import dev.tandem.driver.TandemSQLException;
import dev.tandem.driver.TandemSqlState;
import dev.tandem.driver.spec.Migration;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * What the plan cache holds for one SQL text under one config version: a refusal, or a base plan plus,
 * when the statement touches migrations with a partial shadow/read-new share, one lazily built variant
 * per combination of sampled migrations. One random draw per execution picks the variant.
 */
final class PlanSet {
    private final Plan base;
    private final String refusal;
    private final TandemSqlState refusalState;
    private final List<Migration> sampled;
    private final int[] percents;
    private final AtomicReferenceArray<PlanSet> variants;
    private final IntFunction<PlanSet> build;
    private final List<String> migrations;

    private PlanSet(Plan base, String refusal, TandemSqlState refusalState, List<Migration> sampled,
                    IntFunction<PlanSet> build, List<String> migrations) {
        this.migrations = migrations;
        this.base = base;
        this.refusal = refusal;
        this.refusalState = refusalState;
        this.sampled = sampled;
        this.build = build;
        this.percents = new int[sampled.size()];
        for (int i = 0; i < percents.length; i++) {
            Migration m = sampled.get(i);
            percents[i] = m.phase() == dev.tandem.driver.spec.Phase.SHADOW_READ ? m.shadowReadPercent()
                : m.readNewPercent();
        }
        this.variants = sampled.isEmpty() ? null : new AtomicReferenceArray<>(1 << sampled.size());
        if (variants != null) {
            variants.set(0, of(base, migrations));
        }
    }

    /** A single plan; {@code migrations} are the ids of the migrations the statement touches (meter tags). */
    static PlanSet of(Plan plan, List<String> migrations) {
        return new PlanSet(plan, null, null, List.of(), null, migrations);
    }

    /** A plan whose variants depend on sampling; {@code build} makes the variant for a bit mask. */
    static PlanSet sampled(Plan base, List<String> migrations, List<Migration> sampled, IntFunction<PlanSet> build) {
        return new PlanSet(base, null, null, List.copyOf(sampled), build, migrations);
    }

    static PlanSet refused(String message, TandemSqlState state, List<String> migrations) {
        return new PlanSet(null, message, state, List.of(), null, migrations);
    }

    /** Ids of the migrations the statement touches. */
    List<String> migrations() {
        return migrations;
    }

    boolean isRefusal() {
        return refusal != null;
    }

    Plan base() {
        return base;
    }

    /** The plan for one execution; throws the cached refusal as a fresh exception. */
    Plan choose() throws TandemSQLException {
        if (refusal != null) {
            throw new TandemSQLException(refusal, refusalState);
        }
        if (variants == null) {
            return base;
        }
        int r = ThreadLocalRandom.current().nextInt(100);
        int mask = 0;
        for (int i = 0; i < percents.length; i++) {
            if (r < percents[i]) {
                mask |= 1 << i;
            }
        }
        PlanSet v = variants.get(mask);
        if (v == null) {
            v = build.apply(mask);
            variants.compareAndSet(mask, null, v);
        }
        return v.choose();
    }

    /** The sampled migrations, in bit order. */
    List<Migration> sampledMigrations() {
        return sampled;
    }
}
