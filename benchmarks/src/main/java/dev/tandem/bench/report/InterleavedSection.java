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
        return !results(null).isEmpty();
    }

    private List<JsonNode> results(String database) {
        List<JsonNode> out = new ArrayList<>();
        if (doc != null) {
            for (JsonNode r : doc.path("results")) {
                if (database == null || r.path("database").asText().equals(database)) {
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
            0.99, "of raw");
        check(targets, database, "End to end" + label
            + ": Tandem DUAL_WRITE ≥ 0.97× the hand-written dual-write SQL", DUAL_WRITE, 0.97, "of hand-written");
    }

    private void check(Targets targets, String database, String target, String pair, double limit, String what) {
        List<JsonNode> results = results(database);
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
        for (JsonNode r : results(null)) {
            JsonNode ops = r.path("opsPerSecond");
            md.append("| ").append(r.path("database").asText()).append(" | ").append(r.path("statement").asText())
                .append(" | ").append(r.path("threads").asInt()).append(" | ")
                .append(Format.number(ops.path("RAW").asDouble())).append(" | ")
                .append(ratio(r, PASSTHROUGH)).append(" | ").append(ratio(r, P6SPY)).append(" | ")
                .append(Format.number(ops.path("HAND_DUAL_WRITE").asDouble())).append(" | ")
                .append(ratio(r, DUAL_WRITE)).append(" |\n");
        }
        md.append('\n');
        List<String> servers = new ArrayList<>();
        for (JsonNode r : results(null)) {
            String s = r.path("database").asText() + ": " + r.path("server").asText();
            if (!servers.contains(s)) {
                servers.add(s);
            }
        }
        md.append("Servers: ").append(String.join("; ", servers)).append(".\n\n");
    }

    private static String ratio(JsonNode r, String pair) {
        JsonNode p = r.path("ratios").path(pair);
        return String.format(Locale.ROOT, "%.3f× [%.3f, %.3f]", p.path("median").asDouble(), p.path("low").asDouble(),
            p.path("high").asDouble());
    }
}
