package dev.tandem.shadedjar;

import dev.tandem.testdb.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a tool that loads a driver from a folder does (DBeaver, the Flyway command line): a child JVM whose class
 * path is {@code <folder>/*} holding only the "all" jar, the PostgreSQL driver and the application, so no
 * Micrometer; the application finds Tandem through {@code DriverManager} and writes through a rewrite.
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
