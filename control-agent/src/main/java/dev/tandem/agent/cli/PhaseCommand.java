package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.Views.TransitionView;
import dev.tandem.driver.spec.Phase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code phase MIGRATION PHASE}: one guarded transition, then the barrier result. */
@Command(name = "phase", description = {"Move a migration to PHASE if its guards allow it, publish the new config "
    + "version and wait (up to the barrier timeout) for every live driver instance to run it.",
    "Exits 0 once the transition is published, also when the barrier is still incomplete; the output names the "
        + "instances that lag."})
final class PhaseCommand extends AgentCommand {
    @Parameters(index = "0", paramLabel = "MIGRATION", description = "The migration id.")
    String migration;

    @Parameters(index = "1", paramLabel = "PHASE", description = "Target phase: ${COMPLETION-CANDIDATES}.")
    Phase target;

    @Option(names = "--force", description = "Skip the guards (audited; needs --reason).")
    boolean force;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit table.")
    String reason;

    @Override
    void validate() {
        if (force && (reason == null || reason.isBlank())) {
            throw new ParameterException(spec.commandLine(), "--force requires --reason TEXT: a forced transition is "
                + "audited with who and why");
        }
    }

    @Override
    int run(Agent agent) {
        TransitionView t = agent.phase(migration, target, force, reason, actor());
        Text.transition(out(), t);
        return ExitCodes.OK;
    }
}
