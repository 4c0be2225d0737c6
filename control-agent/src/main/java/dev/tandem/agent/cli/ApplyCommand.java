package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.ddl.DdlPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.Console;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** {@code apply MIGRATION [--contract] [--yes]}: shows the DDL, asks, runs it. */
@Command(name = "apply", description = "Run the DDL of a migration that belongs to its phase (expand; from "
    + "SHADOW_READ on also the NOT NULL tightening; the contract DDL with --contract) after showing it and asking "
    + "for confirmation. Each statement waits for locks at most ddl.lockTimeoutMillis and is retried "
    + "ddl.lockRetries times.")
final class ApplyCommand extends AgentCommand {
    /** Asks a question on the console and returns the answer; {@code null} when there is no console. */
    static Function<String, String> prompt = ApplyCommand::askConsole;

    @Parameters(paramLabel = "MIGRATION", description = "The migration id.")
    String migration;

    @Option(names = "--contract", description = "Run the contract DDL (drops the old side) instead of the expand DDL.")
    boolean contract;

    @Option(names = {"-y", "--yes"}, description = "Do not ask; needed when there is no console (scripts, CI).")
    boolean yes;

    @Override
    int run(Agent agent) {
        DdlPlan plan = agent.plan(migration).stream().filter(p -> migration.equals(p.migrationId())).findFirst()
            .orElseThrow(() -> new AgentException(AgentException.Kind.NOT_FOUND, "No DDL plan for migration '"
                + migration + "'; 'tandem-agent plan' lists the migrations"));
        List<DdlPlan.DdlStep> steps = plan.toApply(contract);
        String what = (contract ? "contract" : "expand") + " DDL of " + migration + " in " + plan.phase();
        if (steps.isEmpty()) {
            out().println("Nothing to run: the " + what + " is empty.");
            return ExitCodes.OK;
        }
        out().println("-- " + what);
        PlanCommand.statements(out(), steps);
        plan.notes().forEach(n -> out().println("-- note: " + n));
        out().flush();
        if (!yes && !confirmed()) {
            err().println("tandem-agent: not applied; nothing was run.");
            return ExitCodes.REFUSED;
        }
        List<String> ran = agent.apply(migration, contract, actor(), line -> {
            err().println("tandem-agent: " + line);
            err().flush();
        });
        out().println("Ran " + ran.size() + " statement" + (ran.size() == 1 ? "" : "s") + ".");
        return ExitCodes.OK;
    }

    private boolean confirmed() {
        String answer = prompt.apply("Run these statements? [y/N] ");
        if (answer == null) {
            throw new AgentException(AgentException.Kind.REFUSED, "apply needs a confirmation and there is no "
                + "console to ask on: run it in a terminal, or pass --yes after reviewing 'tandem-agent plan "
                + migration + "'");
        }
        String a = answer.strip().toLowerCase(Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }

    static String askConsole(String question) {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        String answer = console.readLine("%s", question);
        return answer == null ? "" : answer;
    }
}
