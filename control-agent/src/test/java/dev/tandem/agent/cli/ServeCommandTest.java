package dev.tandem.agent.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTest {
    private final CliFixture cli = new CliFixture();

    @AfterEach
    void restore() {
        cli.close();
    }

    private static Path config(Path dir, String adminSection) throws Exception {
        Files.writeString(dir.resolve("migrations.yaml"), "migrations: []\n");
        Path yaml = dir.resolve("agent.yaml");
        Files.writeString(yaml, "database:\n  url: jdbc:postgresql://db/shop\nmigrations: migrations.yaml\n"
            + adminSection);
        return yaml;
    }

    @Test
    void serveRefusesToStartWithoutATokenBeforeOpeningTheAgent(@TempDir Path dir) throws Exception {
        assertThat(cli.run("-c", config(dir, "").toString(), "serve")).isEqualTo(2);
        assertThat(cli.err()).startsWith("tandem-agent: The admin API needs a bearer token: set admin.token")
            .contains("${TANDEM_ADMIN_TOKEN}");
        assertThat(cli.opened).isEmpty();
    }

    @Test
    void anUnsetTokenVariableStopsServeOnlyAndIsNamed(@TempDir Path dir) throws Exception {
        Path yaml = config(dir, "admin:\n  token: ${TANDEM_TEST_UNSET_TOKEN_7F3A}\n");
        assertThat(System.getenv("TANDEM_TEST_UNSET_TOKEN_7F3A")).isNull();
        for (String command : new String[] {"status", "plan", "audit"}) {
            assertThat(cli.run("-c", yaml.toString(), command)).as(command).isEqualTo(0);
        }
        assertThat(cli.run("-c", yaml.toString(), "serve")).isEqualTo(2);
        assertThat(cli.err()).contains("environment variable TANDEM_TEST_UNSET_TOKEN_7F3A (admin.token");
    }

    @Test
    void anotherUnsetVariableIsStillAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("migrations.yaml"), "migrations: []\n");
        Path yaml = dir.resolve("agent.yaml");
        Files.writeString(yaml, "database:\n  url: jdbc:postgresql://db/shop\n  password: ${TANDEM_TEST_UNSET_PW_7F3A}\n"
            + "migrations: migrations.yaml\n");
        assertThat(cli.run("-c", yaml.toString(), "status")).isEqualTo(2);
        assertThat(cli.err()).contains("environment variable TANDEM_TEST_UNSET_PW_7F3A is not set");
    }

    @Test
    void serveAnswersTheApiPublishesAnEditedFileAndClosesTheAgentWhenStopped(@TempDir Path dir) throws Exception {
        Path yaml = config(dir, "admin:\n  token: t0ken\n");
        ServeCommand serve = cli.cli.getSubcommands().get("serve").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.run("-c", yaml.toString(), "serve",
            "--port", "0"));
        awaitUntil(exit, () -> serve.server.address() != null);
        Thread.sleep(1_500);
        assertThat(cli.agent.calls).as("not published at start").doesNotContain("reload(file-watch)");
        Files.writeString(dir.resolve("migrations.yaml"), "migrations: [] # edited\n");
        awaitUntil(exit, () -> cli.agent.calls.contains("reload(file-watch)"));
        assertThat(serve.server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + serve.server.address().getPort() + "/status"))
            .header("Authorization", "Bearer t0ken").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);

        serve.stop.countDown();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(0);
        assertThat(serve.server.address()).isNull();
        assertThat(cli.agent.closed).isTrue();
        assertThat(cli.agent.last()).isEqualTo("close()");
    }

    private static void awaitUntil(CompletableFuture<Integer> exit, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
            assertThat(exit).as("serve still running").isNotDone();
            Thread.sleep(20);
        }
    }
}
