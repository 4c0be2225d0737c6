package dev.tandem.agent.cli;

import dev.tandem.agent.AgentException;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.http.AdminServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code serve}: the daemon — admin API, migration file watch, SIGHUP reload — until SIGTERM or SIGINT. */
@Command(name = "serve", description = {"Run as a daemon: serve the admin HTTP API (and /metrics), publish the "
    + "migration file whenever its content changes (checked every second) and on SIGHUP.",
    "The file is not published at start (run 'reload' or send SIGHUP for that). A rejected file is logged and the "
        + "running config stays. Stops on SIGTERM or SIGINT."})
final class ServeCommand extends AgentCommand {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Overrides admin.bind (default: 127.0.0.1).")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", description = "Overrides admin.port (default: 7070; 0: any free).")
    Integer port;

    /** Counted down by the shutdown hook (SIGTERM, SIGINT); tests count it down themselves. */
    final CountDownLatch stop = new CountDownLatch(1);
    final AdminServer server = new AdminServer();

    @Override
    public Integer call() throws Exception {
        AgentConfig config = config();
        if (config.admin().unsetVariable() != null) {
            throw new AgentException(AgentException.Kind.INVALID, "serve needs the admin API's bearer token, and "
                + "environment variable " + config.admin().unsetVariable() + " (admin.token in the agent config) is "
                + "not set; set it to the secret clients send as 'Authorization: Bearer ...'");
        }
        AdminServer.requireToken(config.admin().token());
        CountDownLatch stopped = new CountDownLatch(1);
        // The JVM runs this on SIGTERM/SIGINT; it lets the main thread shut down in order and waits for it.
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tandem-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Agent agent = null;
        MigrationFileWatcher watcher = null;
        try {
            agent = cli.openAgent(config);
            server.start(agent, bind != null ? bind : config.admin().bind(),
                port != null ? port : config.admin().port(), config.admin().token());
            watcher = new MigrationFileWatcher(agent, config.migrationsFile());
            if (config.migrationsFile() == null) {
                LOG.warn("No migration file configured: nothing to watch");
            } else {
                watcher.start(1_000);
                LOG.info("Watching {}; it is published when it changes or on SIGHUP", config.migrationsFile());
            }
            installSighup(watcher);
            stop.await();
            LOG.info("Stopping");
        } finally {
            // Order matters: no new requests or reloads may reach an agent that is closing.
            server.stop();
            if (watcher != null) {
                watcher.close();
            }
            if (agent != null) {
                agent.close();
            }
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running; it returns now that 'stopped' is counted down
            }
        }
        return ExitCodes.OK;
    }

    /** Not used: {@link #call()} opens and closes the agent itself, after the HTTP server and the file watch. */
    @Override
    int run(Agent agent) {
        throw new UnsupportedOperationException("serve manages its agent in call()");
    }

    private static void installSighup(MigrationFileWatcher watcher) {
        boolean installed = Sighup.install(() -> {
            LOG.info("SIGHUP: reloading the migration file");
            watcher.reloadSoon("sighup");
        });
        if (!installed) {
            LOG.info("SIGHUP is not available on this platform; use 'tandem-agent reload' or POST /reload");
        }
    }
}
