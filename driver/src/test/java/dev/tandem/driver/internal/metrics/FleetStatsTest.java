package dev.tandem.driver.internal.metrics;

import dev.tandem.driver.schema.StatsReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FleetStatsTest {
    @Test
    void shadowComparisonsAreReportedOnTheNewSideInTheDocumentedFormat() {
        FleetStats stats = new FleetStats();
        stats.shadow("orders-price", true);
        stats.shadow("orders-price", false);
        String report = stats.report();
        assertThat(report).matches("v=1;e=[0-9a-f]+;orders-price\\|old\\|0\\|0\\|0\\|0\\|0(,0){15};"
            + "orders-price\\|new\\|0\\|0\\|2\\|1\\|0(,0){15}");
    }

    @Test
    void latencyBucketsAreLogSpacedWithAnOverflowBucket() {
        assertThat(StatsReport.bucket(100_000)).isZero();
        assertThat(StatsReport.bucket(250_000)).isZero();
        assertThat(StatsReport.bucket(251_000)).isEqualTo(1);
        assertThat(StatsReport.bucket(3_000_000)).isEqualTo(4);
        assertThat(StatsReport.bucket(60_000_000_000L)).isEqualTo(StatsReport.BUCKETS - 1);
    }

    @Test
    void aReportStaysWithinItsBounds() {
        FleetStats stats = new FleetStats();
        for (int i = 0; i < 500; i++) {
            stats.shadow("migration-with-a-rather-long-identifier-number-" + i, false);
        }
        String report = stats.report();
        assertThat(report.length()).isLessThanOrEqualTo(StatsReport.MAX_CHARS);
        assertThat(report.split(";")).hasSizeLessThanOrEqualTo(StatsReport.MAX_ENTRIES + 2);
    }
}
