package dev.tandem.driver.oracle;

import dev.tandem.driver.oracle.OracleRunner.DiffClass;
import dev.tandem.driver.oracle.OracleRunner.Finding;
import dev.tandem.driver.oracle.OracleRunner.OraclePhase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The differential oracle: every statement of the hand-picked corpus ({@link OracleCorpus}) and of the seeded
 * generator ({@link StatementGenerator}) runs on a twin database that only has the application's old columns
 * (raw driver, the truth) and through Tandem in seven phases, each inside a rolled-back transaction; results,
 * labels, update counts, generated keys, errors and the data left behind must agree.
 *
 * <p>System properties: {@code tandem.oracle.seed} (default 20240601), {@code tandem.oracle.generated}
 * (generated statements per dialect, default 850), {@code tandem.oracle.corpus} ({@code false} skips the
 * hand-picked corpus), {@code tandem.oracle.only} (comma-separated case labels such as {@code C12,G345}),
 * {@code tandem.oracle.dialects} ({@code POSTGRESQL,MARIADB}), {@code tandem.oracle.report} (report file,
 * default {@code target/oracle-report.txt}).
 */
class OracleTest {

    static final long DEFAULT_SEED = 20240601L;

    /** The outcome of one dialect's pass. */
    private record Pass(OracleRunner runner, int corpus, int generated, long millis) {
    }

    @Test
    void tandemBehavesLikeTheOldSchema() throws Exception {
        long seed = Long.getLong("tandem.oracle.seed", DEFAULT_SEED);
        int generated = Integer.getInteger("tandem.oracle.generated", 850);
        boolean corpus = !"false".equalsIgnoreCase(System.getProperty("tandem.oracle.corpus", "true"));
        Set<String> only = new HashSet<>();
        String onlyProp = System.getProperty("tandem.oracle.only", "").trim();
        if (!onlyProp.isEmpty()) {
            only.addAll(Arrays.asList(onlyProp.toUpperCase(Locale.ROOT).split("\\s*,\\s*")));
        }
        List<DbKind> kinds = new ArrayList<>();
        for (String k : System.getProperty("tandem.oracle.dialects", "POSTGRESQL,MARIADB").split(",")) {
            if (!k.isBlank()) {
                kinds.add(DbKind.valueOf(k.trim().toUpperCase(Locale.ROOT)));
            }
        }
        String runTag = Long.toString(System.nanoTime() % 100000);
        long began = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(kinds.size());
        Map<DbKind, Future<Pass>> futures = new LinkedHashMap<>();
        for (DbKind kind : kinds) {
            futures.put(kind, pool.submit(() -> runDialect(kind, seed, generated, corpus, only, runTag)));
        }
        Map<DbKind, Pass> passes = new LinkedHashMap<>();
        try {
            for (Map.Entry<DbKind, Future<Pass>> e : futures.entrySet()) {
                passes.put(e.getKey(), e.getValue().get());
            }
        } finally {
            pool.shutdownNow();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        String report = report(passes, seed, generated, millis);
        Path file = Path.of(System.getProperty("tandem.oracle.report", "target/oracle-report.txt"));
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, report, StandardCharsets.UTF_8);
        System.out.println(report);
        List<Finding> all = new ArrayList<>();
        int statements = 0;
        for (Pass p : passes.values()) {
            all.addAll(p.runner().findings);
            statements += p.runner().statements;
            p.runner().close();
        }
        if (only.isEmpty() && corpus && generated >= 800) {
            for (Pass p : passes.values()) {
                assertThat(p.runner().statements).as("statements for %s", p.runner().kind()).isGreaterThanOrEqualTo(1000);
            }
        }
        assertThat(statements).as("statements run").isPositive();
        assertThat(all).as("%d differences between Tandem and the twin; details, twin and Tandem outcomes and the SQL "
            + "Tandem sent are in %s%n%s", all.size(), file.toAbsolutePath(), compactList(all)).isEmpty();
    }

    /** One line per statement, dialect and difference class: every difference, briefly. */
    static String compactList(List<Finding> all) {
        Map<String, List<Finding>> groups = new LinkedHashMap<>();
        for (DiffClass cls : DiffClass.values()) {
            for (Finding f : all) {
                if (f.cls() == cls) {
                    groups.computeIfAbsent(cls + " [" + f.dialect() + "] " + label(f.c()), k -> new ArrayList<>()).add(f);
                }
            }
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<Finding>> e : groups.entrySet()) {
            Set<String> phases = new LinkedHashSet<>();
            for (Finding f : e.getValue()) {
                phases.add(f.phase().name());
            }
            Finding f = e.getValue().get(0);
            b.append(e.getKey()).append(" in ").append(String.join(",", phases)).append(": ")
                .append(Outcome.abbreviate(f.c().sql, 200))
                .append(f.c().describeParams().isEmpty() ? "" : " " + Outcome.abbreviate(f.c().describeParams(), 120))
                .append(" -- ").append(Outcome.abbreviate(f.detail(), 200)).append('\n');
        }
        return b.toString();
    }

    private static Pass runDialect(DbKind kind, long seed, int generated, boolean corpus, Set<String> only,
                                   String runTag) throws Exception {
        long began = System.nanoTime();
        List<OracleCase> cases = new ArrayList<>();
        int nCorpus = 0;
        if (corpus) {
            for (OracleCase c : OracleCorpus.cases(kind)) {
                if (only.isEmpty() || only.contains(label(c))) {
                    cases.add(c);
                    nCorpus++;
                }
            }
        }
        int nGenerated = 0;
        if (generated > 0) {
            for (OracleCase c : StatementGenerator.generate(kind, seed, generated)) {
                if (only.isEmpty() || only.contains(label(c))) {
                    cases.add(c);
                    nGenerated++;
                }
            }
        }
        OracleRunner runner = new OracleRunner(kind, runTag);
        for (OracleCase c : cases) {
            runner.check(c);
        }
        return new Pass(runner, nCorpus, nGenerated, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    static String label(OracleCase c) {
        return (c.origin.equals("corpus") ? "C" : "G") + c.index;
    }

    static String report(Map<DbKind, Pass> passes, long seed, int generated, long millis) {
        StringBuilder b = new StringBuilder();
        b.append("Tandem oracle: seed ").append(seed).append(", ").append(generated)
            .append(" generated statements requested per dialect, total time ").append(millis / 1000.0).append(" s\n");
        List<Finding> all = new ArrayList<>();
        for (Map.Entry<DbKind, Pass> e : passes.entrySet()) {
            OracleRunner r = e.getValue().runner();
            all.addAll(r.findings);
            b.append('\n').append(e.getKey()).append(": ").append(r.statements).append(" statements (corpus ")
                .append(e.getValue().corpus()).append(", generated ").append(e.getValue().generated())
                .append("), twin errors ").append(r.twinErrors).append(", rewritten statements MariaDB no longer found "
                    + "ambiguous ").append(r.ambiguityAccepted).append(", ").append(e.getValue().millis() / 1000.0)
                .append(" s\n");
            b.append("  time:");
            for (Map.Entry<String, Long> t : r.nanos.entrySet()) {
                b.append(' ').append(t.getKey()).append(' ').append(t.getValue() / 1_000_000).append(" ms;");
            }
            b.append('\n');
            b.append(String.format("  %-18s %6s %9s %22s %12s %13s  %s%n", "phase", "runs", "refusals",
                "refused, twin failed", "differences", "shadow checks", "refusal SQLStates"));
            for (Map.Entry<OraclePhase, OracleRunner.Counts> c : r.counts.entrySet()) {
                OracleRunner.Counts n = c.getValue();
                b.append(String.format("  %-18s %6d %9d %22d %12d %13d  %s%n", c.getKey(), n.runs, n.refusals,
                    n.refusalsTwinFailed, n.differences, (long) n.shadowComparisons, n.refusalStates));
            }
            if (!r.refusalReasons.isEmpty()) {
                b.append("  refusals of statements the twin ran, by reason (all phases):\n");
                r.refusalReasons.entrySet().stream()
                    .sorted((x, y) -> y.getValue() - x.getValue())
                    .forEach(e2 -> b.append(String.format("    %5d  %s%n", e2.getValue(), e2.getKey())));
            }
            if (!r.corpusProblems.isEmpty()) {
                b.append("  corpus problems (mustWork statements failing on the twin):\n");
                for (String p : r.corpusProblems) {
                    b.append("    ").append(p).append('\n');
                }
            }
        }
        b.append("\n== DIFFERENCES: ").append(all.size()).append(" (").append(countStatements(all))
            .append(" statement/dialect pairs)\n");
        for (DiffClass cls : DiffClass.values()) {
            List<Finding> ofClass = new ArrayList<>();
            for (Finding f : all) {
                if (f.cls() == cls) {
                    ofClass.add(f);
                }
            }
            if (ofClass.isEmpty()) {
                continue;
            }
            b.append("\n=== ").append(cls).append(": ").append(cls.title).append(" — ").append(ofClass.size())
                .append(" differences in ").append(countStatements(ofClass)).append(" statement/dialect pairs\n");
            for (List<Finding> group : OracleRunner.byStatement(ofClass).values()) {
                appendGroup(b, group, seed, generated);
            }
        }
        return b.toString();
    }

    private static int countStatements(List<Finding> fs) {
        return OracleRunner.byStatement(fs).size();
    }

    private static void appendGroup(StringBuilder b, List<Finding> group, long seed, int generated) {
        Finding first = group.get(0);
        OracleCase c = first.c();
        b.append("\n* [").append(first.dialect()).append("] ").append(label(c)).append(" (").append(c.origin)
            .append(" #").append(c.index).append(c.mustWork ? ", mustWork" : "").append(c.note.isEmpty() ? ""
                : ", note: " + c.note).append(")\n");
        b.append("  sql:    ").append(c.sql.replace("\n", "\\n")).append('\n');
        if (!c.describeParams().isEmpty()) {
            b.append("  params: ").append(c.describeParams()).append(" via ").append(c.api)
                .append(c.keys == OracleCase.Keys.NONE ? "" : " " + c.keys).append('\n');
        } else if (c.keys != OracleCase.Keys.NONE || c.api != OracleCase.Api.STATEMENT) {
            b.append("  api:    ").append(c.api).append(' ').append(c.keys).append('\n');
        }
        // One block per distinct (detail, tandem outcome), listing the phases that share it.
        Map<String, List<Finding>> byText = new LinkedHashMap<>();
        for (Finding f : group) {
            String normal = f.tandem().replaceAll("phase (DUAL_WRITE|SHADOW_READ|READ_NEW|CONTRACT|COMPLETE)", "phase P");
            byText.computeIfAbsent(f.detail() + "\u0000" + normal, k -> new ArrayList<>()).add(f);
        }
        boolean twinShown = false;
        for (List<Finding> same : byText.values()) {
            Set<String> phases = new LinkedHashSet<>();
            for (Finding f : same) {
                phases.add(f.phase().name());
            }
            Finding f = same.get(0);
            b.append("  phases: ").append(String.join(", ", phases)).append('\n');
            b.append("    diff:   ").append(f.detail()).append('\n');
            if (!twinShown) {
                b.append("    twin:   ").append(Outcome.abbreviate(f.twin(), 700)).append('\n');
                twinShown = true;
            }
            b.append("    tandem: ").append(Outcome.abbreviate(f.tandem(), 700)).append('\n');
            Set<String> sent = new LinkedHashSet<>();
            for (Finding x : same) {
                if (x.sent() != null && !x.sent().startsWith("(planning fails")) {
                    sent.add(x.sent());
                }
            }
            for (String s : sent) {
                b.append("    sent:   ").append(Outcome.abbreviate(s, 900)).append('\n');
                if (sent.size() > 2) {
                    break;
                }
            }
        }
        String dialect = first.dialect().name();
        b.append("  repro:  scripts/oracle --seed ").append(c.origin.equals("corpus") ? seed : seedOf(c.origin, seed))
            .append(" --statements ").append(c.origin.equals("corpus") ? 0 : Math.max(generated, c.index + 1))
            .append(" --dialect ").append(dialect).append(" --only ").append(label(c)).append('\n');
    }

    private static long seedOf(String origin, long fallback) {
        int i = origin.indexOf("seed ");
        if (i < 0) {
            return fallback;
        }
        String rest = origin.substring(i + 5).replaceAll("[^0-9-].*", "");
        try {
            return Long.parseLong(rest);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
