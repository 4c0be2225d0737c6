package dev.tandem.agent.cli;

import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.http.FakeAgent;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in-process against a {@link FakeAgent}, capturing stdout, stderr and the configs it opened. */
final class CliFixture implements AutoCloseable {
    final FakeAgent agent = new FakeAgent();
    final List<AgentConfig> opened = new ArrayList<>();
    final CommandLine cli = TandemAgentCli.newCommandLine();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    CliFixture() {
        TandemAgentCli.agentFactory = config -> {
            opened.add(config);
            return agent;
        };
        ApplyCommand.prompt = question -> null;
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
    }

    int run(String... args) {
        return cli.execute(args);
    }

    /** Runs with {@code --jdbc-url} so that no config file is needed. */
    int runWithUrl(String... args) {
        List<String> all = new ArrayList<>(List.of("--jdbc-url", "jdbc:postgresql://localhost/shop"));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    @Override
    public void close() {
        TandemAgentCli.agentFactory = dev.tandem.agent.Agent::open;
        ApplyCommand.prompt = ApplyCommand::askConsole;
        JobCommand.pollMillis = 500;
    }
}
