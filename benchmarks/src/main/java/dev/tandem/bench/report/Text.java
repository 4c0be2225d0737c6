package dev.tandem.bench.report;

/** The fixed prose of docs/benchmarks.md: what each table measures and how. */
final class Text {
    static final String INTRO = """
        What Tandem costs, measured next to the raw driver and p6spy in the same run, so that every ratio
        compares numbers taken on the same machine minutes apart. The benchmarks live in `benchmarks/`
        (JMH); the build compiles and packages them but never runs them.

        - `benchmarks/run` builds, runs everything (about 40 minutes on 2 cores) and rewrites this file.
        - `benchmarks/run --smoke` runs one short iteration of each benchmark (end to end: the UPDATE
          only), about 3 minutes, and writes `benchmarks/target/benchmarks-smoke.md` instead.
        - Anything else is passed to JMH, e.g. `benchmarks/run StubOverhead -p shape=INSERT` (such a partial
          run writes `benchmarks/target/benchmarks-partial.md`, or `--out FILE`);
          `-Djdbc.url=jdbc:postgresql://...` and `-Djdbc.mysql.url=jdbc:mysql://...` use existing servers
          instead of the embedded ones (the benchmarks drop and create `bench_users` and `bench_accounts`
          there).

        """;

    static final String TARGET_NOTE = """
        "Worst case" is the least favourable shape and API (or thread count) of the tables below; a target
        is met only if every case meets it. A verdict marked "within the run-to-run spread" is closer to the
        limit than one standard deviation of the iterations behind it: another run may well go the other way.

        """;

    static final String STUB = """
        One statement as an application sends it (create or prepare, bind, execute, read the row or the
        count, close) through a stub JDBC driver that does nothing (the driver's test stub,
        `dev.tandem.driver.stub`, on a quiet `jdbc:stub:quiet:` URL), so only the proxy's own work is
        measured. The raw column is the stub alone; the others are the extra nanoseconds over it (± one
        standard deviation of the iterations).

        - **p6spy**: p6spy 3.9.1 wrapping every call, its logging module loaded but logging nowhere
          (`spy.properties`: Slf4JLogger without an SLF4J provider, so no category is enabled and nothing is
          formatted). p6spy at its cheapest.
        - **Tandem passthrough**: a statement on `bench_accounts`, which no migration touches: the lexical
          prefilter finds no migrated table name and the text goes to the stub unparsed.
        - **Tandem warm rewrite**: the same statement on `bench_users` (`email` renamed to `email_address`,
          DUAL_WRITE), the same text every time, so its plan comes from the plan cache. The INSERT and UPDATE
          are rewritten to write both columns, with the parameter fanned out; the SELECT is planned but sent
          unchanged (DUAL_WRITE still reads the old column).
        - **Tandem cold**: the same statement with a trailing comment holding a counter, so every text is new:
          parse, rewrite, render, cache, with statement shapes off (`tandem.shapes=off`: a comment is not
          part of a statement's shape, so with shapes on every text after the first would be planned through
          the shape, not parsed). The column is its cost over the raw stub given the same changing
          texts, so building the text is not counted.
        - **JSqlParser parse**: `CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false).Statements()`
          of the same text on the calling thread: the simple parse JSqlParser tries first, run where Tandem
          runs it. **cold / parse** is the cold column divided by this one. The two come from separate JMH
          forks, and each fork compiles JSqlParser's parser its own way (the same parse has taken from 24 to
          107 µs from one fork to another), so this ratio moves by tens of percent between runs; the cold-path
          target is judged on the paired measurement that follows.

        """;

    static final String STUB_LITERALS = """
        `StubLiterals`: a plain `Statement` whose text has its values written in, every statement a different
        text: a ring of 4,096 texts per shape, built before the measurement, that differ in the key and in a
        string holding it (`SELECT id, name, email FROM bench_users WHERE id = 1000017`, `INSERT INTO
        bench_users (id, name, email) VALUES (1000017, 'ann', 'v1000017@example.com')`, `UPDATE bench_users
        SET email = 'v1000017@example.com' WHERE id = 1000017`). The SELECT runs in READ_NEW and the writes
        in DUAL_WRITE, so all three are rewritten. **Tandem through shapes** is Tandem's extra time over the
        raw stub given the same texts: one lexical pass and a splice of the text's own literals into the
        shape's rewritten text. **Shapes off** is the same with `tandem.shapes=off` and texts that never
        repeat (building each is in that column): a parse per statement, as before issue 13. Issue 13's
        limit is 2 µs over raw; the verdict is met when the mean plus one standard deviation is under it.

        """;

    /** Format arguments: rounds, round milliseconds, warmup rounds, time of the run. */
    static final String INTERLEAVED = """
        `dev.tandem.bench.e2e.Interleaved`: one JVM and one server per database, all five driver paths
        ready at once, and the paths alternating statement by statement: each benchmark thread runs one
        single-row statement (as in the JMH tables below) of each path per cycle, in a new random order
        every cycle, and times each statement. %d rounds of %d ms of such cycles are measured, after %d
        warm-up rounds. The paths of one benchmark thread share one physical connection (one server
        backend) and one source of keys: the raw paths use the vendor connection unwrapped from the Tandem
        connection, p6spy wraps that same vendor connection, and the inserts of all paths interleave in one
        key range. A path's rate in a round is its statements over the time they took (summed over the
        threads); each ratio is taken within a round, where both sides ran microseconds apart, so drifts of
        the machine and the server (other processes, vacuum or purge, the tables' growth, the JIT) touch
        both alike. Shown is the median of the per-round ratios and, in brackets, a bootstrap 95%% interval
        of that median. The end-to-end targets are judged on that interval. Measured %s.

        """;

    static final String INTERLEAVED_LITERALS = """
        The same paired, interleaved measurement (the same rounds) of the `*_LITERALS` statements: a plain
        `Statement` with the values written into the SQL, every text different (a new key, and for the
        writes a new e-mail, in each). Tandem runs the application's text on `bench_users`, the SELECT in
        READ_NEW (`SELECT id, name, email FROM bench_users WHERE id = 4711`, sent with
        `bench_users.email_address AS email`) and the INSERT and UPDATE in DUAL_WRITE; it plans each
        through the statement's shape (each case checks that Tandem counted shape hits). Raw runs the
        hand-written equivalent on the same connection (`email_address AS email`; both columns written),
        so both sides do the same work on the server. Issue 13's target: Tandem ≥ 0.95× raw, judged on the
        95% interval (before shapes, 0.40× for the SELECT and 0.41× for the UPDATE on PostgreSQL, one
        connection). Tandem's extra time is the difference of the two paths' median times per statement.
        Passthrough / raw is the same text on `bench_accounts`, which no migration touches.

        """;

    /** Format arguments: rounds, slice milliseconds, time of the run. */
    static final String COLD = """
        `dev.tandem.bench.overhead.ColdInterleaved`: one JVM, and for each shape and API three paths run in
        turn, %d rounds of %d ms each in a new random order every round, after a few seconds' warm-up: Tandem
        cold over the stub (a new text every statement, as in the table above), the raw stub given the same
        changing texts, and JSqlParser's simple parse of the same texts on the calling thread
        (`CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false).Statements()`). All three share one
        compiled parser, so the ratio `(cold - raw) / parse`, taken within each round, compares like with
        like; shown is its median over the rounds and, in brackets, a bootstrap 95%% interval of that median.
        The times are the medians per statement. The cold-path target is judged on the interval. Measured %s.

        """;

    static final String END_TO_END = """
        JMH, absolute throughput: one single-row statement by primary key per operation, prepared, bound,
        executed and closed as an application does, on a table seeded with 10,000 rows; a fresh server and
        fresh tables for every trial (JMH fork). p6spy and Tandem passthrough are shown as ratios to the raw
        driver on the unmigrated table; Tandem DUAL_WRITE runs the application's SQL on the migrated table,
        and the hand-written dual write is the raw driver running the SQL a person would write to fill both
        columns
        (`INSERT ... (id, name, email, email_address)`, `UPDATE ... SET email = ?, email_address = ?`): the
        floor for DUAL_WRITE. For SELECT, both DUAL_WRITE columns run the same query.

        """;

    static final String METHOD = """
        - JMH 1.37, one fork per benchmark and parameter set, fixed heap (`-Xms1g -Xmx1g`), results consumed
          by a `Blackhole`. The figures are the mean of the measured iterations; ± is their standard
          deviation (JMH's 99.9% confidence intervals, in `benchmarks/target/jmh.json`, are wide with this
          few iterations).
        - Every ratio divides two numbers from the same run. In the JMH end-to-end tables each case is its
          own fork against its own server, so fork-to-fork variance (tens of percent on a 2-core machine
          where the server, the benchmark threads, the JIT and the garbage collector share the cores) is in
          every ratio; the end-to-end targets are therefore judged on the paired, interleaved measurement.
        - Tandem runs with a `SimpleMeterRegistry` (counting as in production) and the YAML spec of
          `dev.tandem.bench.MigrationSpec` from a temporary file. Each benchmark checks that it measures
          what it says: the connection class must come from the expected driver, Tandem's
          `tandem.statements` meter must show the expected outcome (passthrough, unchanged or rewritten),
          and after a dual-write run every row of `bench_users` must have `email_address = email`.
        - The embedded servers run with durability off (PostgreSQL `fsync`, `full_page_writes` and
          `synchronous_commit` off; MariaDB `innodb_flush_log_at_trx_commit=2`), so disks do not drown the
          drivers' differences. Each trial's data directory is a copy of a template (initialised and
          seeded once, kept in `benchmarks/target/db`) placed in memory under `/dev/shm` where there is one.

        """;

    static final String DEFAULT_NOTES = """

        ## Notes

        Hand-written findings about a run go here.
        """;

    private Text() {
    }
}
