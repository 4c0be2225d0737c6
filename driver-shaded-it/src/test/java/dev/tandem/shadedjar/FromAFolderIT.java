package dev.tandem.shadedjar;

import dev.tandem.testdb.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tandem loaded from a folder that holds only the "all" jar and the PostgreSQL driver, so no Micrometer: by a child
 * JVM whose class path is {@code <folder>/*} and whose application finds Tandem through {@code DriverManager}, and
 * by a tool's own class loader over the two jars; each writes through a rewrite.
 */
class FromAFolderIT {
    /** A guard against a hung child, not a measure: the child connects to a server that is already up. */
    private static final long CHILD_TIMEOUT_MINUTES = 5;

    @TempDir
    Path dir;

    @Test
    void driverManagerFindsTandemInAFolderAndTheWriteIsRewritten() throws Exception {
        TestDatabase db = AllJar.usersDatabase("from_a_folder");
        Path folder = Files.createDirectory(dir.resolve("drivers"));
        Path allJar = AllJar.path();
        Files.copy(allJar, folder.resolve(allJar.getFileName()));
        Path postgresJar = AllJar.jarOf(org.postgresql.Driver.class);
        Files.copy(postgresJar, folder.resolve(postgresJar.getFileName()));
        appJar(folder.resolve("app.jar"));

        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(javaExecutable(), "-cp", folder + "/*", FolderApp.class.getName(),
            AllJar.tandemUrl(db, dir)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = child.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!ended) {
            child.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("child ended; output:%n%s", output).isTrue();

        assertThat(child.exitValue()).as("exit code; output:%n%s", output).isZero();
        assertThat(output.lines()).as("child output").contains(
            "driver=dev.tandem.driver.TandemDriver",
            "driverJar=" + folder.resolve(allJar.getFileName()),
            "micrometer=absent",
            "email=grace@y.io");
        assertThat(AllJar.emailAddress(db, 7)).as("the rewritten UPDATE wrote the new column").isEqualTo("grace@y.io");
    }

    @Test
    void aToolsOwnClassLoaderOverTheFolderConnectsThroughTandem() throws Throwable {
        // DBeaver and Metabase load each driver's folder into a class loader of their own and instantiate the
        // driver class they are told; DriverManager never sees the real driver there, so Tandem must find it.
        TestDatabase db = AllJar.usersDatabase("tool_class_loader");
        String instance = "tool-class-loader";
        Path postgresJar = AllJar.jarOf(org.postgresql.Driver.class);
        URL[] folder = {AllJar.path().toUri().toURL(), postgresJar.toUri().toURL()};
        try (URLClassLoader tool = new URLClassLoader(folder, ClassLoader.getPlatformClassLoader())) {
            Class<?> tandem = tool.loadClass("dev.tandem.driver.TandemDriver");
            Driver driver = (Driver) tandem.getConstructor().newInstance();
            String url = AllJar.tandemUrl(db, dir) + "&tandem.instanceId=" + instance;
            try (Connection c = driver.connect(url, new Properties()); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO users (id, email) VALUES (8, 'alan@x.io')");
            } finally {
                // Not Class.getMethod: listing TandemDriver's methods loads the types they name, MeterRegistry too.
                MethodHandles.publicLookup().findStatic(tandem, "closeInstance",
                    MethodType.methodType(boolean.class, String.class)).invoke(instance);
            }
        }
        assertThat(AllJar.emailAddress(db, 8)).as("the rewritten INSERT wrote the new column").isEqualTo("alan@x.io");
    }

    /** A jar holding only {@link FolderApp}, which names nothing but JDBC. */
    private static void appJar(Path jar) throws IOException {
        String entry = FolderApp.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                InputStream classFile = FolderApp.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
