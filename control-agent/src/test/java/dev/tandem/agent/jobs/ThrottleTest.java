package dev.tandem.agent.jobs;

import dev.tandem.agent.AgentConfig.JobOptions;
import dev.tandem.driver.sql.Dialect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Chunk sizing toward the target time (pure arithmetic: no database, no clock). */
class ThrottleTest {
    private static final long MS = 1_000_000L;

    private static Throttle throttle() {
        // Target 100 ms: the aim is 60 ms, the ramp ends once a chunk takes 15 ms or more.
        return new Throttle(JobOptions.defaults(), Dialect.POSTGRESQL);
    }

    @Test
    void fastChunksRampUpFourfoldWhateverTheirTimePerRowSays() {
        Throttle t = throttle();
        assertThat(t.chunk()).isEqualTo(1000);
        // 1,000 rows in 3 ms is 3 µs per row, mostly fixed costs: the per-row model would say 20,000 rows and
        // then stay near it; the ramp goes 4,000, 16,000, 64,000.
        t.done(1000, 3 * MS);
        assertThat(t.chunk()).isEqualTo(4000);
        t.done(4000, 4 * MS);
        assertThat(t.chunk()).isEqualTo(16_000);
        t.done(16_000, 6 * MS);
        assertThat(t.chunk()).isEqualTo(64_000);
    }

    @Test
    void nearTheAimTheTimePerRowDecidesAndGrowthIsAtMostOneAndAHalf() {
        Throttle t = throttle();
        t.done(1000, 1 * MS);
        t.done(4000, 2 * MS);
        assertThat(t.chunk()).isEqualTo(16_000);
        // 16,000 rows in 20 ms: 1.25 µs per row; 60 ms would be 48,000 rows, but growth is capped at 1.5x.
        t.done(16_000, 20 * MS);
        assertThat(t.chunk()).isEqualTo(24_000);
        // A slow chunk (24,000 rows in 120 ms: 5 µs per row) shrinks the next one at once, to 60 ms worth.
        t.done(24_000, 120 * MS);
        assertThat(t.chunk()).isEqualTo(12_000);
    }

    @Test
    void theRampStopsAtTheCap() {
        Throttle t = throttle();
        for (int i = 0; i < 10; i++) {
            t.done(t.chunk(), MS);
        }
        assertThat(t.chunk()).isEqualTo(Throttle.MAX_CHUNK);
    }

    @Test
    void theWalksLastChunkAndEmptyChunksTeachNothing() {
        Throttle t = throttle();
        t.done(10, 50 * MS, true);
        assertThat(t.chunk()).isEqualTo(1000);
        t.done(0, 50 * MS, false);
        assertThat(t.chunk()).isEqualTo(1000);
    }
}
