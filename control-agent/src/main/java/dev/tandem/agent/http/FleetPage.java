package dev.tandem.agent.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live fleet page ({@code GET /} and {@code GET /fleet}), its login form and {@code POST /login} /
 * {@code POST /logout}. The page is one self-contained document (fleet.html: inline CSS and JS, no external
 * resources) whose script polls the JSON endpoints; its Content-Security-Policy allows exactly that inline script
 * and style, by hash, and fetches to this origin.
 */
final class FleetPage {
    private static final Logger LOG = LoggerFactory.getLogger(FleetPage.class);
    static final String HTML = "text/html; charset=utf-8";
    private static final String MESSAGE = "<!--MESSAGE-->";

    private final Auth auth;
    private final String page;
    private final String pageCsp;
    private final String login;
    private final String loginCsp;

    FleetPage(Auth auth) {
        this.auth = auth;
        this.page = resource("fleet.html");
        this.pageCsp = "default-src 'none'; script-src " + hash(page, "script") + "; style-src " + hash(page, "style")
            + "; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        this.login = resource("login.html");
        this.loginCsp = "default-src 'none'; style-src " + hash(login, "style")
            + "; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    void addTo(Routes routes) {
        routes.add("GET", "/", true, this::page);
        routes.add("GET", "/fleet", true, this::page);
        routes.add("POST", "/login", true, this::login);
        routes.add("POST", "/logout", true, this::logout);
    }

    /** The page with a session or the bearer header, else the login form. */
    private Response page(Request r) {
        if (auth.allowed(r.exchange())) {
            return html(200, page, pageCsp, Map.of());
        }
        return loginForm(200, "");
    }

    private Response login(Request r) {
        String from = String.valueOf(r.exchange().getRemoteAddress());
        Long attempt = auth.loginAttempt();
        if (attempt == null) {
            LOG.warn("Fleet page login from {} refused unchecked: more than {} failed logins in the last minute",
                from, Auth.MAX_FAILED_LOGINS_PER_MINUTE);
            return loginForm(429, "Too many failed logins; try again in a minute.");
        }
        if (auth.token(r.form().get("token"))) {
            auth.loginSucceeded(attempt);
            String cookie = Auth.COOKIE + "=" + auth.newSession() + "; Max-Age=" + Auth.SESSION_SECONDS
                + "; Path=/; HttpOnly; SameSite=Strict";
            LOG.info("Fleet page login from {}", from);
            return redirect(cookie);
        }
        // The token tried is never logged: it may be a real token mistyped by one character.
        LOG.warn("Fleet page login from {} failed: wrong token", from);
        try {
            Thread.sleep(Auth.FAILED_LOGIN_DELAY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return loginForm(401, "Wrong token.");
    }

    private Response logout(Request r) {
        auth.endSession(r.exchange());
        return redirect(Auth.COOKIE + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict");
    }

    /** 303 to the page (relative, so that a reverse proxy's path prefix is kept). */
    private static Response redirect(String cookie) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", "./");
        headers.put("Set-Cookie", cookie);
        return new Response(303, HTML, new byte[0], headers);
    }

    private Response loginForm(int status, String message) {
        String body = login.replace(MESSAGE, message.isEmpty() ? "" : "<p class=\"err\">" + message + "</p>");
        return html(status, body, loginCsp, Map.of());
    }

    private static Response html(int status, String body, String csp, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("Content-Security-Policy", csp);
        headers.put("X-Frame-Options", "DENY");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        return new Response(status, HTML, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static String resource(String name) {
        try (InputStream in = FleetPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The agent jar lacks " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + name + " from the agent jar", e);
        }
    }

    /** The CSP source for the one {@code <tag>} element of {@code html}: its content's SHA-256. */
    static String hash(String html, String tag) {
        int open = html.indexOf("<" + tag + ">");
        int close = html.indexOf("</" + tag + ">");
        if (open < 0 || close < open || html.indexOf("<" + tag + ">", open + 1) >= 0) {
            throw new IllegalStateException("The page must hold exactly one <" + tag + "> element");
        }
        String content = html.substring(open + tag.length() + 2, close);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }
}
