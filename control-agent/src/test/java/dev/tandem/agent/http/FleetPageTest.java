package dev.tandem.agent.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The fleet page's login, its session cookie (reads only) and its security headers, over HTTP. */
class FleetPageTest {
    private static final String TOKEN = "s3cret";

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final FakeAgent agent = new FakeAgent();
    private final AdminServer server = new AdminServer();
    private int port;

    @BeforeEach
    void start() {
        port = server.start(agent, null, 0, TOKEN);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String login() throws Exception {
        HttpResponse<String> r = send("POST", "/login", "token=" + TOKEN, "Content-Type",
            "application/x-www-form-urlencoded");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("./");
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(Auth.COOKIE + "=").contains("HttpOnly").contains("SameSite=Strict")
            .contains("Path=/").doesNotContain(TOKEN);
        return cookie.substring(0, cookie.indexOf(';'));
    }

    @Test
    void withoutASessionThePageIsTheLoginForm() throws Exception {
        HttpResponse<String> r = send("GET", "/", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(FleetPage.HTML);
        assertThat(r.body()).contains("<form method=\"post\" action=\"login\">").doesNotContain("<script>");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(agent.calls).isEmpty();
    }

    @Test
    void aSessionCookieOpensThePageAndTheReadEndpointsButNoPost() throws Exception {
        String cookie = login();
        HttpResponse<String> page = send("GET", "/", null, "Cookie", cookie);
        assertThat(page.body()).contains("<script>").contains("Tandem fleet");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'").contains("script-src 'sha256-").contains("connect-src 'self'")
            .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(send("GET", "/fleet", null, "Cookie", cookie).body()).contains("<script>");
        assertThat(send("GET", "/status", null, "Cookie", cookie).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/metrics", null, "Cookie", cookie).statusCode()).isEqualTo(200);

        // The cookie is not a credential for changes: a cross-site form post cannot change a phase.
        for (String path : new String[] {"/migrations/orders-price/phase", "/reload", "/backfill", "/jobs/1/pause"}) {
            assertThat(send("POST", path, "{\"phase\":\"READ_NEW\"}", "Cookie", cookie).statusCode())
                .as(path).isEqualTo(401);
        }
        assertThat(agent.calls).doesNotContain("reload(api)").noneMatch(c -> c.startsWith("phase("));
    }

    @Test
    void theBearerHeaderAlsoOpensThePage() throws Exception {
        HttpResponse<String> r = send("GET", "/", null, "Authorization", "Bearer " + TOKEN);
        assertThat(r.body()).contains("<script>");
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        String cookie = login();
        HttpResponse<String> out = send("POST", "/logout", "", "Cookie", cookie);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Set-Cookie")).hasValueSatisfying(v -> assertThat(v).contains("Max-Age=0"));
        assertThat(send("GET", "/status", null, "Cookie", cookie).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/", null, "Cookie", cookie).body()).doesNotContain("<script>");
    }

    @Test
    void aWrongTokenIsDelayedAndGetsNoCookie() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = send("POST", "/login", "token=s3cre", "Content-Type",
            "application/x-www-form-urlencoded");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Auth.FAILED_LOGIN_DELAY_MILLIS * 900_000L);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("Wrong token");
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(send("GET", "/status", null, "Cookie", Auth.COOKIE + "=" + TOKEN).statusCode()).isEqualTo(401);
    }

    @Test
    void loginsAreRefusedUncheckedOnceTheMinutesFailuresAreSpent() {
        Auth auth = new Auth(TOKEN);
        auth.loginSucceeded(auth.loginAttempt());
        for (int i = 0; i < Auth.MAX_FAILED_LOGINS_PER_MINUTE; i++) {
            assertThat(auth.loginAttempt()).isNotNull();
        }
        assertThat(auth.loginAttempt()).isNull();
    }

    @Test
    void thePageNeverParsesDataAsHtml() throws Exception {
        String page = Files.readString(Path.of("src/main/resources/dev/tandem/agent/http/fleet.html"));
        assertThat(page).doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
            .doesNotContain("document.write").doesNotContain("http://").doesNotContain("https://");
    }
}
