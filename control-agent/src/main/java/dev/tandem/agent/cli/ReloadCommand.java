package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.Views.ReloadView;
import picocli.CommandLine.Command;

/** {@code reload}: publishes the migration file to the control tables. */
@Command(name = "reload", description = "Validate the migration file and publish it: new migrations are added, "
    + "changed ones updated, phase changes go through their guards and the barrier.")
final class ReloadCommand extends AgentCommand {
    @Override
    int run(Agent agent) {
        ReloadView r = agent.reload(actor());
        out().println("Published config version " + r.version() + ".");
        out().println("  added:   " + Text.list(r.added()));
        out().println("  changed: " + Text.list(r.changed()));
        out().println("  removed: " + Text.list(r.removed()));
        r.transitions().forEach(t -> Text.transition(out(), t));
        return ExitCodes.OK;
    }
}
