package dev.tandem.driver.it;

import dev.tandem.driver.internal.runtime.Runtimes;
import dev.tandem.driver.internal.runtime.TandemRuntime;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes spec files the way an operator would (atomically) and waits for a runtime to load them. */
final class Specs {
    private Specs() {
    }

    static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void write(Path file, DbKind kind, Phase phase, int readNewPercent, int shadowPercent) throws IOException {
        write(file, Fixture.spec(kind, phase, readNewPercent, shadowPercent));
    }

    /** Waits until the instance runs config {@code version}; fails after ten seconds. */
    static void awaitVersion(String instanceId, long version) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            TandemRuntime r = Runtimes.forInstance(instanceId);
            if (r != null && r.snapshot().version() >= version) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("instance " + instanceId + " did not load config version " + version);
    }

    static long version(String instanceId) {
        return Runtimes.forInstance(instanceId).snapshot().version();
    }
}
