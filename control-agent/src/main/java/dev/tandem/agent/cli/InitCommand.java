package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import picocli.CommandLine.Command;

/** {@code init}: creates or upgrades the control tables. */
@Command(name = "init", description = "Create or upgrade the control tables (idempotent).")
final class InitCommand extends AgentCommand {
    @Override
    int run(Agent agent) {
        agent.init();
        out().println("Control tables are ready (prefix " + agent.config().controlPrefix() + ").");
        return ExitCodes.OK;
    }
}
