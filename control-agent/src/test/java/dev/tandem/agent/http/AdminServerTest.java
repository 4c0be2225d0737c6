package dev.tandem.agent.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.agent.AgentException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AdminServerTest {
    private static final String TOKEN = "s3cret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newHttpClient();
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

    private HttpResponse<String> send(String method, String path, String body, String... headers)
        throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, "Authorization", "Bearer " + TOKEN);
    }

    private HttpResponse<String> post(String path, String body, String... extraHeaders)
        throws IOException, InterruptedException {
        String[] headers = Stream.concat(Stream.of("Authorization", "Bearer " + TOKEN, "Content-Type",
            "application/json"), Stream.of(extraHeaders)).toArray(String[]::new);
        return send("POST", path, body, headers);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return JSON.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePart) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).contains(messagePart);
    }

    @Test
    void healthAnswersWithoutAToken() throws Exception {
        HttpResponse<String> r = send("GET", "/health", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("ok");
        assertThat(json(r).get("database").asText()).isEqualTo("ok");
        assertThat(agent.calls).containsExactly("checkDatabase()");
    }

    @Test
    void healthIs503WhenTheDatabaseCannotBeRead() throws Exception {
        agent.failWith = new AgentException(AgentException.Kind.FAILED, "Could not read tandem_state: secret-host");
        HttpResponse<String> r = send("GET", "/health", null);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).get("status").asText()).isEqualTo("unavailable");
        assertThat(r.body()).doesNotContain("secret-host");
    }

    @Test
    void slowSocketsDoNotStopHealth() throws Exception {
        List<java.net.Socket> slow = SlowSockets.open(port, 2, TOKEN);
        try {
            long start = System.nanoTime();
            HttpResponse<String> r = send("GET", "/health", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(2));
        } finally {
            SlowSockets.close(slow);
        }
    }

    @Test
    void socketsThatNeverFinishTheirRequestAreClosed() throws Exception {
        // More slow clients than worker threads: each is cut off at the request read timeout.
        List<java.net.Socket> slow = SlowSockets.open(port, AdminServer.THREADS + 2, TOKEN);
        try {
            long start = System.nanoTime();
            HttpResponse<String> r = send("GET", "/health", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(java.time.Duration.ofSeconds(AdminServer.REQUEST_READ_SECONDS + 5));
            for (java.net.Socket s : slow) {
                s.setSoTimeout(15_000);
                int read;
                try {
                    read = s.getInputStream().read();
                } catch (java.net.SocketException reset) {
                    read = -1; // closed by the server with unread data in its buffer: a reset
                }
                assertThat(read).as("closed by the server").isEqualTo(-1);
            }
        } finally {
            SlowSockets.close(slow);
        }
    }

    @ParameterizedTest
    @CsvSource({"GET,/status", "GET,/migrations", "GET,/instances", "GET,/jobs", "GET,/jobs/1", "GET,/audit",
        "GET,/metrics", "POST,/migrations/orders-price/phase", "POST,/reload", "POST,/backfill", "POST,/reconcile",
        "POST,/jobs/1/pause", "POST,/jobs/1/resume", "POST,/jobs/1/cancel", "GET,/no-such-endpoint"})
    void everyOtherEndpointAnswers401WithoutTheToken(String method, String path) throws Exception {
        HttpResponse<String> none = send(method, path, "{}");
        HttpResponse<String> wrong = send(method, path, "{}", "Authorization", "Bearer s3cre");
        HttpResponse<String> longer = send(method, path, "{}", "Authorization", "Bearer s3cret-and-more");
        HttpResponse<String> basic = send(method, path, "{}", "Authorization", "Basic czNjcmV0");
        for (HttpResponse<String> r : java.util.List.of(none, wrong, longer, basic)) {
            assertError(r, 401, "bearer token");
            assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
        assertThat(agent.calls).isEmpty();
    }

    @Test
    void theRightTokenIsAcceptedWhateverTheCaseOfTheScheme() throws Exception {
        assertThat(send("GET", "/status", null, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/status", null, "Authorization", "bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void statusReturnsTheStatusViewWithIsoInstants() throws Exception {
        HttpResponse<String> r = get("/status");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("configVersion").asLong()).isEqualTo(7);
        assertThat(body.at("/migrations/0/id").asText()).isEqualTo("orders-price");
        assertThat(body.at("/migrations/0/phase").asText()).isEqualTo("DUAL_WRITE");
        assertThat(body.at("/migrations/0/updatedAt").asText()).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(body.at("/instances/1/lagging").asBoolean()).isTrue();
        assertThat(body.at("/barrier/complete").asBoolean()).isFalse();
        assertThat(body.at("/barrier/lagging/0/instanceId").asText()).isEqualTo("i-2");
        assertThat(body.at("/activeJobs/0/startedAt").asText()).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(agent.calls).containsExactly("status()");
    }

    @Test
    void migrationsAndInstancesAreJsonArrays() throws Exception {
        JsonNode migrations = json(get("/migrations"));
        assertThat(migrations.isArray()).isTrue();
        assertThat(migrations.get(0).get("newColumns").get(0).asText()).isEqualTo("price_cents");
        JsonNode instances = json(get("/instances"));
        assertThat(instances).hasSize(2);
        assertThat(instances.get(0).get("instanceId").asText()).isEqualTo("i-1");
        assertThat(instances.get(0).get("heartbeatAgeMs").asLong()).isEqualTo(1_200);
        assertThat(agent.calls).containsExactly("migrations()", "instances()");
    }

    @Test
    void jobsTakeALimitWithADefaultOf50() throws Exception {
        JsonNode jobs = json(get("/jobs"));
        assertThat(jobs.get(0).get("rowsScanned").asLong()).isEqualTo(200);
        assertThat(jobs.get(0).get("estimate").asLong()).isEqualTo(200);
        assertThat(jobs.get(0).get("rowsPerSecond").asDouble()).isEqualTo(66.5);
        assertThat(get("/jobs?limit=5").statusCode()).isEqualTo(200);
        assertThat(agent.calls).containsExactly("jobs(50)", "jobs(5)");
    }

    @Test
    void oneJobById() throws Exception {
        HttpResponse<String> r = get("/jobs/42");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("id").asLong()).isEqualTo(42);
        assertThat(agent.calls).containsExactly("job(42)");
    }

    @Test
    void auditTakesALimitWithADefaultOf100() throws Exception {
        JsonNode audit = json(get("/audit"));
        assertThat(audit.get(0).get("actor").asText()).isEqualTo("alice");
        assertThat(audit.get(0).get("at").asText()).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(get("/audit?limit=3").statusCode()).isEqualTo(200);
        assertThat(agent.calls).containsExactly("audit(100)", "audit(3)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/audit?limit=abc", "/audit?limit=0", "/audit?limit=10001", "/jobs?limit=-1"})
    void aBadLimitIs400(String path) throws Exception {
        assertError(get(path), 400, "Query parameter 'limit'");
        assertThat(agent.calls).isEmpty();
    }

    @Test
    void phaseChangeCallsTheAgentWithTheBodyAndTheActorHeader() throws Exception {
        HttpResponse<String> r = post("/migrations/orders-price/phase",
            "{\"phase\":\"read_new\",\"force\":true,\"reason\":\"hotfix 12\"}", "X-Tandem-Actor", "bob");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("from").asText()).isEqualTo("DUAL_WRITE");
        assertThat(body.get("to").asText()).isEqualTo("READ_NEW");
        assertThat(body.at("/barrier/complete").asBoolean()).isTrue();
        assertThat(agent.calls).containsExactly("phase(orders-price, READ_NEW, true, hotfix 12, bob)");
    }

    @Test
    void phaseChangeWithoutActorHeaderIsByApi() throws Exception {
        assertThat(post("/migrations/orders%2Dprice/phase", "{\"phase\":\"SHADOW_READ\"}").statusCode()).isEqualTo(200);
        assertThat(agent.calls).containsExactly("phase(orders-price, SHADOW_READ, false, null, api)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"phase\":\"LATER\"}|Unknown phase 'LATER'",
        "{}|Field 'phase' is required",
        "{\"phase\":\"READ_NEW\",\"force\":true}|needs a reason",
        "{\"phase\":\"READ_NEW\",\"force\":\"yes\"}|Field 'force' must be true or false",
        "{\"phase\":\"READ_NEW\",\"forse\":true}|Unknown field [forse]",
        "{\"phase\":\"READ_NEW\"|Bad JSON",
        "[\"READ_NEW\"]|must be a JSON object",
        "not json|Bad JSON"})
    void badPhaseRequestsAre400WithoutCallingTheAgent(String body, String message) throws Exception {
        assertError(post("/migrations/orders-price/phase", body), 400, message);
        assertThat(agent.calls).isEmpty();
    }

    @Test
    void anOverLongActorIsA400BeforeTheAgentIsCalled() throws Exception {
        assertError(post("/reload", null, "X-Tandem-Actor", "x".repeat(201)), 400, "at most 200 characters");
        assertThat(agent.calls).isEmpty();
        assertThat(post("/reload", null, "X-Tandem-Actor", "y".repeat(200)).statusCode()).isEqualTo(200);
    }

    @Test
    void reloadPublishesAsTheActor() throws Exception {
        HttpResponse<String> r = post("/reload", null, "X-Tandem-Actor", "deploy-bot");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("version").asLong()).isEqualTo(8);
        assertThat(body.get("added").get(0).asText()).isEqualTo("orders-price");
        assertThat(body.at("/transitions/0/to").asText()).isEqualTo("SHADOW_READ");
        assertThat(agent.calls).containsExactly("reload(deploy-bot)");
    }

    @Test
    void backfillStartsAJobWithTheConfigDefaultsAndTheOverridesAndAnswers202() throws Exception {
        HttpResponse<String> r = post("/backfill",
            "{\"migration\":\"orders-price\",\"reverse\":true,\"targetChunkMillis\":250,\"maxRowsPerSecond\":5000}");
        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode body = json(r);
        assertThat(body.get("id").asLong()).isEqualTo(9);
        assertThat(body.get("kind").asText()).isEqualTo("reverse-backfill");
        assertThat(agent.calls).containsExactly("startBackfill(orders-price, true, "
            + agent.config().jobs().withTargetChunkMillis(250).withMaxRowsPerSecond(5000) + ", api)");
    }

    @Test
    void backfillWithOnlyTheMigrationUsesTheConfigDefaults() throws Exception {
        assertThat(post("/backfill", "{\"migration\":\"orders-price\"}").statusCode()).isEqualTo(202);
        assertThat(agent.calls)
            .containsExactly("startBackfill(orders-price, false, " + agent.config().jobs() + ", api)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}|Field 'migration' is required",
        "{\"migration\":\"\"}|non-empty string",
        "{\"migration\":\"m\",\"targetChunkMillis\":0}|Field 'targetChunkMillis' must be a whole number from 1",
        "{\"migration\":\"m\",\"maxRowsPerSecond\":-1}|Field 'maxRowsPerSecond'",
        "{\"migration\":\"m\",\"initialChunkRows\":1.5}|Field 'initialChunkRows'",
        "{\"migration\":\"m\",\"chunkMillis\":5}|Unknown field [chunkMillis]"})
    void badBackfillRequestsAre400(String body, String message) throws Exception {
        assertError(post("/backfill", body), 400, message);
        assertThat(agent.calls).isEmpty();
    }

    @Test
    void reconcileStartsAJobAndAnswers202() throws Exception {
        HttpResponse<String> r = post("/reconcile", "{\"migration\":\"orders-price\",\"repair\":true,"
            + "\"initialChunkRows\":500}", "X-Tandem-Actor", "carol");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(json(r).get("kind").asText()).isEqualTo("reconcile");
        assertThat(agent.calls).containsExactly("startReconcile(orders-price, true, "
            + agent.config().jobs().withInitialChunkRows(500) + ", carol)");
    }

    @Test
    void reconcileTakesAParallelismFrom1To4() throws Exception {
        assertThat(post("/reconcile", "{\"migration\":\"orders-price\",\"parallelism\":3}").statusCode())
            .isEqualTo(202);
        assertThat(agent.calls).containsExactly("startReconcile(orders-price, false, "
            + agent.config().jobs().withReconcileParallelism(3) + ", api)");
        assertError(post("/reconcile", "{\"migration\":\"m\",\"parallelism\":5}"), 400, "Field 'parallelism'");
        assertError(post("/backfill", "{\"migration\":\"m\",\"parallelism\":2}"), 400, "Unknown field [parallelism]");
    }

    @ParameterizedTest
    @CsvSource({"pause,paused", "resume,running", "cancel,cancelled"})
    void jobControlCallsTheAgent(String action, String state) throws Exception {
        HttpResponse<String> r = post("/jobs/12/" + action, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("state").asText()).isEqualTo(state);
        assertThat(agent.calls).containsExactly("controlJob(12, " + action + ", api)");
    }

    @Test
    void rolloutStartsTheAutopilotAndAnswers202() throws Exception {
        HttpResponse<String> r = post("/migrations/orders/rollout", "{\"steps\":[10,100],\"intervalSeconds\":5,"
            + "\"shadowRead\":true}", "X-Tandem-Actor", "dana");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(json(r).get("state").asText()).isEqualTo("RUNNING");
        assertThat(agent.calls).containsExactly("startRollout(orders, [10, 100], 5, true, dana)");
        assertError(post("/migrations/orders/rollout", "{\"steps\":[10,50]}"), 400, "must end at 100");
        assertError(post("/migrations/orders/rollout", "{\"steps\":\"all\"}"), 400, "Field 'steps'");
        assertError(post("/migrations/orders/rollout", "{\"intervalSeconds\":0}"), 400, "Field 'intervalSeconds'");
    }

    @ParameterizedTest
    @CsvSource({"pause,PAUSED", "resume,RUNNING", "abort,RUNNING"})
    void rolloutControlCallsTheAgent(String action, String state) throws Exception {
        HttpResponse<String> r = post("/migrations/orders/rollout/" + action, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("state").asText()).isEqualTo(state);
        assertThat(agent.calls).containsExactly("controlRollout(orders, " + action + ", api)");
    }

    @Test
    void rolloutsKeepTheContractOfTheFleetPage() throws Exception {
        HttpResponse<String> r = get("/rollouts");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode first = json(r).get(0);
        assertThat(first.get("migration").asText()).isEqualTo("orders");
        assertThat(first.get("state").asText()).isEqualTo("HOLDING");
        assertThat(first.get("percent").isInt()).isTrue();
        assertThat(first.get("failedChecks").isInt()).isTrue();
        assertThat(first.get("startedAt").isTextual()).isTrue();
        assertThat(first.get("updatedAt").isTextual()).isTrue();
        assertThat(first.get("actor").asText()).isEqualTo("autopilot:api");
        JsonNode step = first.get("steps").get(0);
        assertThat(step.get("percent").asInt()).isEqualTo(5);
        assertThat(step.get("state").asText()).isEqualTo("HOLDING");
        assertThat(step.get("startedAt").isTextual()).isTrue();
        JsonNode gate = step.get("gates").get(0);
        assertThat(gate.get("name").asText()).isEqualTo("volume");
        assertThat(gate.get("result").asText()).isEqualTo("HOLD");
        assertThat(gate.get("figures").get("count").asInt()).isEqualTo(3);
        assertThat(gate.get("reason").asText()).contains("only 3");
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).contains("tandem_backfill_rows_total{migration=\"orders-price\"} 42.0");
    }

    @ParameterizedTest
    @CsvSource({"INVALID,400", "NOT_FOUND,404", "REFUSED,409", "FAILED,500"})
    void agentExceptionsMapToTheirStatusWithTheMessage(AgentException.Kind kind, int status) throws Exception {
        agent.failWith = new AgentException(kind, "Migration 'orders-price' cannot go to READ_NEW: no clean reconcile");
        assertError(post("/migrations/orders-price/phase", "{\"phase\":\"READ_NEW\"}"), status,
            "cannot go to READ_NEW: no clean reconcile");
        assertError(get("/jobs/3"), status, "no clean reconcile");
    }

    @Test
    void anUnexpectedExceptionIs500() throws Exception {
        agent.failWith = new IllegalStateException("boom at jdbc:postgresql://db-host/app");
        HttpResponse<String> r = get("/status");
        assertError(r, 500, "Internal error (reference ");
        assertThat(r.body()).doesNotContain("boom").doesNotContain("db-host").doesNotContain("IllegalState");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nothing", "/status/", "/jobs/abc", "/jobs/1/restart", "/migrations/x/phase/y", "/fleet/"})
    void unknownPathsAre404(String path) throws Exception {
        assertError(get(path), 404, "No such endpoint");
    }

    @ParameterizedTest
    @CsvSource({"POST,/status,GET", "DELETE,/jobs/1,GET", "GET,/reload,POST", "PUT,/migrations/m/phase,POST",
        "POST,/health,GET", "GET,/jobs/1/pause,POST"})
    void wrongMethodsAre405WithAllow(String method, String path, String allowed) throws Exception {
        HttpResponse<String> r = send(method, path, "{}", "Authorization", "Bearer " + TOKEN);
        assertError(r, 405, "Method " + method + " is not allowed");
        assertThat(r.headers().firstValue("Allow")).hasValue(allowed);
        assertThat(agent.calls).isEmpty();
    }

    @Test
    void bodiesOver64KiBAre413() throws Exception {
        String big = "{\"migration\":\"" + "x".repeat(70_000) + "\"}";
        assertError(post("/backfill", big), 413, "larger than 64 KiB");
        assertThat(agent.calls).isEmpty();
    }

    @Test
    void bindsToLoopbackByDefault() {
        assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void refusesToStartWithoutAToken(String token) {
        AdminServer other = new AdminServer();
        AgentException e = assertThrows(AgentException.class, () -> other.start(agent, null, 0, token));
        assertThat(e.kind()).isEqualTo(AgentException.Kind.INVALID);
        assertThat(e.getMessage()).contains("admin.token").contains("${TANDEM_ADMIN_TOKEN}");
        AgentException nullToken = assertThrows(AgentException.class, () -> other.start(agent, null, 0, null));
        assertThat(nullToken.getMessage()).contains("admin.token");
        assertThat(other.address()).isNull();
    }

    @Test
    void stopIsIdempotentAndFreesThePort() throws Exception {
        server.stop();
        server.stop();
        assertThat(server.address()).isNull();
        AdminServer again = new AdminServer();
        try {
            assertThat(again.start(agent, "127.0.0.1", port, TOKEN)).isEqualTo(port);
        } finally {
            again.stop();
        }
    }
}
