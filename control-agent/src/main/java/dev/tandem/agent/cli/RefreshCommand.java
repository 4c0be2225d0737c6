package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.Views.BarrierView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code refresh MIGRATION}: a new config version, so every instance reads again where the schema stands; what
 * {@code apply} does after a rename's expand and a move's COMPLETE drops, for when Flyway or Liquibase ran them.
 */
@Command(name = "refresh", description = "Publish a new config version for a migration and wait for the barrier, "
    + "so every instance reads the schema again. Run it after Flyway or Liquibase ran a rename's expand or a move's "
    + "complete stage (apply does it by itself).")
final class RefreshCommand extends AgentCommand {
    @Parameters(paramLabel = "MIGRATION", description = "The migration id.")
    String migration;

    @Override
    int run(Agent agent) {
        BarrierView b = agent.refresh(migration, actor());
        out().println("Published config version " + b.version() + " for " + migration + ".");
        Text.barrier(out(), b);
        return b.complete() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
