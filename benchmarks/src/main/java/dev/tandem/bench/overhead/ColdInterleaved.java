package dev.tandem.bench.overhead;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tandem.bench.MigrationSpec;
import dev.tandem.bench.Stats;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The cold-path target by paired, interleaved measurement in one JVM: for each shape and API, three paths
 * run in turn, round after round, each for one time slice, in a new random order every round:
 * <ul>
 *   <li>Tandem cold: a new text every statement (a trailing comment with a counter) through Tandem over the
 *   stub driver, so every statement is parsed, rewritten, rendered and cached;</li>
 *   <li>raw unique text: the same changing texts sent straight to the stub (building the text and the stub's
 *   own calls, which are not Tandem's cost);</li>
 *   <li>parse: JSqlParser's simple parse of the same changing texts on the calling thread, as Tandem runs
 *   it.</li>
 * </ul>
 * Per round, {@code (cold - raw) / parse} in nanoseconds per statement. All three share one JIT-compiled
 * parser, so the ratio carries none of the fork-to-fork variance of JMH's separate forks, in which the same
 * parse took 24 to 107 µs depending on how the fork compiled JSqlParser's parser. The report gives the
 * median of the per-round ratios and a bootstrap 95 % interval of it; the JMH tables stay as the absolute
 * numbers.
 *
 * <p>Properties: {@code -Drounds=} (default 200), {@code -DsliceMillis=} (default 20), {@code -Dshapes=}
 * (default SELECT,INSERT,UPDATE), {@code -Dapis=} (default STATEMENT,PREPARED), {@code -DwarmupMillis=}
 * (default 3000 per case), {@code -Dout=} (default benchmarks/target/cold.json).
 */
public final class ColdInterleaved {
    private static final Blackhole BLACKHOLE = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    /** The three paths of a case. */
    enum Path3 {
        TANDEM_COLD, RAW_UNIQUE_TEXT, PARSE
    }

    private ColdInterleaved() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 200);
        long sliceMillis = Long.getLong("sliceMillis", 20);
        // Warm-up per case before its first measured round; the first case's is twice as long (it also
        // brings JSqlParser's parser through the JIT).
        long warmupMillis = Long.getLong("warmupMillis", 3000);
        Path out = Path.of(System.getProperty("out", "benchmarks/target/cold.json"));
        List<Map<String, Object>> results = new ArrayList<>();
        boolean first = true;
        for (String s : System.getProperty("shapes", "SELECT,INSERT,UPDATE").split(",")) {
            Shape shape = Shape.valueOf(s.trim());
            for (String a : System.getProperty("apis", "STATEMENT,PREPARED").split(",")) {
                Api api = Api.valueOf(a.trim());
                results.add(measure(shape, api, rounds, sliceMillis, first ? 2 * warmupMillis : warmupMillis));
                first = false;
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("at", Instant.now().toString());
        doc.put("rounds", rounds);
        doc.put("sliceMillis", sliceMillis);
        doc.put("results", results);
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), doc);
        System.out.println("Wrote " + out);
    }

    private static Map<String, Object> measure(Shape shape, Api api, int rounds, long sliceMillis, long warmupMillis)
        throws Exception {
        StubSession cold = StubSession.open(Target.TANDEM_COLD, shape, api, BLACKHOLE);
        StubSession raw = StubSession.open(Target.RAW_UNIQUE_TEXT, shape, api, BLACKHOLE);
        Parse parse = new Parse(shape.sql(api, MigrationSpec.MIGRATED_TABLE));
        try {
            Map<Path3, List<Double>> nanos = new LinkedHashMap<>();
            for (Path3 p : Path3.values()) {
                nanos.put(p, new ArrayList<>());
            }
            List<Path3> order = new ArrayList<>(List.of(Path3.values()));
            Random shuffle = new Random(shape.ordinal() * 31L + api.ordinal());
            int warmup = (int) Math.max(2, warmupMillis / (sliceMillis * Path3.values().length));
            for (int round = 0; round < warmup + rounds; round++) {
                Collections.shuffle(order, shuffle);
                for (Path3 p : order) {
                    double ns = switch (p) {
                        case TANDEM_COLD -> slice(cold::statement, sliceMillis);
                        case RAW_UNIQUE_TEXT -> slice(raw::statement, sliceMillis);
                        case PARSE -> slice(parse::next, sliceMillis);
                    };
                    if (round >= warmup) {
                        nanos.get(p).add(ns);
                    }
                }
            }
            double[] perRound = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                perRound[i] = (nanos.get(Path3.TANDEM_COLD).get(i) - nanos.get(Path3.RAW_UNIQUE_TEXT).get(i))
                    / nanos.get(Path3.PARSE).get(i);
            }
            double median = Stats.median(perRound);
            double[] interval = Stats.bootstrap(perRound, new Random(shape.ordinal() * 7L + api.ordinal()));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("shape", shape.name());
            r.put("api", api.name());
            Map<String, Object> medians = new LinkedHashMap<>();
            nanos.forEach((p, v) -> medians.put(p.name(), Stats.median(v)));
            r.put("nanosPerStatement", medians);
            r.put("median", median);
            r.put("low", interval[0]);
            r.put("high", interval[1]);
            r.put("perRound", perRound);
            System.out.printf("%-6s %-9s cold %8.0f ns, raw %5.0f ns, parse %8.0f ns: (cold - raw) / parse %.3f "
                    + "[%.3f, %.3f]%n", shape, api, medians.get("TANDEM_COLD"), medians.get("RAW_UNIQUE_TEXT"),
                medians.get("PARSE"), median, interval[0], interval[1]);
            return r;
        } finally {
            cold.close();
            raw.close();
        }
    }

    /** One unit of work of a path. */
    @FunctionalInterface
    private interface Work {
        void run(Blackhole bh) throws Exception;
    }

    /** Runs {@code work} for {@code millis}; nanoseconds per run. */
    private static double slice(Work work, long millis) throws Exception {
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000L;
        long n = 0;
        long now;
        do {
            work.run(BLACKHOLE);
            n++;
            now = System.nanoTime();
        } while (now < deadline);
        return (double) (now - start) / n;
    }

    /** JSqlParser's simple parse of the texts a cold session sends, on the calling thread. */
    private static final class Parse {
        private final String sql;
        private long counter = StubSession.FIRST_COUNTER;

        Parse(String sql) {
            this.sql = sql;
        }

        void next(Blackhole bh) throws ParseException {
            String text = StubSession.withComment(sql, counter++);
            bh.consume(CCJSqlParserUtil.newParser(text).withAllowComplexParsing(false).Statements());
        }
    }
}
