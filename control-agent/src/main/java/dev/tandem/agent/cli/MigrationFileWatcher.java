package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.Views.ReloadView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * For {@code serve}: polls the migration file's content and publishes it when it changes. Content, not
 * modification time, because editors and config management may rewrite a file without changing it, and a
 * second-granular mtime can miss two quick edits. The file is not published at start: a reload applies the
 * file's phases, and a daemon restart must not undo a phase change made with {@code tandem-agent phase}
 * or the API since the file was last edited. All reloads, including SIGHUP's, run on this one thread, so
 * they never overlap.
 */
final class MigrationFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationFileWatcher.class);

    private final Agent agent;
    private final Path file;
    private final ScheduledExecutorService executor;
    private byte[] lastSeen;
    private boolean started;
    private String lastProblem;

    MigrationFileWatcher(Agent agent, Path file) {
        this.agent = agent;
        this.file = file;
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "tandem-file-watch");
            t.setDaemon(true);
            return t;
        });
        e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = e;
    }

    /** Polls every {@code periodMillis}; the first poll only records the content to compare with. */
    ScheduledFuture<?> start(long periodMillis) {
        return executor.scheduleWithFixedDelay(this::poll, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Reloads now, on the watcher's thread (for SIGHUP); ignored once the watcher is closed. */
    void reloadSoon(String actor) {
        try {
            executor.execute(() -> {
                lastSeen = read();
                reload(actor);
            });
        } catch (RejectedExecutionException closed) {
            LOG.info("Not reloading ({}): the agent is stopping", actor);
        }
    }

    /** One poll: reload if the content differs from what was last seen (published, attempted or at start). */
    void poll() {
        byte[] content = read();
        if (!started) {
            started = true;
            lastSeen = content;
            return;
        }
        if (content == null || Arrays.equals(content, lastSeen)) {
            return;
        }
        lastSeen = content;
        reload("file-watch");
    }

    private byte[] read() {
        if (file == null) {
            return null;
        }
        try {
            byte[] content = Files.readAllBytes(file);
            lastProblem = null;
            return content;
        } catch (IOException e) {
            String problem = "Cannot read the migration file " + file + ": " + e;
            if (!problem.equals(lastProblem)) {
                LOG.warn("{}; the running config stays", problem);
                lastProblem = problem;
            }
            return null;
        }
    }

    private void reload(String actor) {
        try {
            ReloadView r = agent.reload(actor);
            LOG.info("Published the migration file as config version {} ({}): added {}, changed {}, removed {}, "
                + "{} phase change(s)", r.version(), actor, r.added(), r.changed(), r.removed(),
                r.transitions().size());
            r.transitions().forEach(t -> LOG.info("{}: {} -> {} at version {}, barrier {}", t.migrationId(), t.from(),
                t.to(), t.version(), t.barrier() == null ? "-" : t.barrier().complete() ? "complete"
                    : "INCOMPLETE, lagging: " + t.barrier().lagging().stream().map(Text::instance).toList()));
        } catch (AgentException e) {
            LOG.warn("Rejected the migration file ({}); the running config stays: {}", actor, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Reload ({}) failed; the running config stays", actor, e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
