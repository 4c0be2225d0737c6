package dev.tandem.agent.http;

import com.sun.net.httpserver.HttpServer;
import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's admin HTTP API: JSON views, phase changes, reloads, jobs, {@code /metrics} and the live fleet page
 * at {@code /}. Binds 127.0.0.1 unless told otherwise; every endpoint but {@code GET /health} and the page's login
 * needs the bearer token (reads also a page session), and without a token the server does not start. See
 * docs/agent-cli.md for the endpoints.
 */
public final class AdminServer {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /**
     * Worker threads: operators, several scrapers at once, and phase changes that each wait up to the barrier
     * timeout; more than enough for those, and a bound on what a flood of connections can take.
     */
    static final int THREADS = 8;

    /**
     * Seconds a client has to send a whole request, headers and body; then the JDK server closes the
     * connection, which frees the worker thread blocked reading it. (The JDK server reads a request on a worker
     * thread, so a client that sends half its headers and waits would otherwise hold a thread forever.)
     */
    static final long REQUEST_READ_SECONDS = 10;

    static {
        // Read once per JVM by the JDK server when it is first used; an operator's own -D setting wins.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_READ_SECONDS));
        }
        if (System.getProperty("sun.net.httpserver.timerMillis") == null) {
            System.setProperty("sun.net.httpserver.timerMillis", "500");
        }
    }

    private HttpServer server;
    private ExecutorService executor;

    /**
     * Starts serving {@code agent} on {@code bind} (null or blank: 127.0.0.1) and {@code port} (0: any free
     * port) and returns the bound port.
     *
     * @throws AgentException INVALID without a token or with a bad address, FAILED if the port cannot be bound
     */
    public synchronized int start(Agent agent, String bind, int port, String token) {
        return start(agent, bind, port, token, routes -> { });
    }

    /** {@link #start(Agent, String, int, String)} with routes a test adds (a canned endpoint, say). */
    synchronized int start(Agent agent, String bind, int port, String token,
                           java.util.function.Consumer<Routes> moreRoutes) {
        requireToken(token);
        if (server != null) {
            throw new IllegalStateException("The admin API is already running on " + server.getAddress());
        }
        if (port < 0 || port > 65_535) {
            throw new AgentException(AgentException.Kind.INVALID, "The admin API port must be from 0 to 65535, got "
                + port);
        }
        String host = bind == null || bind.isBlank() ? "127.0.0.1" : bind.strip();
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new AgentException(AgentException.Kind.INVALID, "Cannot resolve the admin API bind address '" + host
                + "'");
        }
        HttpServer s;
        try {
            s = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new AgentException(AgentException.Kind.FAILED, "Cannot start the admin API on " + host + ":" + port
                + ": " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "tandem-admin-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(executor);
        Auth auth = new Auth(token.strip());
        Routes routes = new Routes(agent);
        new FleetPage(auth).addTo(routes);
        moreRoutes.accept(routes);
        s.createContext("/", new AdminHandler(routes, auth));
        s.start();
        server = s;
        LOG.info("Admin API listening on http://{}:{}", host, s.getAddress().getPort());
        return s.getAddress().getPort();
    }

    /** The bound address, or {@code null} when not running. */
    public synchronized InetSocketAddress address() {
        return server == null ? null : server.getAddress();
    }

    /**
     * Stops at once: closes the listener and the connections and stops the threads. Requests still running
     * get no answer; what they did to the agent stands (each agent operation is atomic and audited). The JDK
     * server's grace period is not used because it also waits for idle keep-alive connections. Idempotent.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        server = null;
        executor = null;
    }

    /**
     * Refuses a missing token: an admin API that changes phases must not run open.
     *
     * @throws AgentException INVALID, naming the setting to add
     */
    public static void requireToken(String token) {
        if (token == null || token.isBlank()) {
            throw new AgentException(AgentException.Kind.INVALID, "The admin API needs a bearer token: set admin.token "
                + "in the agent config, e.g. 'token: ${TANDEM_ADMIN_TOKEN}' with the secret in that environment "
                + "variable");
        }
    }
}
