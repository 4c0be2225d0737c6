package dev.tandem.agent.rollout;

import dev.tandem.agent.RolloutOptions;
import dev.tandem.agent.store.RolloutStore.Reported;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GatesTest {
    private static final String ZEROS = "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0";
    private static final RolloutOptions OPTIONS = RolloutOptions.defaults().withMinStatements(10);

    private static String report(String epoch, long oldStatements, long oldErrors, long newStatements,
                                 long newErrors, long comparisons, long mismatches, String newBuckets) {
        return "v=1;e=" + epoch + ";m|old|" + oldStatements + "|" + oldErrors + "|0|0|" + oldStatements
            + ",0,0,0,0,0,0,0,0,0,0,0,0,0,0,0;m|new|" + newStatements + "|" + newErrors + "|" + comparisons + "|"
            + mismatches + "|" + newBuckets;
    }

    private static Reported live(String id, String stats) {
        return new Reported(id, true, 10_000, stats, 100);
    }

    private static List<GateResult> check(String before, String after) {
        Map<String, Report> base = Window.baseline(List.of(live("a", before)), 5000);
        Window w = Window.of("m", base, List.of(live("a", after)), 5000);
        return new Gates(OPTIONS).check(w, Figures.ZERO, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "v=2;e=1", "v=1;e=xyz", "v=1;e=1;m|old|1|0|0|0|1",
        "v=1;e=1;m|old|-1|0|0|0|" + ZEROS, "v=1;e=1;m|old|1|2|0|0|" + ZEROS, "v=1;e=1;m|mid|1|0|0|0|" + ZEROS,
        "v=1;e=1;m|old|1|0|0|0|" + ZEROS + ";m|old|1|0|0|0|" + ZEROS, "v=1;e=1;m|old|99999999999999999999|0|0|0|"
        + ZEROS, "v=1;e=1;m|old|1|0|0|1|" + ZEROS, "v=1;e=1;bad id|old|1|0|0|0|" + ZEROS})
    void aMalformedReportIsMissingData(String text) {
        assertThat(Report.parse(text)).isNull();
        List<GateResult> r = check(report("1", 0, 0, 0, 0, 0, 0, ZEROS), text);
        assertThat(Gates.verdict(r)).isEqualTo(GateResult.HOLD);
    }

    @Test
    void aHealthyWindowPasses() {
        List<GateResult> r = check(report("1", 0, 0, 0, 0, 0, 0, ZEROS),
            report("1", 100, 0, 50, 0, 0, 0, "50,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0"));
        assertThat(Gates.verdict(r)).as(r.toString()).isEqualTo(GateResult.PASS);
    }

    @Test
    void countersThatGoBackwardsWithoutARestartHoldAndNeverPass() {
        List<GateResult> r = check(report("1", 100, 0, 50, 0, 0, 0, "50,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0"),
            report("1", 200, 0, 10, 0, 0, 0, "10,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0"));
        assertThat(Gates.verdict(r)).isEqualTo(GateResult.HOLD);
        assertThat(r.get(0).reason()).contains("lower than before");
    }

    @Test
    void aRestartIsANewBaselineNotANegativeRate() {
        List<GateResult> r = check(report("1", 100, 0, 50, 0, 0, 0, "50,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0"),
            report("2", 5, 0, 5, 0, 0, 0, "5,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0"));
        assertThat(Gates.verdict(r)).isEqualTo(GateResult.HOLD);
        assertThat(r.get(0).reason()).contains("restarted");
    }

    @Test
    void errorsLatencyAndMismatchesFail() {
        assertThat(Gates.verdict(check(report("1", 0, 0, 0, 0, 0, 0, ZEROS),
            report("1", 100, 0, 100, 5, 0, 0, "100,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0")))).isEqualTo(GateResult.FAIL);
        assertThat(Gates.verdict(check(report("1", 0, 0, 0, 0, 0, 0, ZEROS),
            report("1", 100, 0, 100, 0, 0, 0, "0,0,0,0,0,0,100,0,0,0,0,0,0,0,0,0")))).isEqualTo(GateResult.FAIL);
        assertThat(Gates.verdict(check(report("1", 0, 0, 0, 0, 0, 0, ZEROS),
            report("1", 100, 0, 100, 0, 10, 1, "100,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0")))).isEqualTo(GateResult.FAIL);
    }

    @Test
    void tooFewStatementsAndStaleOrSilentInstancesHold() {
        assertThat(Gates.verdict(check(report("1", 0, 0, 0, 0, 0, 0, ZEROS),
            report("1", 100, 0, 5, 0, 0, 0, "5,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0")))).isEqualTo(GateResult.HOLD);
        String before = report("1", 0, 0, 0, 0, 0, 0, ZEROS);
        String after = report("1", 100, 0, 50, 0, 0, 0, "50,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0");
        Map<String, Report> base = Window.baseline(List.of(live("a", before), live("b", before)), 5000);
        Window w = Window.of("m", base, List.of(live("a", after), new Reported("b", true, 10_000, before, 9000)),
            5000);
        List<GateResult> r = new Gates(OPTIONS).check(w, Figures.ZERO, false);
        assertThat(Gates.verdict(r)).isEqualTo(GateResult.HOLD);
        assertThat(r.get(0).reason()).contains("instance b has not reported");
    }
}
