package dev.tandem.testdb;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fresh, empty databases on real servers: one server per {@link DbKind} per JVM, started on first use and
 * stopped when the JVM exits. Where the server comes from is DESIGN.md section 8: {@code TANDEM_TEST_PG_URL} /
 * {@code TANDEM_TEST_MYSQL_URL}, else Testcontainers, else embedded servers. Thread-safe.
 */
public final class TestDatabases {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabases.class);
    private static final String DEFAULT_PREFIX = "tandem";
    private static final int MAX_PREFIX_LENGTH = 32;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Map<DbKind, LazyServer> SERVERS = new EnumMap<>(DbKind.class);
    /** Started servers, most recent first, which is the order they are stopped in. */
    private static final Deque<TestServer> STARTED = new ArrayDeque<>();

    static {
        for (DbKind kind : DbKind.values()) {
            SERVERS.put(kind, new LazyServer(kind));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::stopAll, "tandem-testdb-shutdown"));
    }

    private TestDatabases() {
    }

    /** A new empty database on this JVM's server of {@code kind}, named {@code tandem_<n>_<random>}. */
    public static TestDatabase create(DbKind kind) {
        return create(kind, DEFAULT_PREFIX);
    }

    /**
     * A new empty database on this JVM's server of {@code kind}, named after {@code namePrefix} (typically the
     * test class's simple name; lower-cased, other characters than letters, digits and {@code _} replaced).
     *
     * @throws IllegalStateException when no server can be started or the database cannot be created
     */
    public static TestDatabase create(DbKind kind, String namePrefix) {
        TestServer server = SERVERS.get(kind).get();
        String name = uniqueName(namePrefix);
        try {
            return server.createDatabase(name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " on the " + server, e);
        }
    }

    /** A lower-case identifier, at most 50 characters, valid unquoted on PostgreSQL and MySQL alike. */
    static String uniqueName(String prefix) {
        String clean = (prefix == null ? "" : prefix).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.isEmpty() || clean.charAt(0) < 'a' || clean.charAt(0) > 'z') {
            clean = "t_" + clean;
        }
        if (clean.length() > MAX_PREFIX_LENGTH) {
            clean = clean.substring(0, MAX_PREFIX_LENGTH);
        }
        // The random part keeps names unique across JVMs and machines sharing one existing server.
        String random = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
        return clean + "_" + SEQUENCE.incrementAndGet() + "_" + random;
    }

    private static void stopAll() {
        synchronized (STARTED) {
            for (TestServer server : STARTED) {
                try {
                    server.stop();
                } catch (Exception e) {
                    LOG.warn("Could not stop the {}", server, e);
                }
            }
            STARTED.clear();
        }
    }

    /** Starts the server of one kind at most once; a failed start is remembered and reported to every caller. */
    private static final class LazyServer {

        private final DbKind kind;
        private TestServer server;
        private IllegalStateException failure;

        LazyServer(DbKind kind) {
            this.kind = kind;
        }

        synchronized TestServer get() {
            if (failure != null) {
                throw new IllegalStateException("The " + kind + " test server failed to start earlier in this JVM",
                        failure);
            }
            if (server == null) {
                start();
            }
            if (failure != null) {
                throw failure;
            }
            return server;
        }

        private void start() {
            long began = System.nanoTime();
            TestServer started = null;
            try {
                started = ServerSources.start(kind);
                synchronized (STARTED) {
                    STARTED.push(started);
                }
                String version = started.productAndVersion();
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
                LOG.info("{} test server: {}, source: {}, admin URL: {}, ready in {} ms", kind, version,
                        started.source(), JdbcUrls.redact(started.adminUrl()), millis);
                server = started;
            } catch (Exception e) {
                String variable = ServerSources.environmentVariable(kind);
                String hint = System.getenv(variable) == null
                        ? "set " + variable + " to use an existing server instead"
                        : "check " + variable;
                failure = new IllegalStateException("Could not start or reach a " + kind + " test server"
                        + (started == null ? "" : " (" + started + ")") + "; " + hint, e);
                LOG.error(failure.getMessage(), e);
            }
        }
    }
}
