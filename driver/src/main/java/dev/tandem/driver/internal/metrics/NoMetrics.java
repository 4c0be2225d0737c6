package dev.tandem.driver.internal.metrics;

import dev.tandem.driver.spec.Migration;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The meters of an instance when Micrometer is not on the class path: nothing is counted. */
enum NoMetrics implements TandemMetrics {
    INSTANCE;

    @Override
    public void passthrough() {
    }

    @Override
    public void statement(Outcome outcome, String migration) {
    }

    @Override
    public void cacheHit() {
    }

    @Override
    public void cacheMiss() {
    }

    @Override
    public void shapeHit() {
    }

    @Override
    public void shapeMiss() {
    }

    @Override
    public void shapeFallback() {
    }

    @Override
    public void shapeGauge(LongSupplier size) {
    }

    @Override
    public void rewriteNanos(long nanos) {
    }

    @Override
    public void shadow(String migration, boolean match) {
    }

    @Override
    public void configGauges(Supplier<Number> version, Supplier<Number> ageSeconds) {
    }

    @Override
    public void phases(List<Migration> migrations) {
    }
}
