package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code init}: creates or upgrades the control tables, and grants an application and an agent role their least privileges. */
@Command(name = "init", description = "Create or upgrade the control tables (idempotent); with --app-role and "
    + "--agent-role also grant those roles their least privileges on them.")
final class InitCommand extends AgentCommand {
    @Option(names = "--app-role", paramLabel = "ROLE", description = "Role (or user) of the applications: may read "
        + "the config and heartbeat its own instance row, nothing else.")
    String appRole;

    @Option(names = "--agent-role", paramLabel = "ROLE", description = "Role (or user) the agent runs as, when "
        + "another user creates the control tables: reads and writes them.")
    String agentRole;

    @Option(names = "--print", description = "Print the grants as SQL instead of creating tables and granting.")
    boolean print;

    @Override
    int run(Agent agent) {
        if (print) {
            List<String> grants = agent.grants(appRole, agentRole, false);
            if (grants.isEmpty()) {
                err().println("Nothing to print: name --app-role and/or --agent-role.");
                return ExitCodes.INVALID;
            }
            grants.forEach(g -> out().println(Text.statement(g)));
            return ExitCodes.OK;
        }
        agent.init();
        out().println("Control tables are ready (prefix " + agent.config().controlPrefix() + ").");
        if (appRole != null || agentRole != null) {
            for (String g : agent.grants(appRole, agentRole, true)) {
                out().println("Granted: " + Text.statement(g));
            }
        }
        return ExitCodes.OK;
    }
}
