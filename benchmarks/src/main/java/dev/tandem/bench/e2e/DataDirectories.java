package dev.tandem.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the embedded servers keep their files: {@code -Dbench.db.dir} (benchmarks/run sets it to
 * benchmarks/target/db), else {@code db} beside the benchmarks jar or classes directory. A freshly
 * initialised data directory is kept there as a template and copied for each trial, because initdb and
 * mysql_install_db take seconds and every JMH fork starts its own server.
 */
final class DataDirectories {
    private DataDirectories() {
    }

    /** The directory for templates and the trials' data directories. */
    static Path root() {
        try {
            String configured = System.getProperty("bench.db.dir");
            if (configured != null && !configured.isBlank()) {
                return Files.createDirectories(Path.of(configured));
            }
            Path code = Path.of(DataDirectories.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.createDirectories(code.getParent().resolve("db"));
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("Cannot create the benchmark database directory", e);
        }
    }

    /**
     * The template {@code name} under {@link #root()}, built by {@code builder} into a scratch directory on
     * first use and then moved into place in one step, so that a half-built template is never used.
     */
    static Path template(String name, Builder builder) throws Exception {
        Path template = root().resolve(name);
        if (Files.isDirectory(template)) {
            return template;
        }
        Path scratch = Files.createTempDirectory(root(), name + "-building-");
        try {
            builder.build(scratch);
            Files.move(scratch, template, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException builtMeanwhile) {
            deleteRecursively(scratch);
        } catch (Exception e) {
            deleteRecursively(scratch);
            throw e;
        }
        return template;
    }

    /** Builds a template's contents into an empty directory. */
    @FunctionalInterface
    interface Builder {
        void build(Path into) throws Exception;
    }

    /**
     * A new, uniquely named directory for one trial's files: in memory under {@code /dev/shm} where there
     * is one (so that disk writes and their flushing do not add noise to the comparison), else under
     * {@link #root()}.
     */
    static Path newRunDirectory(String prefix) throws IOException {
        Path shm = Path.of("/dev/shm");
        Path parent = Files.isDirectory(shm) && Files.isWritable(shm)
            ? Files.createDirectories(shm.resolve("tandem-bench")) : root();
        return Files.createTempDirectory(parent, prefix);
    }

    static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Could not delete all of " + root + ": " + e);
        }
    }
}
