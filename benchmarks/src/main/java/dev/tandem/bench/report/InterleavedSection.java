package dev.tandem.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The paired, interleaved end-to-end ratios that {@code dev.tandem.bench.e2e.Interleaved} writes
 * (benchmarks/target/interleaved.json): the end-to-end targets when present, and their section.
 */
final class InterleavedSection {
    private static final String PASSTHROUGH = "PASSTHROUGH_VS_RAW";
    private static final String P6SPY = "P6SPY_VS_RAW";
    private static final String DUAL_WRITE = "DUAL_WRITE_VS_HAND_WRITTEN";

    /** Issue 13's limit on the literal-value statements: Tandem over raw. */
    private static final double LITERALS_LIMIT = 0.95;

    private final JsonNode doc;

    private InterleavedSection(JsonNode doc) {
        this.doc = doc;
    }

    static InterleavedSection read(Path file) throws IOException {
        if (file == null || !Files.exists(file)) {
            return new InterleavedSection(null);
        }
        return new InterleavedSection(new ObjectMapper().readTree(file.toFile()));
    }

    boolean measured() {
        return !results(null, false).isEmpty();
    }

    /** The results on {@code database} (null: all), of the literal-value statements or of the others. */
    private List<JsonNode> results(String database, boolean literals) {
        List<JsonNode> out = new ArrayList<>();
        if (doc != null) {
            for (JsonNode r : doc.path("results")) {
                if ((database == null || r.path("database").asText().equals(database))
                    && r.path("literals").asBoolean(false) == literals) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /**
     * The end-to-end targets on {@code database}, judged on the 95 % interval of the median per-round ratio:
     * met when the whole interval is at or above the limit in every case, missed when some case's interval
     * lies wholly below it, unresolved otherwise.
     */
    void targets(Targets targets, String database, String label) {
        check(targets, database, "End to end" + label + ": Tandem passthrough ≥ 0.99× raw throughput", PASSTHROUGH,
            0.99, "of raw", false);
        check(targets, database, "End to end" + label
            + ": Tandem DUAL_WRITE ≥ 0.97× the hand-written dual-write SQL", DUAL_WRITE, 0.97, "of hand-written",
            false);
    }

    /**
     * Issue 13's end-to-end target on {@code database}: statements with literal values (READ_NEW SELECT,
     * DUAL_WRITE INSERT and UPDATE) at 0.95× the raw driver running their hand-written equivalents.
     */
    void literalTargets(Targets targets, String database, String label) {
        check(targets, database, "Literal values (issue 13), end to end" + label + ": Tandem ≥ 0.95× raw running the "
            + "hand-written equivalent (READ_NEW SELECT, DUAL_WRITE INSERT/UPDATE)", DUAL_WRITE, LITERALS_LIMIT,
            "of raw", true);
    }

    private void check(Targets targets, String database, String target, String pair, double limit, String what,
                       boolean literals) {
        List<JsonNode> results = results(database, literals);
        if (results.isEmpty()) {
            targets.notMeasured(target, "no interleaved results for " + database + " in this run");
            return;
        }
        JsonNode worst = null;
        boolean clearMiss = false;
        boolean allClear = true;
        for (JsonNode r : results) {
            JsonNode ratio = r.path("ratios").path(pair);
            clearMiss |= ratio.path("high").asDouble() < limit;
            allClear &= ratio.path("low").asDouble() >= limit;
            if (worst == null || ratio.path("median").asDouble()
                < worst.path("ratios").path(pair).path("median").asDouble()) {
                worst = r;
            }
        }
        JsonNode w = worst.path("ratios").path(pair);
        String shown = String.format(Locale.ROOT, "%.3f× %s, 95%% interval %.3f–%.3f (worst case: %s, %d %s)",
            w.path("median").asDouble(), what, w.path("low").asDouble(), w.path("high").asDouble(),
            worst.path("statement").asText(), worst.path("threads").asInt(),
            worst.path("threads").asInt() == 1 ? "thread" : "threads");
        targets.interval(target, shown, clearMiss, allClear);
    }

    void section(StringBuilder md) {
        md.append("## End to end, paired and interleaved (the end-to-end targets)\n\n");
        if (!measured()) {
            md.append("Not measured in this run.\n\n");
            return;
        }
        md.append(String.format(Locale.ROOT, Text.INTERLEAVED, doc.path("rounds").asInt(),
            doc.path("roundMillis").asLong(), doc.path("warmupRounds").asInt(), doc.path("at").asText()));
        md.append("| Database | Statement | Threads | raw (ops/s) | Tandem passthrough / raw | p6spy / raw "
            + "| hand-written dual write (ops/s) | Tandem DUAL_WRITE / hand-written |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|\n");
        for (JsonNode r : results(null, false)) {
            JsonNode ops = r.path("opsPerSecond");
            md.append("| ").append(r.path("database").asText()).append(" | ").append(r.path("statement").asText())
                .append(" | ").append(r.path("threads").asInt()).append(" | ")
                .append(Format.number(ops.path("RAW").asDouble())).append(" | ")
                .append(ratio(r, PASSTHROUGH)).append(" | ").append(ratio(r, P6SPY)).append(" | ")
                .append(Format.number(ops.path("HAND_DUAL_WRITE").asDouble())).append(" | ")
                .append(ratio(r, DUAL_WRITE)).append(" |\n");
        }
        md.append('\n');
        servers(md);
    }

    private void servers(StringBuilder md) {
        List<String> servers = new ArrayList<>();
        for (JsonNode r : doc.path("results")) {
            String s = r.path("database").asText() + ": " + r.path("server").asText();
            if (!servers.contains(s)) {
                servers.add(s);
            }
        }
        md.append("Servers: ").append(String.join("; ", servers)).append(".\n\n");
    }

    /** Issue 13's end-to-end section: the literal-value statements; nothing if the run had none. */
    void literalSection(StringBuilder md, boolean smoke) {
        if (results(null, true).isEmpty()) {
            return;
        }
        md.append("### Literal values through statement shapes, end to end (issue 13)\n\n")
            .append(Text.INTERLEAVED_LITERALS);
        md.append("| Database | Statement | Phase | Threads | raw, hand-written (ops/s) | Tandem / raw, hand-written "
            + "| verdict (≥ 0.95×) | Tandem's extra time (µs/statement) | raw, plain table (ops/s) "
            + "| Tandem passthrough / raw |\n");
        md.append("|---|---|---|--:|--:|--:|---|--:|--:|--:|\n");
        for (JsonNode r : results(null, true)) {
            JsonNode ops = r.path("opsPerSecond");
            JsonNode p = r.path("ratios").path(DUAL_WRITE);
            String verdict = smoke ? "none: smoke run" : p.path("low").asDouble() >= LITERALS_LIMIT ? "met"
                : p.path("high").asDouble() < LITERALS_LIMIT ? "missed" : "unresolved";
            md.append("| ").append(r.path("database").asText()).append(" | ").append(r.path("statement").asText())
                .append(" | ").append(r.path("phase").asText()).append(" | ").append(r.path("threads").asInt())
                .append(" | ").append(Format.number(ops.path("HAND_DUAL_WRITE").asDouble())).append(" | ")
                .append(ratio(r, DUAL_WRITE)).append(" | ").append(verdict).append(" | ")
                .append(String.format(Locale.ROOT, "%.1f", 1e6 / ops.path("TANDEM_DUAL_WRITE").asDouble()
                    - 1e6 / ops.path("HAND_DUAL_WRITE").asDouble())).append(" | ")
                .append(Format.number(ops.path("RAW").asDouble())).append(" | ").append(ratio(r, PASSTHROUGH))
                .append(" |\n");
        }
        md.append('\n');
    }

    private static String ratio(JsonNode r, String pair) {
        JsonNode p = r.path("ratios").path(pair);
        return String.format(Locale.ROOT, "%.3f× [%.3f, %.3f]", p.path("median").asDouble(), p.path("low").asDouble(),
            p.path("high").asDouble());
    }
}
