package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.Views.AuditView;
import dev.tandem.agent.console.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.List;

/** {@code audit}: the latest audit entries (transitions, forces, reloads, jobs), newest first. */
@Command(name = "audit", description = "Show the audit log: every transition, forced or not, reloads and jobs, "
    + "with who and why.")
final class AuditCommand extends AgentCommand {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
        description = "How many, newest first (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    void validate() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
    }

    @Override
    int run(Agent agent) {
        List<AuditView> entries = agent.audit(limit);
        if (entries.isEmpty()) {
            out().println("The audit log is empty.");
            return ExitCodes.OK;
        }
        TextTable t = new TextTable("AT", "ACTOR", "ACTION", "MIGRATION", "FROM", "TO", "VERSION", "FORCED",
            "REASON", "DETAIL");
        for (AuditView a : entries) {
            t.row(Text.instant(a.at()), a.actor(), a.action(), a.migrationId(), a.fromPhase(), a.toPhase(),
                a.version(), a.forced() ? "FORCED" : "", a.reason(), a.detail());
        }
        t.print(out());
        return ExitCodes.OK;
    }
}
