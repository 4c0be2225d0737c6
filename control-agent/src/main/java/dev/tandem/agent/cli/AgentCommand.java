package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Base of the commands: opens the agent from the global options, runs, closes it. */
abstract class AgentCommand implements Callable<Integer> {
    @ParentCommand
    TandemAgentCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() throws Exception {
        validate();
        try (Agent agent = cli.openAgent(config())) {
            return run(agent);
        }
    }

    /** Checks the arguments before the agent is opened; throws picocli's ParameterException (a usage error). */
    void validate() {
    }

    /** Runs the command; returns the exit code. */
    abstract int run(Agent agent) throws Exception;

    AgentConfig config() {
        return cli.config(spec.commandLine());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    String actor() {
        return cli.actor();
    }
}
