package dev.tandem.agent.demo;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What the rehearsal runs against and how big it is.
 *
 * @param jdbcUrl      a server to rehearse on (PostgreSQL, MySQL or MariaDB; the rehearsal creates and owns a
 *                     database {@value DemoSchema#DATABASE} there), or {@code null} for an embedded PostgreSQL
 * @param rows         rows seeded into each of users and orders
 * @param threads      application threads (the pool has one connection more)
 * @param phaseSeconds how long the workload runs in each phase before the next step
 * @param outputDir    where report.json, report.html and migrations.yaml are written
 * @param out          live progress and the final table
 */
public record Options(String jdbcUrl, int rows, int threads, double phaseSeconds, Path outputDir, PrintStream out) {
    public static final int DEFAULT_ROWS = 100_000;
    public static final int DEFAULT_THREADS = 4;
    public static final double DEFAULT_PHASE_SECONDS = 1.0;
    public static final Path DEFAULT_OUTPUT_DIR = Path.of("tandem-report");

    public Options {
        if (rows < 1 || rows > 100_000_000) {
            throw new IllegalArgumentException("rows must be from 1 to 100,000,000, got " + rows);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be from 1 to 256, got " + threads);
        }
        if (!(phaseSeconds >= 0) || phaseSeconds > 3600) {
            throw new IllegalArgumentException("phaseSeconds must be from 0 to 3600, got " + phaseSeconds);
        }
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql://") && !jdbcUrl.startsWith("jdbc:mysql://")) {
            throw new IllegalArgumentException("jdbcUrl must be a PostgreSQL or MySQL JDBC URL "
                + "(jdbc:postgresql://host/db, or jdbc:mysql://host/db also for MariaDB), got '" + jdbcUrl + "'");
        }
        outputDir = outputDir == null ? DEFAULT_OUTPUT_DIR : outputDir;
        out = out == null ? System.out : out;
    }

    /** Embedded PostgreSQL, 100,000 rows, 4 threads, 1 s per phase, ./tandem-report, System.out. */
    public static Options defaults() {
        return new Options(null, DEFAULT_ROWS, DEFAULT_THREADS, DEFAULT_PHASE_SECONDS, DEFAULT_OUTPUT_DIR, System.out);
    }

    public Options withJdbcUrl(String url) {
        return new Options(url, rows, threads, phaseSeconds, outputDir, out);
    }

    /**
     * Adds {@code user} and {@code password} (either may be null) to the server URL's query, URL-encoded, as both
     * pgjdbc and MySQL Connector/J read them there.
     */
    public Options withCredentials(String user, String password) {
        if (user == null && password == null) {
            return this;
        }
        if (jdbcUrl == null) {
            throw new IllegalArgumentException("a user and password are only used with a server URL (jdbcUrl); "
                + "the embedded PostgreSQL needs none");
        }
        String url = jdbcUrl;
        if (user != null) {
            url = Urls.appendQuery(url, "user=" + URLEncoder.encode(user, StandardCharsets.UTF_8));
        }
        if (password != null) {
            url = Urls.appendQuery(url, "password=" + URLEncoder.encode(password, StandardCharsets.UTF_8));
        }
        return withJdbcUrl(url);
    }

    public Options withRows(int n) {
        return new Options(jdbcUrl, n, threads, phaseSeconds, outputDir, out);
    }

    public Options withThreads(int n) {
        return new Options(jdbcUrl, rows, n, phaseSeconds, outputDir, out);
    }

    public Options withPhaseSeconds(double s) {
        return new Options(jdbcUrl, rows, threads, s, outputDir, out);
    }

    public Options withOutputDir(Path dir) {
        return new Options(jdbcUrl, rows, threads, phaseSeconds, dir, out);
    }

    public Options withOut(PrintStream stream) {
        return new Options(jdbcUrl, rows, threads, phaseSeconds, outputDir, stream);
    }
}
