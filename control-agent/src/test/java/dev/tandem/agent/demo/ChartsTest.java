package dev.tandem.agent.demo;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The SVG charts and HTML page without a database: round axis ticks, escaping, empty inputs. */
class ChartsTest {
    @Test
    void ticksAreRoundStepsCoveringTheMaximum() {
        assertThat(Charts.ticks(13.2)).containsExactly(0, 5, 10, 15);
        assertThat(Charts.ticks(0.9)).containsExactly(0, 0.2, 0.4, 0.6, 0.8, 1);
        assertThat(Charts.ticks(47_000)).containsExactly(0, 10_000, 20_000, 30_000, 40_000, 50_000);
        assertThat(Charts.ticks(0)).containsExactly(0, 0.2, 0.4, 0.6, 0.8, 1);
    }

    @Test
    void compactNumbersUseKAndM() {
        assertThat(Charts.compact(1_500)).isEqualTo("1.5k");
        assertThat(Charts.compact(2_000_000)).isEqualTo("2M");
        assertThat(Charts.compact(0.25)).isEqualTo("0.25");
        assertThat(Charts.compact(20)).isEqualTo("20");
    }

    @Test
    void labelsAreEscapedAndStepsWithoutStatementsSaySo() {
        String svg = Charts.latency(List.of(phase("a <b> & c", 10, 1.0, 4.0), phase("idle", 0, 0, 0)));
        assertThat(svg).startsWith("<svg")
            .contains("a &lt;b&gt; &amp; c", "no statements", ">1.00<", ">4.00<", "p50 (ms)", "p99 (ms)")
            .doesNotContain("<b>");
    }

    @Test
    void aReportWithoutBackfillSamplesStillRendersAPage() {
        Report r = new Report("PostgreSQL 16", "tandem_demo", "2025-01-01T00:00:00Z", 10, 1, 0.1, 1234,
            List.of(phase("x", 5, 0.1, 0.2)), List.of(), List.of(), List.of(), List.of(), 3, 0, 0, List.of(), List.of(),
            List.of(), List.of(), "step failed: <boom>");
        String html = Html.render(r);
        assertThat(r.ok()).isFalse();
        assertThat(html).contains("Failed", "the rehearsal stopped: step failed: &lt;boom&gt;",
            "no backfill progress was recorded", "2025-01-01 00:00:00 UTC").doesNotContain("<boom>");
    }

    private static Report.PhaseResult phase(String label, long statements, double p50, double p99) {
        return new Report.PhaseResult(label, "m", "phase", 1, statements, 0, statements, p50, p99, p99, 0, 0);
    }
}
