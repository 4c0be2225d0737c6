package dev.tandem.driver.oracle;

import dev.tandem.driver.oracle.OracleSchema.Layout;
import dev.tandem.driver.oracle.OracleSchema.Table;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs the corpus of one dialect on the twin (old schema, raw driver, the truth) and through Tandem in each of
 * the seven oracle phases, every execution inside a transaction that is rolled back, and compares.
 */
final class OracleRunner implements AutoCloseable {

    /** The seven oracle phases. */
    enum OraclePhase {
        DUAL_WRITE("DUAL_WRITE", 100, 100, Layout.CONSISTENT),
        SHADOW_READ("SHADOW_READ", 100, 100, Layout.CONSISTENT),
        READ_NEW_100("READ_NEW", 100, 100, Layout.CONSISTENT),
        READ_NEW_50("READ_NEW", 50, 100, Layout.CONSISTENT),
        READ_NEW_STALE("READ_NEW", 100, 100, Layout.STALE_OLD),
        CONTRACT_STALE("CONTRACT", 100, 100, Layout.STALE_OLD),
        COMPLETE_DROPPED("COMPLETE", 100, 100, Layout.DROPPED);

        final String phase;
        final int readNew;
        final int shadow;
        final Layout layout;

        OraclePhase(String phase, int readNew, int shadow, Layout layout) {
            this.phase = phase;
            this.readNew = readNew;
            this.shadow = shadow;
            this.layout = layout;
        }

        /** The old columns as stored are the truth (and new = forward(old) must hold). */
        boolean oldIsTruth() {
            return layout == Layout.CONSISTENT;
        }
    }

    /** Difference classes. */
    enum DiffClass {
        WRONG_RESULT("wrong result (rows, values or update counts)"),
        WRONG_STATE("wrong stored data"),
        LABEL_SHAPE("labels / shape of the result"),
        TANDEM_ERROR("Tandem error where the twin succeeded"),
        TANDEM_SUCCEEDED("Tandem succeeded where the twin failed"),
        ERROR_CLASS("error class mismatch"),
        MUST_WORK_REFUSED("refusal of a mustWork statement"),
        SHADOW_FALSE_ALARM("shadow-read mismatch reported although both sides agree");

        final String title;

        DiffClass(String title) {
            this.title = title;
        }
    }

    /** One difference between the twin and Tandem. */
    record Finding(DbKind dialect, OracleCase c, OraclePhase phase, DiffClass cls, String detail, String twin,
                   String tandem, String sent) {
    }

    /** Per-phase counters. */
    static final class Counts {
        int runs;
        int refusals;
        int refusalsTwinFailed;
        int differences;
        double shadowComparisons;
        final Map<String, Integer> refusalStates = new LinkedHashMap<>();
    }

    private static final Pattern WRITE_WORD = Pattern.compile("(?i)\\b(INSERT|UPDATE|DELETE|MERGE|REPLACE)\\b");
    private static final Pattern LOCKING = Pattern.compile("(?i)\\bFOR\\s+(NO\\s+KEY\\s+)?UPDATE\\b");
    private static final Pattern INSERTS = Pattern.compile("(?i)\\b(INSERT|REPLACE)\\b");
    private static final int MAX_ROWS = 500;

    private final DbKind kind;
    /** Runs where MariaDB rejected the original as ambiguous and the rewritten statement ran (not failures). */
    int ambiguityAccepted;
    private final TestDatabase twinDb;
    private final Connection twin;
    private final Map<OraclePhase, PhaseEnv> phases = new LinkedHashMap<>();
    private final List<TestDatabase> tandemDbs = new ArrayList<>();
    final Map<OraclePhase, Counts> counts = new LinkedHashMap<>();
    final List<Finding> findings = new ArrayList<>();
    /** Corpus entries that fail on the twin although marked mustWork: a problem of the corpus, not Tandem. */
    final List<String> corpusProblems = new ArrayList<>();
    int statements;
    int twinErrors;
    /** Refusals of statements the twin ran, by normalised reason, over all phases. */
    final Map<String, Integer> refusalReasons = new java.util.TreeMap<>();

    /** A refusal message without the statement, the phase and the table, so that equal reasons group. */
    static String reason(Outcome o) {
        String m = o.message == null ? "" : o.message;
        int cut = m.indexOf(" Statement: ");
        if (cut > 0) {
            m = m.substring(0, cut);
        }
        m = m.replaceAll("\\(migration '[^']*', phase [A-Z_]+\\)", "(migration M, phase P)")
            .replaceAll("it uses a (\\w+) \\(.*\\), which", "it uses a $1 (…), which")
            .replaceAll("on table \\w+", "on table T")
            .replaceAll("ParseException: Encountered unexpected token: .*", "ParseException …)");
        return o.sqlState + " " + Outcome.abbreviate(m, 260);
    }

    /** Nanoseconds spent per activity, for tuning the run time. */
    final Map<String, Long> nanos = new LinkedHashMap<>();

    private void time(String what, long since) {
        nanos.merge(what, System.nanoTime() - since, Long::sum);
    }

    /** The Tandem side of one phase. */
    private static final class PhaseEnv {
        final OraclePhase phase;
        final Connection tandem;
        final Connection physical;
        final String instanceId;
        final io.micrometer.core.instrument.MeterRegistry meters;

        PhaseEnv(OraclePhase phase, Connection tandem, Connection physical, String instanceId,
                 io.micrometer.core.instrument.MeterRegistry meters) {
            this.phase = phase;
            this.tandem = tandem;
            this.physical = physical;
            this.instanceId = instanceId;
            this.meters = meters;
        }

        double counter(String name) {
            double sum = 0;
            for (io.micrometer.core.instrument.Counter c : meters.find(name).counters()) {
                sum += c.count();
            }
            return sum;
        }
    }

    OracleRunner(DbKind kind, String runTag) throws SQLException, IOException {
        this.kind = kind;
        twinDb = TestDatabases.create(kind, "oracle_twin");
        twinDb.execute(OracleSchema.twinDdl(kind).toArray(new String[0]));
        twinDb.execute(OracleSchema.seed(kind, false, Layout.CONSISTENT).toArray(new String[0]));
        twin = twinDb.connect();
        sessionSettings(twin);
        twin.setAutoCommit(false);
        Path dir = Files.createTempDirectory("tandem-oracle");
        Map<Layout, TestDatabase> byLayout = new LinkedHashMap<>();
        for (OraclePhase p : OraclePhase.values()) {
            TestDatabase db = byLayout.get(p.layout);
            if (db == null) {
                db = TestDatabases.create(kind, "oracle_" + p.layout.name().toLowerCase(Locale.ROOT));
                db.execute(OracleSchema.tandemDdl(kind).toArray(new String[0]));
                db.execute(OracleSchema.seed(kind, true, p.layout).toArray(new String[0]));
                db.execute(OracleSchema.renameDdl(kind, p.layout).toArray(new String[0]));
                byLayout.put(p.layout, db);
                tandemDbs.add(db);
            }
            Path spec = dir.resolve("spec-" + p + ".yaml");
            Files.writeString(spec, OracleSchema.spec(kind, p.phase, p.readNew, p.shadow,
                p.layout == Layout.DROPPED), StandardCharsets.UTF_8);
            String instanceId = "oracle-" + runTag + "-" + kind.name().toLowerCase(Locale.ROOT) + "-" + p.name();
            java.util.Properties props = new java.util.Properties();
            io.micrometer.core.instrument.MeterRegistry meters =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            props.put("tandem.meterRegistry", meters);
            Connection c = DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + spec
                + "&tandem.instanceId=" + instanceId + "&tandem.reloadIntervalMs=3600000"), props);
            Connection physical = physical(c);
            sessionSettings(physical);
            c.setAutoCommit(false);
            phases.put(p, new PhaseEnv(p, c, physical, instanceId, meters));
            counts.put(p, new Counts());
        }
    }

    private Connection physical(Connection tandem) throws SQLException {
        if (kind == DbKind.POSTGRESQL) {
            return (Connection) tandem.unwrap(org.postgresql.PGConnection.class);
        }
        return tandem.unwrap(com.mysql.cj.jdbc.JdbcConnection.class);
    }

    private void sessionSettings(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (kind == DbKind.POSTGRESQL) {
                s.execute("SET statement_timeout = '20s'");
                s.execute("SET lock_timeout = '5s'");
            } else {
                s.execute("SET SESSION max_statement_time = 20, innodb_lock_wait_timeout = 5");
            }
        }
    }

    DbKind kind() {
        return kind;
    }

    /** Runs one case on the twin and in every phase, recording the differences. */
    void check(OracleCase c) {
        statements++;
        boolean write = isWrite(c);
        boolean ordered = ordered(c);
        Outcome expected = execute(twin, twin, c, write, null);
        if (expected.failed()) {
            twinErrors++;
            if (c.mustWork && !c.note.contains("fail")) {
                corpusProblems.add(kind + " " + c + " -> twin " + expected.describe());
            }
        }
        for (PhaseEnv env : phases.values()) {
            Counts n = counts.get(env.phase);
            n.runs++;
            double mismatchesBefore = env.counter("tandem.shadow.mismatches");
            double comparisonsBefore = env.counter("tandem.shadow.comparisons");
            Outcome actual = execute(env.tandem, env.physical, c, write, env.phase);
            List<Finding> diffs = compare(c, env, expected, actual, ordered);
            double mismatches = env.counter("tandem.shadow.mismatches") - mismatchesBefore;
            n.shadowComparisons += env.counter("tandem.shadow.comparisons") - comparisonsBefore;
            if (mismatches > 0 && env.phase.oldIsTruth()) {
                diffs.add(new Finding(kind, c, env.phase, DiffClass.SHADOW_FALSE_ALARM, (long) mismatches
                    + " shadow-read mismatch(es) counted on consistent data", expected.describe(), actual.describe(),
                    actual.sent != null ? actual.sent : plannedSql(env, c.sql)));
            }
            if (actual.refused()) {
                if (expected.failed()) {
                    n.refusalsTwinFailed++;
                } else {
                    n.refusals++;
                    n.refusalStates.merge(actual.sqlState, 1, Integer::sum);
                    refusalReasons.merge(reason(actual), 1, Integer::sum);
                }
            }
            if (!diffs.isEmpty()) {
                n.differences += diffs.size();
                findings.addAll(diffs);
            }
        }
    }

    private List<Finding> compare(OracleCase c, PhaseEnv env, Outcome twinOut, Outcome tandemOut, boolean ordered) {
        List<Finding> out = new ArrayList<>();
        List<String[]> diffs = new ArrayList<>();
        if (twinOut.failed()) {
            if (!tandemOut.failed() && twinOut.message != null && twinOut.message.contains("is ambiguous")
                && "23000".equals(twinOut.sqlState)) {
                // MariaDB's own ambiguity check (a column named in ORDER BY and in a window, say) can see a rewritten
                // statement, whose references Tandem writes qualified or aliased, as unambiguous: documented in
                // docs/sql-support.md ("Which statements are looked at"). Counted in the summary, not a failure.
                ambiguityAccepted++;
            } else if (!tandemOut.failed()) {
                diffs.add(new String[] {DiffClass.TANDEM_SUCCEEDED.name(), "the twin failed with " + twinOut.sqlState
                    + ", Tandem succeeded"});
            } else if (!tandemOut.refused() && !twinOut.errorClass().equals(tandemOut.errorClass())) {
                diffs.add(new String[] {DiffClass.ERROR_CLASS.name(), "SQLState class " + twinOut.errorClass()
                    + " (twin) vs " + tandemOut.errorClass() + " (Tandem)"});
            }
        } else if (tandemOut.failed()) {
            if (tandemOut.refused()) {
                if (c.mustWork) {
                    diffs.add(new String[] {DiffClass.MUST_WORK_REFUSED.name(), "refused with " + tandemOut.sqlState});
                }
            } else {
                diffs.add(new String[] {DiffClass.TANDEM_ERROR.name(), "Tandem failed with " + tandemOut.sqlState});
            }
        } else {
            // MySQL counts an upserted row as changed (2) rather than found (1) when the update also repairs a stale
            // old side: only in READ_NEW with the old side left stale by a rollback from CONTRACT, and only the count.
            boolean staleUpsert = kind == DbKind.MARIADB && env.phase == OraclePhase.READ_NEW_STALE
                && c.sql.toUpperCase(java.util.Locale.ROOT).contains("ON DUPLICATE KEY UPDATE");
            comparePartsInto(twinOut, tandemOut, ordered, diffs);
            if (staleUpsert) {
                diffs.removeIf(d -> d[1].equals("result 1: update count 1 (twin) vs 2 (Tandem)"));
            }
            if (twinOut.state != null) {
                if (tandemOut.state == null) {
                    diffs.add(new String[] {DiffClass.WRONG_STATE.name(), "no Tandem state read"});
                } else if (!twinOut.state.equals(tandemOut.state)) {
                    diffs.add(new String[] {DiffClass.WRONG_STATE.name(), "stored data differs: "
                        + stateDiff(twinOut.state, tandemOut.state)});
                }
                if (!tandemOut.inconsistent.isEmpty()) {
                    diffs.add(new String[] {DiffClass.WRONG_STATE.name(), "rows where new != forward(old): "
                        + tandemOut.inconsistent});
                }
            }
        }
        for (String[] d : diffs) {
            String sent = tandemOut.sent;
            if (sent == null) {
                sent = plannedSql(env, c.api == OracleCase.Api.STATEMENT_BATCH ? c.batchSql.get(0) : c.sql);
            }
            out.add(new Finding(kind, c, env.phase, DiffClass.valueOf(d[0]), d[1], twinOut.describe(),
                tandemOut.describe(), sent));
        }
        return out;
    }

    private static void comparePartsInto(Outcome twinOut, Outcome tandemOut, boolean ordered, List<String[]> diffs) {
        if (twinOut.parts.size() != tandemOut.parts.size()) {
            diffs.add(new String[] {DiffClass.LABEL_SHAPE.name(), "number of results " + twinOut.parts.size()
                + " (twin) vs " + tandemOut.parts.size() + " (Tandem)"});
            return;
        }
        for (int i = 0; i < twinOut.parts.size(); i++) {
            comparePart(twinOut.parts.get(i), tandemOut.parts.get(i), ordered, "result " + (i + 1), diffs);
        }
        if (twinOut.keys != null || tandemOut.keys != null) {
            if (twinOut.keys == null || tandemOut.keys == null) {
                diffs.add(new String[] {DiffClass.LABEL_SHAPE.name(), "generated keys " + twinOut.keys + " (twin) vs "
                    + tandemOut.keys + " (Tandem)"});
            } else {
                comparePart(twinOut.keys, tandemOut.keys, false, "generated keys", diffs);
            }
        }
    }

    private static void comparePart(Outcome.Part a, Outcome.Part b, boolean ordered, String what,
                                    List<String[]> diffs) {
        if (a.kind != b.kind) {
            diffs.add(new String[] {DiffClass.LABEL_SHAPE.name(), what + ": " + a.kind + " vs " + b.kind});
            return;
        }
        switch (a.kind) {
            case UPDATE_COUNT:
                if (a.count != b.count) {
                    diffs.add(new String[] {DiffClass.WRONG_RESULT.name(), what + ": update count " + a.count
                        + " (twin) vs " + b.count + " (Tandem)"});
                }
                return;
            case BATCH:
                if (!java.util.Arrays.equals(a.counts, b.counts)) {
                    diffs.add(new String[] {DiffClass.WRONG_RESULT.name(), what + ": batch counts "
                        + java.util.Arrays.toString(a.counts) + " vs " + java.util.Arrays.toString(b.counts)});
                }
                return;
            default:
                break;
        }
        Outcome.Part t = dropExtraNewColumns(a, b);
        if (!a.labels.equals(t.labels)) {
            diffs.add(new String[] {DiffClass.LABEL_SHAPE.name(), what + ": labels " + a.labels + " (twin) vs "
                + b.labels + " (Tandem)"});
            return;
        }
        List<List<String>> ra = a.rows;
        List<List<String>> rb = t.rows;
        if (!ordered) {
            ra = sorted(ra);
            rb = sorted(rb);
        }
        if (!ra.equals(rb)) {
            String how = ordered && sorted(a.rows).equals(sorted(t.rows)) ? " (same rows, different order)" : "";
            diffs.add(new String[] {DiffClass.WRONG_RESULT.name(), what + ": rows differ" + how + ": "
                + rowDiff(ra, rb)});
        }
    }

    /** Tandem's result without columns labelled exactly as a new column that the twin's result does not have. */
    private static Outcome.Part dropExtraNewColumns(Outcome.Part twinPart, Outcome.Part tandemPart) {
        Set<String> twinLabels = new HashSet<>();
        for (String l : twinPart.labels) {
            twinLabels.add(l.toLowerCase(Locale.ROOT));
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < tandemPart.labels.size(); i++) {
            String l = tandemPart.labels.get(i);
            if (OracleSchema.NEW_COLUMNS.contains(l) && !twinLabels.contains(l)) {
                continue;
            }
            keep.add(i);
        }
        if (keep.size() == tandemPart.labels.size()) {
            return tandemPart;
        }
        List<String> labels = new ArrayList<>();
        for (int i : keep) {
            labels.add(tandemPart.labels.get(i));
        }
        List<List<String>> rows = new ArrayList<>();
        for (List<String> r : tandemPart.rows) {
            List<String> nr = new ArrayList<>();
            for (int i : keep) {
                nr.add(r.get(i));
            }
            rows.add(nr);
        }
        return Outcome.Part.resultSet(labels, rows);
    }

    private static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> s = new ArrayList<>(rows);
        s.sort((x, y) -> String.join("\u0001", x).compareTo(String.join("\u0001", y)));
        return s;
    }

    private static String rowDiff(List<List<String>> a, List<List<String>> b) {
        if (a.size() != b.size()) {
            return a.size() + " rows (twin) vs " + b.size() + " rows (Tandem); twin " + abbreviateRows(a)
                + " Tandem " + abbreviateRows(b);
        }
        StringBuilder s = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                if (shown++ < 4) {
                    s.append("row ").append(i + 1).append(": twin ").append(a.get(i)).append(" Tandem ")
                        .append(b.get(i)).append("; ");
                }
            }
        }
        if (shown > 4) {
            s.append(shown - 4).append(" more rows differ");
        }
        return s.toString();
    }

    private static String abbreviateRows(List<List<String>> rows) {
        return rows.size() > 6 ? rows.subList(0, 6) + "…" : rows.toString();
    }

    private static String stateDiff(List<String> a, List<String> b) {
        List<String> onlyA = new ArrayList<>(a);
        onlyA.removeAll(b);
        List<String> onlyB = new ArrayList<>(b);
        onlyB.removeAll(a);
        return "twin has " + cap(onlyA) + ", Tandem has " + cap(onlyB);
    }

    private static String cap(List<String> l) {
        return l.size() > 6 ? l.subList(0, 6) + "… (" + l.size() + ")" : l.toString();
    }

    /** Executes the case inside a transaction that is rolled back, capturing everything that is compared. */
    private Outcome execute(Connection c, Connection physical, OracleCase k, boolean write, OraclePhase phase) {
        Outcome out = new Outcome();
        boolean inserts = INSERTS.matcher(k.sql).find();
        String dbKey = phase == null ? "twin" : phase.layout.name();
        try {
            long t0 = System.nanoTime();
            if (inserts) {
                resetIdentities(physical, dbKey, k.sql);
            }
            long t1 = System.nanoTime();
            time("identity reset", t0);
            run(c, k, out, phase != null);
            long t2 = System.nanoTime();
            time(phase == null ? "twin statement" : "tandem statement", t1);
            if (write) {
                readState(physical, phase, out, k);
                time("state read", t2);
            }
        } catch (SQLException e) {
            SQLException first = e;
            String state = e.getSQLState();
            if (state == null && e instanceof BatchUpdateException && e.getNextException() != null) {
                first = e.getNextException();
                state = first.getSQLState();
            }
            out.sqlState = state == null ? "?????" : state;
            out.message = first.getMessage();
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            // Not an SQLException: the driver broke its contract (e.g. a NullPointerException).
            out.sqlState = "JAVA!";
            out.message = e.toString() + " at " + java.util.Arrays.toString(java.util.Arrays.copyOf(e.getStackTrace(), Math.min(8, e.getStackTrace().length)));
        } finally {
            long t3 = System.nanoTime();
            try {
                c.rollback();
                time("rollback", t3);
                if (inserts && kind == DbKind.MARIADB) {
                    noteCounterUse(physical, dbKey, k.sql, out.failed());
                }
            } catch (SQLException e) {
                // The next execution will report a broken connection.
                out.message = (out.message == null ? "" : out.message + "; ") + "rollback failed: " + e.getMessage();
                if (out.sqlState == null) {
                    out.sqlState = "ROLLB";
                }
            }
        }
        return out;
    }

    /**
     * MariaDB: resetting an AUTO_INCREMENT counter is DDL and costs ~10 ms, so it is only done for a table the
     * statement names, once an earlier execution may have used its counter (it generated a key, or it failed and
     * might have reserved one).
     */
    private void noteCounterUse(Connection physical, String dbKey, String sql, boolean failed) throws SQLException {
        List<String> tables = identityTablesIn(sql);
        if (tables.isEmpty()) {
            return;
        }
        boolean used = failed;
        if (!failed) {
            try (Statement s = physical.createStatement(); ResultSet r = s.executeQuery("SELECT LAST_INSERT_ID()")) {
                if (r.next() && r.getLong(1) != 0) {
                    used = true;
                    s.execute("SELECT LAST_INSERT_ID(0)");
                }
            }
        }
        if (used) {
            for (String t : tables) {
                dirtyCounters.add(dbKey + "." + t);
            }
        }
    }

    /** Database.table counters that may have moved; all of them at the start. */
    private final Set<String> dirtyCounters = new HashSet<>();

    {
        for (String db : List.of("twin", "CONSISTENT", "STALE_OLD", "DROPPED")) {
            for (Table t : OracleSchema.TABLES) {
                if (t.identity() != null) {
                    dirtyCounters.add(db + "." + t.name());
                }
            }
        }
    }

    private static List<String> identityTablesIn(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (Table t : OracleSchema.TABLES) {
            if (t.identity() != null && lower.contains(t.name())) {
                out.add(t.name());
            }
        }
        return out;
    }

    private void resetIdentities(Connection physical, String dbKey, String sql) throws SQLException {
        try (Statement s = physical.createStatement()) {
            for (String t : identityTablesIn(sql)) {
                if (kind == DbKind.POSTGRESQL || dirtyCounters.remove(dbKey + "." + t)) {
                    s.execute(OracleSchema.resetIdentity(kind, t, !"twin".equals(dbKey)));
                }
            }
        }
    }

    private void run(Connection c, OracleCase k, Outcome out, boolean tandem) throws SQLException {
        switch (k.api) {
            case STATEMENT:
                try (Statement s = c.createStatement()) {
                    boolean rs;
                    switch (k.keys) {
                        case RETURN_GENERATED_KEYS: rs = s.execute(k.sql, Statement.RETURN_GENERATED_KEYS); break;
                        case ID_COLUMN: rs = s.execute(k.sql, new String[] {"id"}); break;
                        default: rs = s.execute(k.sql);
                    }
                    keys(s, k, out);
                    collect(s, rs, out);
                }
                return;
            case PREPARED:
                try (PreparedStatement ps = prepare(c, k)) {
                    bind(ps, k.params.get(0));
                    boolean rs = ps.execute();
                    if (tandem) {
                        out.sent = sentSql(ps);
                    }
                    keys(ps, k, out);
                    collect(ps, rs, out);
                }
                return;
            case BATCH:
                try (PreparedStatement ps = prepare(c, k)) {
                    for (List<OracleCase.Param> row : k.params) {
                        bind(ps, row);
                        ps.addBatch();
                    }
                    if (tandem) {
                        out.sent = sentSql(ps);
                    }
                    out.parts.add(Outcome.Part.batch(ps.executeBatch()));
                    keys(ps, k, out);
                }
                return;
            case STATEMENT_BATCH:
                try (Statement s = c.createStatement()) {
                    for (String sql : k.batchSql) {
                        s.addBatch(sql);
                    }
                    out.parts.add(Outcome.Part.batch(s.executeBatch()));
                }
                return;
            default:
                throw new IllegalStateException(k.api.toString());
        }
    }

    private static PreparedStatement prepare(Connection c, OracleCase k) throws SQLException {
        switch (k.keys) {
            case RETURN_GENERATED_KEYS: return c.prepareStatement(k.sql, Statement.RETURN_GENERATED_KEYS);
            case ID_COLUMN: return c.prepareStatement(k.sql, new String[] {"id"});
            default: return c.prepareStatement(k.sql);
        }
    }

    private static void bind(PreparedStatement ps, List<OracleCase.Param> row) throws SQLException {
        for (int i = 0; i < row.size(); i++) {
            row.get(i).bind(ps, i + 1);
        }
    }

    private String sentSql(PreparedStatement ps) {
        try {
            Object delegate = kind == DbKind.POSTGRESQL ? ps.unwrap(org.postgresql.PGStatement.class)
                : ps.unwrap(com.mysql.cj.jdbc.JdbcPreparedStatement.class);
            String s = String.valueOf(delegate);
            int colon = s.indexOf(": ");
            return kind == DbKind.MARIADB && colon > 0 ? s.substring(colon + 2) : s;
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    private static void collect(Statement s, boolean isResultSet, Outcome out) throws SQLException {
        boolean rs = isResultSet;
        for (int guard = 0; guard < 50; guard++) {
            if (rs) {
                try (ResultSet r = s.getResultSet()) {
                    out.parts.add(read(r));
                }
            } else {
                long n = s.getUpdateCount();
                if (n == -1) {
                    return;
                }
                out.parts.add(Outcome.Part.updateCount(n));
            }
            rs = s.getMoreResults();
        }
    }

    private static void keys(Statement s, OracleCase k, Outcome out) throws SQLException {
        if (k.keys == OracleCase.Keys.NONE) {
            return;
        }
        try (ResultSet r = s.getGeneratedKeys()) {
            out.keys = r == null ? null : read(r);
        }
    }

    static Outcome.Part read(ResultSet r) throws SQLException {
        ResultSetMetaData md = r.getMetaData();
        int n = md.getColumnCount();
        List<String> labels = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            labels.add(md.getColumnLabel(i));
        }
        List<List<String>> rows = new ArrayList<>();
        while (r.next() && rows.size() < MAX_ROWS) {
            List<String> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                String v = r.getString(i);
                row.add(v == null ? "<null>" : v);
            }
            rows.add(row);
        }
        return Outcome.Part.resultSet(labels, rows);
    }

    /** The logical old-side state of every table, read on the physical connection inside the transaction. */
    private void readState(Connection physical, OraclePhase phase, Outcome out, OracleCase k) throws SQLException {
        List<String> state = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        boolean tandem = phase != null;
        // A statement only changes tables it names (the schema has no triggers or cascades), so only those are read.
        String text = (k.sql + " " + String.join(" ", k.batchSql)).toLowerCase(Locale.ROOT);
        try (Statement s = physical.createStatement()) {
            for (Table t : OracleSchema.TABLES) {
                if (!text.contains(t.name())) {
                    continue;
                }
                String sql = OracleSchema.stateQuery(kind, t, tandem, !tandem || phase.oldIsTruth());
                try (ResultSet r = s.executeQuery(sql)) {
                    ResultSetMetaData md = r.getMetaData();
                    int n = t.cols().size();
                    boolean check = md.getColumnCount() > n;
                    while (r.next()) {
                        StringBuilder b = new StringBuilder(t.name()).append('(');
                        for (int i = 1; i <= n; i++) {
                            if (i > 1) {
                                b.append(", ");
                            }
                            String v = r.getString(i);
                            b.append(v == null ? "<null>" : v);
                        }
                        b.append(')');
                        state.add(b.toString());
                        if (check && !"ok".equals(r.getString(n + 1))) {
                            bad.add(b + " " + r.getString(n + 1));
                        }
                    }
                }
            }
        }
        out.state = state;
        out.inconsistent = bad;
    }

    /** The SQL Tandem plans for {@code sql} in this phase, through its runtime (reflection: a debugging aid). */
    private String plannedSql(PhaseEnv env, String sql) {
        try {
            Class<?> rt = Class.forName("dev.tandem.driver.internal.runtime.TandemRuntime");
            Object runtime = Class.forName("dev.tandem.driver.internal.runtime.Runtimes")
                .getMethod("forInstance", String.class).invoke(null, env.instanceId);
            if (runtime == null) {
                return null;
            }
            Object snapshot = rt.getMethod("snapshot").invoke(runtime);
            for (Method m : rt.getMethods()) {
                if (m.getName().equals("plan") && m.getParameterCount() == 3) {
                    Object plan;
                    try {
                        plan = m.invoke(runtime, sql, snapshot, env.physical);
                    } finally {
                        env.physical.rollback();
                    }
                    String text = String.valueOf(plan.getClass().getMethod("sql").invoke(plan));
                    boolean rewritten = Boolean.TRUE.equals(plan.getClass().getMethod("isRewritten").invoke(plan));
                    return (rewritten ? "" : "(unchanged) ") + text
                        + (env.phase == OraclePhase.READ_NEW_50 ? "  [one 50% draw, may differ from the run]" : "");
                }
            }
            return null;
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "(planning fails: " + Outcome.abbreviate(cause.getMessage(), 200) + ")";
        } catch (SQLException | RuntimeException e) {
            return "(planning fails: " + Outcome.abbreviate(e.getMessage(), 200) + ")";
        }
    }

    /** True unless the statement is plainly a read. */
    static boolean isWrite(OracleCase c) {
        String head = firstWord(c.sql);
        if (c.api == OracleCase.Api.STATEMENT_BATCH) {
            return true;
        }
        if (head.equals("SELECT") || head.equals("(") || head.equals("VALUES") || head.equals("TABLE")
            || head.equals("WITH")) {
            String body = LOCKING.matcher(c.sql).replaceAll(" ");
            return WRITE_WORD.matcher(stripLiterals(body)).find();
        }
        return true;
    }

    /** Rows are compared in order when the statement is a query with a top-level ORDER BY. */
    boolean ordered(OracleCase c) {
        if (c.order != OracleCase.Order.AUTO) {
            return c.order == OracleCase.Order.ORDERED;
        }
        String head = firstWord(c.sql);
        if (!(head.equals("SELECT") || head.equals("(") || head.equals("WITH") || head.equals("VALUES"))) {
            return false;
        }
        String flat = topLevel(c.sql, kind == DbKind.MARIADB).toUpperCase(Locale.ROOT);
        return Pattern.compile("\\bORDER\\s+BY\\b").matcher(flat).find()
            && !Pattern.compile("\\bRETURNING\\b").matcher(flat).find() && !WRITE_WORD.matcher(flat).find();
    }

    static String firstWord(String sql) {
        String s = stripComments(sql).stripLeading();
        if (s.startsWith("(")) {
            return "(";
        }
        int e = 0;
        while (e < s.length() && Character.isLetter(s.charAt(e))) {
            e++;
        }
        return s.substring(0, e).toUpperCase(Locale.ROOT);
    }

    private static String stripComments(String sql) {
        String s = sql.stripLeading();
        while (true) {
            if (s.startsWith("/*")) {
                int end = s.indexOf("*/");
                s = end < 0 ? "" : s.substring(end + 2).stripLeading();
            } else if (s.startsWith("--") || s.startsWith("#")) {
                int end = s.indexOf('\n');
                s = end < 0 ? "" : s.substring(end + 1).stripLeading();
            } else {
                return s;
            }
        }
    }

    private static String stripLiterals(String sql) {
        return topLevelImpl(sql, true, false);
    }

    /** The text at parenthesis depth 0, without string literals, quoted names and comments. */
    static String topLevel(String sql, boolean hashComments) {
        return topLevelImpl(sql, hashComments, true);
    }

    private static String topLevelImpl(String sql, boolean hashComments, boolean depthZeroOnly) {
        StringBuilder b = new StringBuilder();
        int depth = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char ch = sql.charAt(i);
            if (ch == '\'' || ch == '"' || ch == '`') {
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == ch) {
                        if (j + 1 < n && sql.charAt(j + 1) == ch) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    if (ch == '\'' && sql.charAt(j) == '\\' && hashComments) {
                        j++;
                    }
                    j++;
                }
                i = j + 1;
                b.append(' ');
                continue;
            }
            if (ch == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || ch == '#' && hashComments) {
                int j = sql.indexOf('\n', i);
                i = j < 0 ? n : j;
                continue;
            }
            if (ch == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int j = sql.indexOf("*/", i + 2);
                i = j < 0 ? n : j + 2;
                b.append(' ');
                continue;
            }
            if (ch == '(') {
                depth++;
                b.append(' ');
            } else if (ch == ')') {
                depth--;
                b.append(' ');
            } else if (!depthZeroOnly || depth == 0) {
                b.append(ch);
            }
            i++;
        }
        return b.toString();
    }

    /** The findings grouped per statement for a report. */
    static Map<String, List<Finding>> byStatement(List<Finding> findings) {
        Map<String, List<Finding>> m = new LinkedHashMap<>();
        for (Finding f : findings) {
            m.computeIfAbsent(f.dialect() + " " + f.c().origin + " #" + f.c().index, k -> new ArrayList<>()).add(f);
        }
        return m;
    }

    @Override
    public void close() {
        for (PhaseEnv e : phases.values()) {
            try {
                e.tandem.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        try {
            twin.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
