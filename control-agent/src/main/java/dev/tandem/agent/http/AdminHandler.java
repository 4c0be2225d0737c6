package dev.tandem.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.tandem.agent.AgentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;

/**
 * Dispatches every request: authentication (all but the open routes; see {@link Auth}), route lookup (404, 405),
 * the handler, and one place that turns exceptions into JSON errors.
 */
final class AdminHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"tandem-agent\"");

    private final Routes routes;
    private final Auth auth;

    AdminHandler(Routes routes, Auth auth) {
        this.routes = routes;
        this.auth = auth;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Response response;
        try {
            response = dispatch(exchange);
        } catch (ApiException e) {
            response = Response.error(e.status(), e.getMessage(), e.headers());
        } catch (AgentException e) {
            response = Response.error(e.kind().httpStatus(), e.getMessage(), Map.of());
        } catch (RuntimeException e) {
            // The exception's text may name tables, hosts or SQL: it goes to the log, the client gets a reference.
            String ref = Long.toHexString(System.nanoTime() ^ ThreadLocalRandom.current().nextLong());
            LOG.error("Admin API {} {} failed (reference {})", exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(), ref, e);
            response = Response.error(500, "Internal error (reference " + ref + "); the agent's log has the details",
                Map.of());
        }
        send(exchange, response);
    }

    private Response dispatch(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        List<Routes.Route> onPath = new ArrayList<>();
        Routes.Route match = null;
        Matcher matcher = null;
        for (Routes.Route route : routes.all()) {
            Matcher m = route.path().matcher(path);
            if (m.matches()) {
                onPath.add(route);
                if (route.method().equals(method)) {
                    match = route;
                    matcher = m;
                }
            }
        }
        boolean open = !onPath.isEmpty() && onPath.stream().allMatch(Routes.Route::open);
        // Authenticate before saying anything about the path, so that an anonymous caller learns nothing.
        // A fleet-page session cookie is accepted on GET only: a POST always needs the header (no CSRF).
        if (!open && !auth.allowed(exchange)) {
            throw new ApiException(401, "Missing or wrong bearer token: send the header "
                + "'Authorization: Bearer <token>' with the agent's admin.token", CHALLENGE);
        }
        if (onPath.isEmpty()) {
            throw new ApiException(404, "No such endpoint: " + path);
        }
        if (match == null) {
            TreeSet<String> allowed = new TreeSet<>();
            onPath.forEach(r -> allowed.add(r.method()));
            throw new ApiException(405, "Method " + method + " is not allowed on " + path + "; allowed: " + allowed,
                Map.of("Allow", String.join(", ", allowed)));
        }
        List<String> params = new ArrayList<>();
        for (int i = 1; i <= matcher.groupCount(); i++) {
            params.add(Request.decode(matcher.group(i)));
        }
        return match.handler().handle(new Request(exchange, params));
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }
}
