package dev.tandem.bench.e2e;

/**
 * The server for each database kind: the one named by a system property ({@code -Djdbc.url} for
 * PostgreSQL, {@code -Djdbc.mysql.url} for MySQL or MariaDB, given to benchmarks/run) or else an embedded
 * one. On a named server the benchmarks drop and create the tables bench_users and bench_accounts.
 */
public final class Servers {
    static final String POSTGRES_PROPERTY = "jdbc.url";
    static final String MYSQL_PROPERTY = "jdbc.mysql.url";

    private Servers() {
    }

    public static Server postgres() throws Exception {
        String url = System.getProperty(POSTGRES_PROPERTY);
        if (url != null && !url.isBlank()) {
            return Server.existing(check(url, "jdbc:postgresql:", POSTGRES_PROPERTY), "existing server (-Djdbc.url)");
        }
        return EmbeddedPostgresServer.start();
    }

    public static Server mariaDb() throws Exception {
        String url = System.getProperty(MYSQL_PROPERTY);
        if (url != null && !url.isBlank()) {
            return Server.existing(check(url, "jdbc:mysql:", MYSQL_PROPERTY), "existing server (-Djdbc.mysql.url)");
        }
        return EmbeddedMariaDbServer.start();
    }

    private static String check(String url, String prefix, String property) {
        if (!url.startsWith(prefix)) {
            throw new IllegalArgumentException("-D" + property + " must be a " + prefix + " URL");
        }
        return url.trim();
    }
}
