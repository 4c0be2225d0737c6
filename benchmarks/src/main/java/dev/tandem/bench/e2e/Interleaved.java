package dev.tandem.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.p6spy.engine.common.ConnectionInformation;
import com.p6spy.engine.spy.P6Core;
import dev.tandem.bench.MigrationSpec;
import dev.tandem.bench.Stats;
import dev.tandem.driver.TandemDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * End-to-end ratios by paired, interleaved measurement: one JVM, one server, every driver path ready at
 * once, and the paths alternating statement by statement: each benchmark thread runs one statement of each
 * path per cycle, in a new random order every cycle, and times each statement. A round is a fixed time of
 * such cycles; a ratio is taken within each round (Tandem passthrough over raw, DUAL_WRITE over the
 * hand-written SQL) from the time each path's statements took. Both sides of a ratio run microseconds
 * apart, so drifts of the machine and of the server (another process, vacuum or purge, table and index
 * growth, the JIT) hit them alike; the report gives the median of the per-round ratios and a bootstrap
 * 95 % interval of that median.
 *
 * <p>Paths used to alternate by 25 ms slices; their ratios moved by 1-2 % from one run to the next, more
 * than their intervals allowed (a drift lasting longer than a slice is not shared by the paths of a round),
 * in whichever pair it happened to hit: passthrough over raw, two wrappers of the same code, measured 0.983
 * in one run and 0.998 in the one before.
 *
 * <p>All five paths of one benchmark thread share one physical connection (one server backend): Tandem
 * connects, the raw paths use the vendor connection unwrapped from it, and p6spy wraps that same vendor
 * connection. With a backend per path, each path's round trip depended on where the scheduler happened to
 * place its server process relative to the client thread, a systematic difference of tens of percent per
 * path on two cores that no amount of interleaving removes.
 *
 * <p>This is the instrument for the 0.99× and 0.97× targets: JMH's one-fork-per-case design puts
 * fork-to-fork variance (tens of percent on two cores) into every end-to-end ratio, which cannot resolve
 * one percent. The JMH end-to-end benchmarks remain the absolute numbers.
 *
 * <p>Properties: {@code -Ddbs=postgres,mariadb}, {@code -Drounds=} (default 400), {@code -DroundMillis=}
 * (default 125), {@code -Dthreads=1,4}, {@code -Dstatements=SELECT,INSERT,UPDATE,SELECT_LITERALS,...} (the
 * {@code *_LITERALS} ones: plain statements with literal values, every text different, Tandem's SELECT in
 * READ_NEW; see {@link SingleRowStatement}), {@code -Dout=} (default
 * benchmarks/target/interleaved.json), and {@code -Djdbc.url} / {@code -Djdbc.mysql.url} for existing
 * servers (their tables bench_users and bench_accounts are dropped and created).
 */
public final class Interleaved {
    /** Warm-up: at least this long before the first measured round of a case. */
    private static final long WARMUP_MILLIS = 2000;
    private static final Blackhole BLACKHOLE = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    /** The paired ratios reported: numerator path over denominator path. */
    enum Pair {
        PASSTHROUGH_VS_RAW(DriverPath.TANDEM_PASSTHROUGH, DriverPath.RAW),
        P6SPY_VS_RAW(DriverPath.P6SPY, DriverPath.RAW),
        DUAL_WRITE_VS_HAND_WRITTEN(DriverPath.TANDEM_DUAL_WRITE, DriverPath.HAND_DUAL_WRITE);

        final DriverPath path;
        final DriverPath baseline;

        Pair(DriverPath path, DriverPath baseline) {
            this.path = path;
            this.baseline = baseline;
        }
    }

    private static final DriverPath[] PATHS = DriverPath.values();
    private static final String DEFAULT_STATEMENTS =
        "SELECT,INSERT,UPDATE,SELECT_LITERALS,INSERT_LITERALS,UPDATE_LITERALS";
    /** Tandem's meters, to check that the literal statements went through their shapes. */
    private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

    private int nextThreadIndex;

    private Interleaved() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 400);
        long roundMillis = Long.getLong("roundMillis", 125);
        List<Integer> threadCounts = new ArrayList<>();
        for (String t : System.getProperty("threads", "1,4").split(",")) {
            threadCounts.add(Integer.parseInt(t.trim()));
        }
        List<SingleRowStatement> statements = new ArrayList<>();
        for (String s : System.getProperty("statements", DEFAULT_STATEMENTS).split(",")) {
            statements.add(SingleRowStatement.valueOf(s.trim()));
        }
        Path out = Path.of(System.getProperty("out", "benchmarks/target/interleaved.json"));
        TandemDriver.setDefaultMeterRegistry(REGISTRY);
        Interleaved run = new Interleaved();
        List<Map<String, Object>> results = new ArrayList<>();
        for (String db : System.getProperty("dbs", "postgres,mariadb").split(",")) {
            boolean pg = db.trim().startsWith("postgres");
            String name = pg ? "PostgreSQL" : "MariaDB";
            System.out.println("== " + name + ": " + rounds + " rounds of " + roundMillis + " ms");
            try (Server server = pg ? Servers.postgres() : Servers.mariaDb()) {
                if (!server.seeded()) {
                    Schema.create(server.url());
                }
                String description = server.description() + ", " + Schema.serverVersion(server.url());
                for (SingleRowStatement statement : statements) {
                    Path spec = MigrationSpec.writeTempFile(statement.phase());
                    for (int threads : threadCounts) {
                        Map<String, Double> before = planCounts();
                        Map<String, Object> r = run.measure(server.url(), spec, statement, threads, rounds,
                            roundMillis);
                        Map<String, Double> planned = planCounts();
                        planned.replaceAll((k, v) -> v - before.get(k));
                        r.put("plans", planned);
                        if (statement.literals()) {
                            System.out.println("  Tandem's plans: " + planned);
                            if (planned.get(SHAPE_HITS) == 0) {
                                throw new IllegalStateException(statement + " on " + name + ": Tandem planned no "
                                    + "statement through its shape; the benchmark did not measure what it says");
                            }
                        }
                        r.put("database", name);
                        r.put("server", description);
                        results.add(r);
                    }
                }
                long apart = Schema.rowsWithColumnsApart(server.url());
                if (apart > 0) {
                    throw new IllegalStateException(apart + " rows of " + MigrationSpec.MIGRATED_TABLE + " on " + name
                        + " have email_address different from email: a DUAL_WRITE statement did not write both");
                }
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("at", Instant.now().toString());
        doc.put("rounds", rounds);
        doc.put("warmupRounds", warmupRounds(roundMillis));
        doc.put("roundMillis", roundMillis);
        doc.put("results", results);
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), doc);
        System.out.println("Wrote " + out);
    }

    private Map<String, Object> measure(String rawUrl, Path spec, SingleRowStatement statement, int threads,
                                        int rounds, long roundMillis) throws Exception {
        Map<DriverPath, List<Workload.Session>> sessions = new EnumMap<>(DriverPath.class);
        List<Connection> physical = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (DriverPath path : DriverPath.values()) {
                sessions.put(path, new ArrayList<>());
            }
            for (int t = 0; t < threads; t++) {
                Connection tandem = DriverManager.getConnection(DriverPath.TANDEM_PASSTHROUGH.url(rawUrl, spec));
                physical.add(tandem);
                Connection vendor = vendor(tandem, rawUrl);
                Connection p6spy = P6Core.wrapConnection(vendor, ConnectionInformation.fromDriver(
                    DriverManager.getDriver(rawUrl), vendor, 0));
                Ids ids = new Ids(nextThreadIndex++, Schema.SEED_ROWS);
                for (DriverPath path : DriverPath.values()) {
                    Connection c = switch (path) {
                        case RAW, HAND_DUAL_WRITE -> vendor;
                        case P6SPY -> p6spy;
                        case TANDEM_PASSTHROUGH, TANDEM_DUAL_WRITE -> tandem;
                    };
                    // The paths of a thread share its keys: their inserts interleave in one key range, so no
                    // path gets the index's rightmost page (PostgreSQL's fast path for ascending keys) to
                    // itself. With a range per path, the one with the highest keys inserted measurably faster.
                    sessions.get(path).add(Workload.session(path, c, rawUrl, ids,
                        statement.operation(path.table(), path.writesBothColumns()), BLACKHOLE));
                }
            }
            Map<DriverPath, List<Double>> rates = new EnumMap<>(DriverPath.class);
            for (DriverPath path : DriverPath.values()) {
                rates.put(path, new ArrayList<>());
            }
            List<Alternation> threadsWork = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Workload.Session[] mine = new Workload.Session[PATHS.length];
                for (int i = 0; i < PATHS.length; i++) {
                    mine[i] = sessions.get(PATHS[i]).get(t);
                }
                long seed = statement.ordinal() * 31L + threads * 7L + t;
                threadsWork.add(new Alternation(mine, new SplittableRandom(seed)));
            }
            int warmup = warmupRounds(roundMillis);
            for (int round = 0; round < warmup + rounds; round++) {
                double[] rate = round(pool, threadsWork, roundMillis);
                if (round >= warmup) {
                    for (int i = 0; i < PATHS.length; i++) {
                        rates.get(PATHS[i]).add(rate[i]);
                    }
                }
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("statement", statement.name());
            r.put("literals", statement.literals());
            r.put("phase", statement.phase());
            r.put("threads", threads);
            Map<String, Object> medians = new LinkedHashMap<>();
            rates.forEach((p, v) -> medians.put(p.name(), Stats.median(v)));
            r.put("opsPerSecond", medians);
            Map<String, Object> ratios = new LinkedHashMap<>();
            StringBuilder line = new StringBuilder(String.format("%-6s %d thread(s):", statement, threads));
            for (Pair pair : Pair.values()) {
                double[] perRound = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    perRound[i] = rates.get(pair.path).get(i) / rates.get(pair.baseline).get(i);
                }
                double[] interval = Stats.bootstrap(perRound,
                    new Random(pair.ordinal() * 7L + statement.ordinal()));
                Map<String, Object> ratio = new LinkedHashMap<>();
                ratio.put("median", Stats.median(perRound));
                ratio.put("low", interval[0]);
                ratio.put("high", interval[1]);
                ratio.put("perRound", perRound);
                ratios.put(pair.name(), ratio);
                line.append(String.format("  %s %.3f [%.3f, %.3f]", pair, Stats.median(perRound), interval[0],
                    interval[1]));
            }
            r.put("ratios", ratios);
            System.out.println(line);
            return r;
        } finally {
            pool.shutdownNow();
            for (Connection c : physical) {
                c.close(); // the Tandem connection; it closes the vendor connection the other paths used
            }
        }
    }

    private static final String SHAPE_HITS = "tandem.plan.shape.hits";

    /** Tandem's plan counters so far: shape hits, misses and fallbacks, and plan cache misses (parses). */
    private static Map<String, Double> planCounts() {
        Map<String, Double> counts = new LinkedHashMap<>();
        for (String c : new String[] {SHAPE_HITS, "tandem.plan.shape.misses", "tandem.plan.shape.fallbacks",
            "tandem.plan.cache.misses"}) {
            counts.put(c, REGISTRY.find(c).counters().stream().mapToDouble(x -> x.count()).sum());
        }
        return counts;
    }

    /** The vendor connection under a Tandem connection: PostgreSQL's or MySQL Connector/J's. */
    private static Connection vendor(Connection tandem, String rawUrl) throws SQLException {
        Class<? extends Connection> type = rawUrl.startsWith("jdbc:postgresql:")
            ? org.postgresql.jdbc.PgConnection.class : com.mysql.cj.jdbc.ConnectionImpl.class;
        return tandem.unwrap(type);
    }

    static int warmupRounds(long roundMillis) {
        return (int) Math.max(2, (WARMUP_MILLIS + roundMillis - 1) / roundMillis);
    }

    /**
     * One round: every benchmark thread runs its sessions' statements in turn for {@code millis}, one
     * statement of each path per cycle in a new random order every cycle, timing each statement. Returns
     * each path's statements per second: per thread, statements over the time spent in them, summed over
     * the threads.
     */
    private static double[] round(ExecutorService pool, List<Alternation> threads, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        List<Future<?>> done = new ArrayList<>();
        for (Alternation a : threads) {
            done.add(pool.submit(() -> {
                a.run(deadline);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double[] rates = new double[PATHS.length];
        for (Alternation a : threads) {
            for (int i = 0; i < PATHS.length; i++) {
                rates[i] += a.count[i] * 1e9 / a.nanos[i];
            }
        }
        return rates;
    }

    /** One benchmark thread's sessions, one per path, and what a round measured for each. */
    private static final class Alternation {
        private final Workload.Session[] sessions;
        private final SplittableRandom random;
        private final int[] order;
        final long[] nanos;
        final long[] count;

        Alternation(Workload.Session[] sessions, SplittableRandom random) {
            this.sessions = sessions;
            this.random = random;
            this.order = new int[sessions.length];
            this.nanos = new long[sessions.length];
            this.count = new long[sessions.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
        }

        void run(long deadline) throws SQLException {
            Arrays.fill(nanos, 0);
            Arrays.fill(count, 0);
            do { // at least one cycle, so that every path has a time even if the round started late
                for (int i = order.length - 1; i > 0; i--) { // a new order every cycle (Fisher-Yates)
                    int j = random.nextInt(i + 1);
                    int swap = order[i];
                    order[i] = order[j];
                    order[j] = swap;
                }
                for (int p : order) {
                    long start = System.nanoTime();
                    sessions[p].run(BLACKHOLE);
                    nanos[p] += System.nanoTime() - start;
                    count[p]++;
                }
            } while (System.nanoTime() < deadline);
        }
    }
}
