package dev.tandem.bench.report;

import dev.tandem.bench.e2e.DriverPath;
import dev.tandem.bench.e2e.SingleRowStatement;
import dev.tandem.bench.overhead.Api;
import dev.tandem.bench.overhead.Shape;
import dev.tandem.bench.overhead.Target;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One database's end-to-end table (statements per second, ratios to the baselines) and its targets. */
final class EndToEndSection {
    /** The benchmark methods, with the thread count each runs. */
    private static final Map<String, Integer> METHODS = Map.of("oneThread", 1, "fourThreads", 4);
    private static final List<String> METHOD_ORDER = List.of("oneThread", "fourThreads");
    /** A proxy cannot be faster than its baseline by more than noise; above this, the run cannot judge. */
    private static final double IMPOSSIBLE_RATIO = 1.05;

    private final JmhResults results;
    private final String className;

    EndToEndSection(JmhResults results, String className) {
        this.results = results;
        this.className = className;
    }

    boolean measured() {
        return results.all().stream().anyMatch(r -> r.className().equals(className));
    }

    /** The statements the JMH end-to-end benchmarks run (not the literal-value ones, which only Interleaved runs). */
    private static final List<SingleRowStatement> PREPARED_STATEMENTS = Arrays.stream(SingleRowStatement.values())
        .filter(s -> !s.literals()).toList();

    private Optional<Measurement> rate(DriverPath target, SingleRowStatement shape, String method) {
        return results.measurement(List.of(className), method,
            Map.of("path", target.name(), "statement", shape.name()));
    }

    private Optional<Measurement> ratio(DriverPath target, DriverPath baseline, SingleRowStatement shape,
                                        String method) {
        Optional<Measurement> t = rate(target, shape, method);
        Optional<Measurement> b = rate(baseline, shape, method);
        return t.isPresent() && b.isPresent() ? Optional.of(t.get().over(b.get())) : Optional.empty();
    }

    void table(StringBuilder md) {
        md.append("| Shape | Threads | raw driver (ops/s) | p6spy / raw | Tandem passthrough / raw "
            + "| hand-written dual write (ops/s) | Tandem DUAL_WRITE (ops/s) | DUAL_WRITE / hand-written |\n");
        md.append("|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (SingleRowStatement shape : PREPARED_STATEMENTS) {
            for (String method : METHOD_ORDER) {
                md.append("| ").append(shape).append(" | ").append(METHODS.get(method)).append(" | ")
                    .append(rate(DriverPath.RAW, shape, method).map(Format::value).orElse("–")).append(" | ")
                    .append(ratio(DriverPath.P6SPY, DriverPath.RAW, shape, method).map(Format::ratio).orElse("–"))
                    .append(" | ")
                    .append(ratio(DriverPath.TANDEM_PASSTHROUGH, DriverPath.RAW, shape, method).map(Format::ratio)
                        .orElse("–")).append(" | ")
                    .append(rate(DriverPath.HAND_DUAL_WRITE, shape, method).map(Format::value).orElse("–"))
                    .append(" | ")
                    .append(rate(DriverPath.TANDEM_DUAL_WRITE, shape, method).map(Format::value).orElse("–"))
                    .append(" | ")
                    .append(ratio(DriverPath.TANDEM_DUAL_WRITE, DriverPath.HAND_DUAL_WRITE, shape, method)
                        .map(Format::ratio).orElse("–")).append(" |\n");
            }
        }
    }

    /**
     * What the stub overheads predict for the one-thread ratios: the server round trip measured here plus
     * the proxy's nanoseconds measured on the stub (prepared statements). Round trips of tens of
     * microseconds make the prediction far finer than the end-to-end measurement can resolve.
     */
    void implied(StringBuilder md, StubSection stub) {
        md.append("What the stub overheads imply at these round trips (one thread, prepared statements):\n\n");
        md.append("| Statement | raw driver µs/statement | Tandem passthrough overhead (stub) "
            + "| implied passthrough / raw | hand-written µs/statement | Tandem warm-rewrite overhead (stub) "
            + "| implied DUAL_WRITE / hand-written |\n");
        md.append("|---|--:|--:|--:|--:|--:|--:|\n");
        for (SingleRowStatement statement : PREPARED_STATEMENTS) {
            Shape shape = Shape.valueOf(statement.name());
            Optional<Measurement> raw = rate(DriverPath.RAW, statement, "oneThread");
            Optional<Measurement> hand = rate(DriverPath.HAND_DUAL_WRITE, statement, "oneThread");
            Optional<Measurement> passthrough = stub.over(Target.TANDEM_PASSTHROUGH, Target.RAW, shape, Api.PREPARED);
            Optional<Measurement> warm = stub.over(Target.TANDEM_WARM, Target.RAW, shape, Api.PREPARED);
            md.append("| ").append(statement).append(" | ").append(micros(raw)).append(" | ")
                .append(passthrough.map(m -> Format.delta(m) + " ns").orElse("–")).append(" | ")
                .append(impliedRatio(raw, passthrough)).append(" | ").append(micros(hand)).append(" | ")
                .append(warm.map(m -> Format.delta(m) + " ns").orElse("–")).append(" | ")
                .append(impliedRatio(hand, warm)).append(" |\n");
        }
        md.append('\n');
    }

    private static String micros(Optional<Measurement> rate) {
        return rate.map(r -> String.format(Locale.ROOT, "%.1f", 1e6 / r.mean())).orElse("–");
    }

    /** latency / (latency + overhead), with the latency from a rate in statements per second. */
    private static String impliedRatio(Optional<Measurement> rate, Optional<Measurement> overheadNanos) {
        if (rate.isEmpty() || overheadNanos.isEmpty()) {
            return "–";
        }
        double latency = 1e9 / rate.get().mean();
        return String.format(Locale.ROOT, "%.4f×", latency / (latency + overheadNanos.get().mean()));
    }

    /** The two end-to-end targets; {@code label} names the database (and says if the target is informative). */
    void targets(Targets targets, String label) {
        worst(targets, "End to end" + label + ": Tandem passthrough ≥ 0.99× raw throughput", 0.99,
            DriverPath.TANDEM_PASSTHROUGH, DriverPath.RAW, "of raw");
        worst(targets, "End to end" + label + ": Tandem DUAL_WRITE ≥ 0.97× the hand-written dual-write SQL", 0.97,
            DriverPath.TANDEM_DUAL_WRITE, DriverPath.HAND_DUAL_WRITE, "of hand-written");
    }

    private void worst(Targets targets, String target, double limit, DriverPath t, DriverPath baseline, String what) {
        Measurement worst = null;
        String where = null;
        List<Measurement> cases = new ArrayList<>();
        double best = 0;
        for (SingleRowStatement shape : PREPARED_STATEMENTS) {
            for (String method : METHOD_ORDER) {
                Optional<Measurement> m = ratio(t, baseline, shape, method);
                m.ifPresent(cases::add);
                best = Math.max(best, m.map(Measurement::mean).orElse(0.0));
                if (m.isPresent() && (worst == null || m.get().mean() < worst.mean())) {
                    worst = m.get();
                    where = shape + ", " + METHODS.get(method) + (METHODS.get(method) == 1 ? " thread" : " threads");
                }
            }
        }
        if (worst == null) {
            targets.notMeasured(target, "no " + className + " results in this run");
            return;
        }
        String shown = Format.ratio(worst) + " " + what + " (worst case: " + where + ")";
        if (best > IMPOSSIBLE_RATIO) {
            // Tandem does the work of its baseline and more: a ratio well above 1 is noise, not speed.
            targets.inconclusive(target, shown, String.format(Locale.ROOT, "the ratios of this run range from %.2f× "
                + "to %.2f×, where at most 1.00× is possible: the run's noise is far larger than the margin the "
                + "target allows (see the implied ratios)", worst.mean(), best));
            return;
        }
        targets.check(target, cases, worst, Format.ratio(worst) + " " + what, "worst case: " + where, limit, false);
    }
}
