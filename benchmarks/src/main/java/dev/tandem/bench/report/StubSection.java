package dev.tandem.bench.report;

import dev.tandem.bench.overhead.Api;
import dev.tandem.bench.overhead.Shape;
import dev.tandem.bench.overhead.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The stub-driver table (ns per statement, overhead over the raw stub) and its targets. */
final class StubSection {
    private static final List<String> STUB_CLASSES = List.of("StubOverhead", "StubColdPath", "StubLiterals");
    /** Issue 13's limit on the literal-value statements, ns over the raw stub. */
    static final double LITERALS_LIMIT = 2000;

    private final JmhResults results;

    StubSection(JmhResults results) {
        this.results = results;
    }

    private Optional<Measurement> stub(Target target, Shape shape, Api api) {
        return results.measurement(STUB_CLASSES, "statement",
            Map.of("target", target.name(), "shape", shape.name(), "api", api.name()));
    }

    private Optional<Measurement> parse(Shape shape, Api api) {
        return results.measurement(List.of("JSqlParserParse"), "parse",
            Map.of("shape", shape.name(), "api", api.name()));
    }

    /** {@code target - baseline}, if both were measured. */
    Optional<Measurement> over(Target target, Target baseline, Shape shape, Api api) {
        Optional<Measurement> t = stub(target, shape, api);
        Optional<Measurement> b = stub(baseline, shape, api);
        return t.isPresent() && b.isPresent() ? Optional.of(t.get().minus(b.get())) : Optional.empty();
    }

    private Optional<Measurement> coldOverhead(Shape shape, Api api) {
        return over(Target.TANDEM_COLD, Target.RAW_UNIQUE_TEXT, shape, api);
    }

    private Optional<Measurement> coldOverParse(Shape shape, Api api) {
        Optional<Measurement> cold = coldOverhead(shape, api);
        Optional<Measurement> parse = parse(shape, api);
        return cold.isPresent() && parse.isPresent() ? Optional.of(cold.get().over(parse.get())) : Optional.empty();
    }

    void table(StringBuilder md) {
        md.append("| Shape | API | raw stub | p6spy | Tandem passthrough | Tandem warm rewrite | Tandem cold "
            + "| JSqlParser parse | cold / parse |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Shape shape : Shape.values()) {
            for (Api api : Api.values()) {
                md.append("| ").append(shape).append(" | ").append(api).append(" | ")
                    .append(cell(stub(Target.RAW, shape, api), false)).append(" | ")
                    .append(cell(over(Target.P6SPY, Target.RAW, shape, api), true)).append(" | ")
                    .append(cell(over(Target.TANDEM_PASSTHROUGH, Target.RAW, shape, api), true)).append(" | ")
                    .append(cell(over(Target.TANDEM_WARM, Target.RAW, shape, api), true)).append(" | ")
                    .append(cell(coldOverhead(shape, api), true)).append(" | ")
                    .append(cell(parse(shape, api), false)).append(" | ")
                    .append(coldOverParse(shape, api).map(Format::ratio).orElse("–")).append(" |\n");
            }
        }
    }

    /** Bytes allocated per statement, when the run used {@code -prof gc} (benchmarks/run does). */
    void allocationTable(StringBuilder md) {
        List<Target> targets = List.of(Target.RAW, Target.P6SPY, Target.TANDEM_PASSTHROUGH, Target.TANDEM_WARM);
        if (bytes(Target.RAW, Shape.SELECT, Api.STATEMENT).isEmpty()) {
            return;
        }
        md.append("Bytes allocated per statement (`-prof gc`, `gc.alloc.rate.norm`): unlike the times, these hardly "
            + "move between runs or with load on the machine.\n\n");
        md.append("| Shape | API | raw stub | p6spy | Tandem passthrough | Tandem warm rewrite |\n");
        md.append("|---|---|--:|--:|--:|--:|\n");
        for (Shape shape : Shape.values()) {
            for (Api api : Api.values()) {
                md.append("| ").append(shape).append(" | ").append(api);
                for (Target t : targets) {
                    md.append(" | ").append(bytes(t, shape, api).map(Format::number).orElse("–"));
                }
                md.append(" |\n");
            }
        }
        md.append('\n');
    }

    private Optional<Double> bytes(Target target, Shape shape, Api api) {
        return results.secondary(STUB_CLASSES, "statement",
            Map.of("target", target.name(), "shape", shape.name(), "api", api.name()), "gc.alloc.rate.norm");
    }

    private static String cell(Optional<Measurement> m, boolean delta) {
        return m.map(delta ? Format::delta : Format::value).orElse("–");
    }

    void targets(Targets targets) {
        worst(targets, "Passthrough: within 150 ns/statement of the raw stub", true, 150, true,
            (s, a) -> over(Target.TANDEM_PASSTHROUGH, Target.RAW, s, a), "over raw");
        worst(targets, "Passthrough: no slower than p6spy", true, 0, true,
            (s, a) -> over(Target.TANDEM_PASSTHROUGH, Target.P6SPY, s, a), "over p6spy");
        worst(targets, "Warm rewrite: under 1 µs/statement over raw on the stub", true, 1000, true,
            (s, a) -> over(Target.TANDEM_WARM, Target.RAW, s, a), "over raw");
    }

    /** Issue 13's stub target: statements with literal values, every text different, through shapes. */
    void literalTargets(Targets targets) {
        worst(targets, "Literal values (issue 13): Tandem within 2 µs/statement of the raw stub, plain Statement, "
            + "every text different", true, LITERALS_LIMIT, true,
            (s, a) -> over(Target.TANDEM_LITERALS, Target.RAW_LITERALS, s, a), "over raw");
    }

    /** Issue 13's stub table: literal-value statements through shapes, and with shapes off; nothing if not run. */
    void literalTable(StringBuilder md, boolean smoke) {
        if (stub(Target.RAW_LITERALS, Shape.SELECT, Api.STATEMENT).isEmpty()) {
            return;
        }
        md.append("### Literal values through statement shapes (issue 13)\n\n").append(Text.STUB_LITERALS);
        md.append("| Shape | raw stub, same texts | Tandem through shapes | Tandem, shapes off | verdict (≤ 2 µs) "
            + "| bytes/statement: raw | bytes/statement: Tandem |\n");
        md.append("|---|--:|--:|--:|---|--:|--:|\n");
        for (Shape shape : Shape.values()) {
            Optional<Measurement> over = over(Target.TANDEM_LITERALS, Target.RAW_LITERALS, shape, Api.STATEMENT);
            String verdict = smoke ? "none: smoke run" : over.map(m -> m.mean() + m.sd() <= LITERALS_LIMIT ? "met"
                : m.mean() - m.sd() > LITERALS_LIMIT ? "missed" : "within the spread").orElse("–");
            md.append("| ").append(shape).append(" | ")
                .append(cell(stub(Target.RAW_LITERALS, shape, Api.STATEMENT), false)).append(" | ")
                .append(cell(over, true)).append(" | ")
                .append(cell(over(Target.TANDEM_LITERALS_NO_SHAPES, Target.RAW_LITERALS, shape, Api.STATEMENT), true))
                .append(" | ").append(verdict).append(" | ")
                .append(bytes(Target.RAW_LITERALS, shape, Api.STATEMENT).map(Format::number).orElse("–")).append(" | ")
                .append(bytes(Target.TANDEM_LITERALS, shape, Api.STATEMENT).map(Format::number).orElse("–"))
                .append(" |\n");
        }
        md.append('\n');
    }

    /** The cold-path target from the JMH forks, for a run without the paired measurement ({@link ColdSection}). */
    void coldTarget(Targets targets) {
        worst(targets, ColdSection.TARGET, false, ColdSection.LIMIT, true, this::coldOverParse,
            "of the parse (separate JMH forks)");
    }

    /** A value of one (shape, API) case. */
    @FunctionalInterface
    private interface PerCase {
        Optional<Measurement> of(Shape shape, Api api);
    }

    /** Checks the worst (largest when {@code atMost}, else smallest) case of {@code value} against the limit. */
    private void worst(Targets targets, String target, boolean nanos, double limit, boolean atMost, PerCase value,
                       String what) {
        Measurement worst = null;
        String where = null;
        List<Measurement> cases = new ArrayList<>();
        for (Shape shape : Shape.values()) {
            for (Api api : Api.values()) {
                Optional<Measurement> m = value.of(shape, api);
                m.ifPresent(cases::add);
                if (m.isPresent() && (worst == null || (atMost ? m.get().mean() > worst.mean()
                    : m.get().mean() < worst.mean()))) {
                    worst = m.get();
                    where = shape + " " + api;
                }
            }
        }
        if (worst == null) {
            targets.notMeasured(target, "no stub results in this run");
            return;
        }
        String shown = nanos ? Format.delta(worst) + " ns " + what : Format.ratio(worst) + " " + what;
        targets.check(target, cases, worst, shown, "worst case: " + where, limit, atMost);
    }
}
