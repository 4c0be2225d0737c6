package dev.tandem.agent.jobs;

import dev.tandem.agent.AgentConfig.JobOptions;
import dev.tandem.driver.schema.Dialect;
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
    void fastChunksRampUpByAsManyTimesAsTheyFitTheAimFromFourToEight() {
        Throttle t = throttle();
        assertThat(t.chunk()).isEqualTo(1000);
        // 1,000 rows in 3 ms is 3 µs per row, mostly fixed costs: the per-row model would say 20,000 rows and
        // then stay near it. 3 ms fits 20 times into the 60 ms aim: the ramp takes the most, eight times.
        t.done(1000, 3 * MS);
        assertThat(t.chunk()).isEqualTo(8000);
        // 8,000 rows in 12 ms fits five times
        t.done(8000, 12 * MS);
        assertThat(t.chunk()).isEqualTo(40_000);
        // 40,000 rows in 14.9 ms fits four times: the least the ramp grows by
        t.done(40_000, 14_900_000L);
        assertThat(t.chunk()).isEqualTo(160_000);
    }

    @Test
    void nearTheAimTheTimePerRowDecidesAndGrowthIsAtMostOneAndAHalf() {
        Throttle t = throttle();
        t.done(1000, 1 * MS);
        t.done(8000, 2 * MS);
        assertThat(t.chunk()).isEqualTo(64_000);
        // 64,000 rows in 20 ms: 0.3125 µs per row; 60 ms would be 192,000 rows, but growth is capped at 1.5x.
        t.done(64_000, 20 * MS);
        assertThat(t.chunk()).isEqualTo(96_000);
        // A slow chunk (96,000 rows in 480 ms: 5 µs per row) shrinks the next one at once, to 60 ms worth.
        t.done(96_000, 480 * MS);
        assertThat(t.chunk()).isEqualTo(12_000);
    }

    @Test
    void theAverageOfRecentChunksHoldsGrowthBack() {
        Throttle t = throttle();
        t.done(1000, 90 * MS); // 90 µs per row: 666 rows take the aim
        assertThat(t.chunk()).isEqualTo(666);
        // 666 rows in 15 ms: 22.5 µs per row alone would allow 2,666 rows (1.5x: 999), but the average of
        // 69.75 µs allows 860
        t.done(666, 15 * MS);
        assertThat(t.chunk()).isEqualTo(860);
    }

    @Test
    void slowFirstChunksAreForgottenOnceChunksRunFarBelowTheAim() {
        Throttle t = throttle();
        // A cold start: 1,000 rows in 50 ms (50 µs per row), then the caches are warm.
        t.done(1000, 50 * MS);
        assertThat(t.chunk()).isEqualTo(1200);
        t.done(1200, 2 * MS);
        assertThat(t.chunk()).isEqualTo(9600);
        t.done(9600, 3 * MS);
        assertThat(t.chunk()).isEqualTo(76_800);
        // 76,800 rows in 20 ms: with the cold chunk's 50 µs still in the average the next chunk would be 1,710
        // rows (and the ramp would start over, again and again); forgotten, it grows by 1.5x.
        t.done(76_800, 20 * MS);
        assertThat(t.chunk()).isEqualTo(115_200);
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
