package dev.tandem.agent.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One admin API request as a handler sees it: path parameters, query, body and actor. */
final class Request {
    /** Request bodies are small JSON objects; anything larger is refused before it is read. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String ACTOR_HEADER = "X-Tandem-Actor";

    private final HttpExchange exchange;
    private final List<String> pathParams;
    private final Map<String, String> query;

    Request(HttpExchange exchange, List<String> pathParams) {
        this.exchange = exchange;
        this.pathParams = pathParams;
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    /** The {@code i}-th capture group of the route's path pattern, URL-decoded. */
    String pathParam(int i) {
        return pathParams.get(i);
    }

    /** The query parameter {@code name} as a whole number in [min, max], or {@code dflt} when absent. */
    int queryInt(String name, int dflt, int min, int max) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiException(400, "Query parameter '" + name + "' must be a whole number from " + min + " to " + max
            + ", got '" + v + "'");
    }

    /** Who asked: the {@code X-Tandem-Actor} header, else "api"; recorded in the audit table. */
    String actor() {
        String a = exchange.getRequestHeaders().getFirst(ACTOR_HEADER);
        if (a == null || a.isBlank()) {
            return "api";
        }
        String actor = a.strip();
        if (actor.length() > MAX_ACTOR_CHARS) {
            throw new ApiException(400, "Header " + ACTOR_HEADER + " must be at most " + MAX_ACTOR_CHARS
                + " characters (the audit table's actor column), got " + actor.length());
        }
        return actor;
    }

    /** The width of the audit table's {@code actor} and the migrations' {@code updated_by} columns. */
    static final int MAX_ACTOR_CHARS = 200;

    /** The exchange, for the page's handlers that read cookies and set their own headers. */
    HttpExchange exchange() {
        return exchange;
    }

    /** An {@code application/x-www-form-urlencoded} body (the login form), read up to {@link #MAX_BODY_BYTES}. */
    Map<String, String> form() {
        return parseQuery(new String(bytes(), StandardCharsets.UTF_8));
    }

    /** The JSON body, read up to {@link #MAX_BODY_BYTES}; larger bodies are a 413. */
    Json.Body body() {
        return Json.parse(bytes());
    }

    private byte[] bytes() {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > MAX_BODY_BYTES) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw new ApiException(400, "Bad Content-Length header: " + length);
            }
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new ApiException(400, "Cannot read the request body: " + e.getMessage());
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return bytes;
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "The request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB");
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.putIfAbsent(decode(k), decode(v));
        }
        return out;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Bad percent-encoding in '" + s + "'");
        }
    }
}
