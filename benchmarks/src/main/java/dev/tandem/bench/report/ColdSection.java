package dev.tandem.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The paired, interleaved cold-path ratios that {@code dev.tandem.bench.overhead.ColdInterleaved} writes
 * (benchmarks/target/cold.json): the cold-path target when present, and their table.
 */
final class ColdSection {
    static final String TARGET = "Cold rewrite: within 1.2× of a bare JSqlParser parse of the same SQL";
    static final double LIMIT = 1.2;

    private final JsonNode doc;

    private ColdSection(JsonNode doc) {
        this.doc = doc;
    }

    static ColdSection read(Path file) throws IOException {
        if (file == null || !Files.exists(file)) {
            return new ColdSection(null);
        }
        return new ColdSection(new ObjectMapper().readTree(file.toFile()));
    }

    boolean measured() {
        return doc != null && doc.path("results").size() > 0;
    }

    /**
     * The cold-path target, judged on the 95 % interval of the median per-round ratio: met when every
     * case's interval lies at or under the limit, missed when some case's lies wholly over it.
     */
    void targets(Targets targets) {
        JsonNode worst = null;
        boolean clearMiss = false;
        boolean allClear = true;
        for (JsonNode r : doc.path("results")) {
            clearMiss |= r.path("low").asDouble() > LIMIT;
            allClear &= r.path("high").asDouble() <= LIMIT;
            if (worst == null || r.path("median").asDouble() > worst.path("median").asDouble()) {
                worst = r;
            }
        }
        targets.interval(TARGET, String.format(Locale.ROOT,
            "%.3f× of the parse, 95%% interval %.3f–%.3f (worst case: %s %s; paired, interleaved)",
            worst.path("median").asDouble(), worst.path("low").asDouble(), worst.path("high").asDouble(),
            worst.path("shape").asText(), worst.path("api").asText()), clearMiss, allClear);
    }

    void section(StringBuilder md) {
        md.append("### Cold path, paired and interleaved (the cold-path target)\n\n");
        if (!measured()) {
            md.append("Not measured in this run.\n\n");
            return;
        }
        md.append(String.format(Locale.ROOT, Text.COLD, doc.path("rounds").asInt(), doc.path("sliceMillis").asLong(),
            doc.path("at").asText()));
        md.append("| Shape | API | Tandem cold (ns) | raw stub, same texts (ns) | JSqlParser parse (ns) "
            + "| cold − raw − parse (ns) | (cold − raw) / parse |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|\n");
        for (JsonNode r : doc.path("results")) {
            JsonNode ns = r.path("nanosPerStatement");
            double cold = ns.path("TANDEM_COLD").asDouble();
            double raw = ns.path("RAW_UNIQUE_TEXT").asDouble();
            double parse = ns.path("PARSE").asDouble();
            md.append("| ").append(r.path("shape").asText()).append(" | ").append(r.path("api").asText())
                .append(" | ").append(Format.number(cold)).append(" | ").append(Format.number(raw))
                .append(" | ").append(Format.number(parse)).append(" | ")
                .append(Format.number(cold - raw - parse)).append(" | ")
                .append(String.format(Locale.ROOT, "%.3f× [%.3f, %.3f]", r.path("median").asDouble(),
                    r.path("low").asDouble(), r.path("high").asDouble())).append(" |\n");
        }
        md.append('\n');
    }
}
