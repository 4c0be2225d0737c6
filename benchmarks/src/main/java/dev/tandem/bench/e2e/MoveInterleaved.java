package dev.tandem.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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

/**
 * A move's DUAL_WRITE writes end to end on PostgreSQL, by the paired, interleaved measurement of
 * {@link Interleaved}: {@code bench_products.stock} moved to {@code bench_inventory}; the application's
 * {@code UPDATE bench_products SET stock = ? WHERE id = ?} and {@code INSERT INTO bench_products (id, name, stock)
 * VALUES (?, 'new', ?)} through {@code jdbc:tandem:} (autocommit, one statement: Tandem makes it one statement that
 * writes both tables) against the same writes by hand on the raw driver, every {@link MoveStatement.Path} of a
 * benchmark thread on one physical connection, one statement of each path per cycle in a new random order, the
 * ratios taken per round. The ratios: Tandem over the hand-written transaction (source statement and target upsert,
 * then COMMIT), Tandem over one hand-written CTE statement, and Tandem over the source statement alone on an
 * unmigrated table (what writing the target costs).
 *
 * <p>Properties: {@code -Drounds=} (default 200), {@code -DroundMillis=} (default 125), {@code -Dthreads=1},
 * {@code -Dstatements=UPDATE,INSERT}, {@code -Dout=} (default benchmarks/target/move-interleaved.json),
 * {@code -Djdbc.url} for an existing PostgreSQL (its tables bench_products, bench_products_plain and
 * bench_inventory are dropped and created). PostgreSQL only: this version writes a move's two tables there only.
 */
public final class MoveInterleaved {
    private static final Blackhole BLACKHOLE = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    private static final MoveStatement.Path[] PATHS = MoveStatement.Path.values();
    private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

    /** The ratios reported: Tandem over each baseline. */
    private static final MoveStatement.Path[] BASELINES = {MoveStatement.Path.RAW_TRANSACTION,
        MoveStatement.Path.RAW_CTE, MoveStatement.Path.RAW_SOURCE_ONLY};

    private MoveInterleaved() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 200);
        long roundMillis = Long.getLong("roundMillis", 125);
        List<Integer> threadCounts = new ArrayList<>();
        for (String t : System.getProperty("threads", "1").split(",")) {
            threadCounts.add(Integer.parseInt(t.trim()));
        }
        List<MoveStatement> statements = new ArrayList<>();
        for (String s : System.getProperty("statements", "UPDATE,INSERT").split(",")) {
            statements.add(MoveStatement.valueOf(s.trim()));
        }
        Path out = Path.of(System.getProperty("out", "benchmarks/target/move-interleaved.json"));
        TandemDriver.setDefaultMeterRegistry(REGISTRY);
        List<Map<String, Object>> results = new ArrayList<>();
        Path spec = MoveStatement.spec();
        System.out.println("== PostgreSQL, move in DUAL_WRITE: " + rounds + " rounds of " + roundMillis + " ms");
        try (Server server = Servers.postgres()) {
            MoveStatement.create(server.url());
            String description = server.description() + ", " + Schema.serverVersion(server.url());
            int threadIndex = 0;
            for (MoveStatement statement : statements) {
                for (int threads : threadCounts) {
                    double before = parses();
                    Map<String, Object> r = measure(server.url(), spec, statement, threads, rounds, roundMillis,
                        threadIndex);
                    threadIndex += threads;
                    r.put("tandemParses", parses() - before);
                    r.put("server", description);
                    results.add(r);
                }
            }
            long apart = MoveStatement.apart(server.url());
            if (apart > 0) {
                throw new IllegalStateException(apart + " rows of " + MoveStatement.SOURCE + " have no or another "
                    + "stock in " + MoveStatement.TARGET + ": a write did not reach both tables");
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("at", Instant.now().toString());
        doc.put("rounds", rounds);
        doc.put("warmupRounds", Interleaved.warmupRounds(roundMillis));
        doc.put("roundMillis", roundMillis);
        doc.put("results", results);
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), doc);
        System.out.println("Wrote " + out);
    }

    private static Map<String, Object> measure(String rawUrl, Path spec, MoveStatement statement, int threads,
                                               int rounds, long roundMillis, int firstThread) throws Exception {
        List<Connection> physical = new ArrayList<>();
        List<Alternation> work = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                Connection tandem = DriverManager.getConnection(MigrationSpec.tandemUrl(rawUrl, spec, ""));
                physical.add(tandem);
                Connection vendor = tandem.unwrap(org.postgresql.jdbc.PgConnection.class);
                if (!tandem.getClass().getName().startsWith("dev.tandem.driver.")) {
                    throw new IllegalStateException("not a Tandem connection: " + tandem.getClass().getName());
                }
                Connection[] connections = new Connection[PATHS.length];
                for (int i = 0; i < PATHS.length; i++) {
                    connections[i] = PATHS[i] == MoveStatement.Path.TANDEM ? tandem : vendor;
                }
                // The paths of a thread share its keys, as in Interleaved: their inserts interleave in one range.
                Alternation a = new Alternation(statement, connections, new Ids(firstThread + t,
                    MoveStatement.SEED_ROWS), new SplittableRandom(statement.ordinal() * 31L + threads * 7L + t));
                a.check();
                work.add(a);
            }
            Map<MoveStatement.Path, List<Double>> rates = new EnumMap<>(MoveStatement.Path.class);
            for (MoveStatement.Path p : PATHS) {
                rates.put(p, new ArrayList<>());
            }
            int warmup = Interleaved.warmupRounds(roundMillis);
            for (int round = 0; round < warmup + rounds; round++) {
                double[] rate = round(pool, work, roundMillis);
                if (round >= warmup) {
                    for (int i = 0; i < PATHS.length; i++) {
                        rates.get(PATHS[i]).add(rate[i]);
                    }
                }
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("statement", statement.name());
            r.put("threads", threads);
            r.put("tandemSql", statement.source());
            r.put("cteSql", statement.cte());
            Map<String, Object> medians = new LinkedHashMap<>();
            rates.forEach((p, v) -> medians.put(p.name(), Stats.median(v)));
            r.put("opsPerSecond", medians);
            Map<String, Object> ratios = new LinkedHashMap<>();
            StringBuilder line = new StringBuilder(String.format("%-6s %d thread(s): ops/s %s;", statement, threads,
                medians));
            for (MoveStatement.Path baseline : BASELINES) {
                double[] perRound = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    perRound[i] = rates.get(MoveStatement.Path.TANDEM).get(i) / rates.get(baseline).get(i);
                }
                double[] interval = Stats.bootstrap(perRound, new Random(baseline.ordinal() * 7L + statement.ordinal()));
                Map<String, Object> ratio = new LinkedHashMap<>();
                ratio.put("median", Stats.median(perRound));
                ratio.put("low", interval[0]);
                ratio.put("high", interval[1]);
                ratio.put("perRound", perRound);
                ratios.put("TANDEM_VS_" + baseline.name(), ratio);
                line.append(String.format("  TANDEM/%s %.3f [%.3f, %.3f]", baseline, Stats.median(perRound),
                    interval[0], interval[1]));
            }
            r.put("ratios", ratios);
            System.out.println(line);
            return r;
        } finally {
            pool.shutdownNow();
            for (Connection c : physical) {
                c.close(); // the Tandem connection; it closes the vendor connection under it
            }
        }
    }

    /** Tandem's parses so far (plan cache misses): a warm run adds none per statement. */
    private static double parses() {
        return REGISTRY.find("tandem.plan.cache.misses").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static double[] round(java.util.concurrent.ExecutorService pool, List<Alternation> threads, long millis)
        throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (Alternation a : threads) {
            done.add(pool.submit(() -> {
                a.run(deadline);
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
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

    /** One benchmark thread: a connection per path (the same physical one), its keys, what a round measured. */
    private static final class Alternation {
        private final MoveStatement statement;
        private final Connection[] connections;
        private final Ids ids;
        private final SplittableRandom random;
        private final int[] order = new int[PATHS.length];
        final long[] nanos = new long[PATHS.length];
        final long[] count = new long[PATHS.length];

        Alternation(MoveStatement statement, Connection[] connections, Ids ids, SplittableRandom random) {
            this.statement = statement;
            this.connections = connections;
            this.ids = ids;
            this.random = random;
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
        }

        /** One execution of each path: a refused or failing statement fails here, before any measurement. */
        void check() throws SQLException {
            for (int i = 0; i < PATHS.length; i++) {
                statement.run(PATHS[i], connections[i], ids, BLACKHOLE);
            }
        }

        void run(long deadline) throws SQLException {
            Arrays.fill(nanos, 0);
            Arrays.fill(count, 0);
            do {
                for (int i = order.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int swap = order[i];
                    order[i] = order[j];
                    order[j] = swap;
                }
                for (int p : order) {
                    long start = System.nanoTime();
                    statement.run(PATHS[p], connections[p], ids, BLACKHOLE);
                    nanos[p] += System.nanoTime() - start;
                    count[p]++;
                }
            } while (System.nanoTime() < deadline);
        }
    }
}
