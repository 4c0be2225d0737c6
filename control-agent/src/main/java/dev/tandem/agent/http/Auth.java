package dev.tandem.agent.http;

import com.sun.net.httpserver.HttpExchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may call the admin API: the bearer token on any request, or a fleet-page session cookie on reads (GET) only,
 * so that a browser's cookie can never be used to change state from another site. Sessions are random ids held in
 * memory (never the token) that expire after {@link #SESSION_SECONDS}; a restart logs everyone out. Failed logins
 * are throttled: each waits {@link #FAILED_LOGIN_DELAY_MILLIS}, and past {@link #MAX_FAILED_LOGINS_PER_MINUTE} a
 * minute further attempts are refused unchecked.
 */
final class Auth {
    static final String COOKIE = "tandem_session";
    static final long SESSION_SECONDS = 8 * 3600;
    static final int MAX_SESSIONS = 1000;
    static final long FAILED_LOGIN_DELAY_MILLIS = 1000;
    static final int MAX_FAILED_LOGINS_PER_MINUTE = 10;

    private final byte[] tokenDigest;
    private final SecureRandom random = new SecureRandom();
    /** Session id to its expiry in {@link System#nanoTime()} terms. */
    private final Map<String, Long> sessions = new ConcurrentHashMap<>();
    /** When recent failed logins happened (nanoTime), oldest first; guarded by itself. */
    private final Deque<Long> failures = new ArrayDeque<>();

    Auth(String token) {
        this.tokenDigest = sha256(token);
    }

    /** The bearer header carries the token; compares SHA-256 digests in constant time, whatever the lengths. */
    boolean bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return token(header.substring(7));
    }

    boolean token(String candidate) {
        return candidate != null && MessageDigest.isEqual(tokenDigest, sha256(candidate.strip()));
    }

    /** The request's session cookie names a live session. */
    boolean session(HttpExchange exchange) {
        String id = cookie(exchange);
        if (id == null) {
            return false;
        }
        Long expiry = sessions.get(id);
        if (expiry == null) {
            return false;
        }
        if (System.nanoTime() - expiry > 0) {
            sessions.remove(id);
            return false;
        }
        return true;
    }

    /** The request may proceed: it carries the bearer token, or it is a GET or HEAD with a live session cookie. */
    boolean allowed(HttpExchange exchange) {
        if (bearer(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return true;
        }
        String method = exchange.getRequestMethod();
        return ("GET".equals(method) || "HEAD".equals(method)) && session(exchange);
    }

    /** A new session's id; expired sessions are dropped first, and past {@link #MAX_SESSIONS} the oldest too. */
    String newSession() {
        long now = System.nanoTime();
        sessions.values().removeIf(expiry -> now - expiry > 0);
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.entrySet().stream().min(Map.Entry.comparingByValue())
                .ifPresent(oldest -> sessions.remove(oldest.getKey()));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(id, now + SESSION_SECONDS * 1_000_000_000L);
        return id;
    }

    void endSession(HttpExchange exchange) {
        String id = cookie(exchange);
        if (id != null) {
            sessions.remove(id);
        }
    }

    /**
     * Takes one attempt from the minute's budget of failures, or returns null when it is spent (the caller then
     * refuses without checking the token). The attempt counts as a failure until {@link #loginSucceeded} returns
     * it, so that concurrent guesses cannot all pass the check at once.
     */
    Long loginAttempt() {
        synchronized (failures) {
            long now = System.nanoTime();
            while (!failures.isEmpty() && now - failures.peekFirst() > 60_000_000_000L) {
                failures.removeFirst();
            }
            if (failures.size() >= MAX_FAILED_LOGINS_PER_MINUTE) {
                return null;
            }
            failures.addLast(now);
            return now;
        }
    }

    void loginSucceeded(Long attempt) {
        synchronized (failures) {
            failures.removeLastOccurrence(attempt);
        }
    }

    private static String cookie(HttpExchange exchange) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).strip().equals(COOKIE)) {
                    return part.substring(eq + 1).strip();
                }
            }
        }
        return null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }
}
