package dev.tandem.agent.it;

import dev.tandem.agent.http.AdminServer;
import dev.tandem.agent.http.SlowSockets;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14 item 8, on a real agent: slow clients do not stop {@code /health}, which reads the database. */
class AdminSlowClientsTest {
    @ParameterizedTest
    @EnumSource(DbKind.class)
    void slowSocketsDoNotStopHealth(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "slowhttp", 10, Duration.ofSeconds(1))) {
            AdminServer server = new AdminServer();
            int port = server.start(f.agent, null, 0, "t0ken");
            List<Socket> slow = SlowSockets.open(port, 4, "t0ken");
            try {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                for (int i = 0; i < 5; i++) {
                    long start = System.nanoTime();
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/health")).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.body()).contains("\"database\":\"ok\"");
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
                }
            } finally {
                SlowSockets.close(slow);
                server.stop();
            }
        }
    }
}
