package dev.tandem.driver.internal.config;

import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.SpecException;
import dev.tandem.driver.spec.SpecParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A migration spec in a YAML file, re-read and compared on every poll. Polling the (small) file rather
 * than a WatchService or modification times: it works the same on every file system, including bind
 * mounts and NFS where watch events are lost, and with editors that keep the timestamp. A changed file
 * that fails validation is logged and ignored until the file changes again.
 */
public final class FileConfigSource extends AbstractConfigSource {
    private static final System.Logger LOG = System.getLogger(FileConfigSource.class.getName());
    private static final ScheduledExecutorService WATCHER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tandem-config-watch");
        t.setDaemon(true);
        return t;
    });

    private final Path path;
    private final ScheduledFuture<?> task;
    private String lastContent;

    /** Loads the file now (failing if it is invalid) and then polls it every {@code intervalMillis}. */
    public FileConfigSource(Path path, long intervalMillis) throws SpecException, IOException {
        this.path = path;
        String content = Files.readString(path, StandardCharsets.UTF_8);
        initial(new ConfigSnapshot(1, SpecParser.parse(content, path.toString()), path.toString(), Instant.now()));
        this.lastContent = content;
        this.task = WATCHER.scheduleWithFixedDelay(this::poll, intervalMillis, intervalMillis,
            TimeUnit.MILLISECONDS);
    }

    /**
     * Re-reads the file now. Returns true if a new snapshot was published. A file that fails
     * validation is logged and leaves the current snapshot in force.
     */
    public synchronized boolean reload() {
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            reject("cannot read " + path + ": " + e);
            return false;
        }
        if (content.equals(lastContent)) {
            if (lastError() == null) {
                confirmed();
            }
            return false;
        }
        List<Migration> migrations;
        try {
            if (SpecParser.isEmptyDocument(content)) {
                // Most likely caught mid-save; switching every migration off at once is never what was meant.
                throw new SpecException(path.toString(), List.of("the file is empty; to remove every migration "
                    + "write 'migrations: []'"));
            }
            migrations = SpecParser.parse(content, path.toString());
        } catch (SpecException e) {
            lastContent = content;
            reject(e.getMessage());
            return false;
        }
        lastContent = content;
        ConfigSnapshot next = new ConfigSnapshot(current().version() + 1, migrations, path.toString(), Instant.now());
        LOG.log(System.Logger.Level.INFO, "Tandem loaded {0}", next);
        publish(next);
        return true;
    }

    private void reject(String message) {
        failed(message);
        LOG.log(System.Logger.Level.WARNING, "Tandem rejected a config reload; still running "
            + current() + ". " + message);
    }

    private void poll() {
        try {
            reload();
        } catch (RuntimeException e) {
            reject("cannot reload " + path + ": " + e);
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
