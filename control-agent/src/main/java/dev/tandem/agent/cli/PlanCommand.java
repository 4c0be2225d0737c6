package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.ddl.DdlPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;

/** {@code plan [MIGRATION]}: prints the expand and contract DDL, as SQL a client could run. */
@Command(name = "plan", description = "Print the expand and contract DDL of each migration (or of one), in the "
    + "target database's dialect, with notes on what Tandem could not decide.")
final class PlanCommand extends AgentCommand {
    @Parameters(arity = "0..1", paramLabel = "MIGRATION", description = "One migration id (default: all).")
    String migration;

    @Override
    int run(Agent agent) {
        List<DdlPlan> plans = agent.plan(migration);
        if (plans.isEmpty()) {
            out().println("-- no migrations in the migration file");
        }
        for (int i = 0; i < plans.size(); i++) {
            if (i > 0) {
                out().println();
            }
            print(out(), plans.get(i));
        }
        return ExitCodes.OK;
    }

    static void print(PrintWriter out, DdlPlan plan) {
        out.println("-- migration " + plan.migrationId());
        out.println("-- expand: run before DUAL_WRITE (tandem-agent apply " + plan.migrationId() + ")");
        statements(out, plan.expand());
        out.println("-- contract: drops the old side, run in CONTRACT before COMPLETE (tandem-agent apply "
            + plan.migrationId() + " --contract)");
        statements(out, plan.contract());
        for (String note : plan.notes()) {
            out.println("-- note: " + note);
        }
    }

    static void statements(PrintWriter out, List<String> sql) {
        if (sql.isEmpty()) {
            out.println("-- (nothing to run)");
        }
        sql.forEach(s -> out.println(Text.statement(s)));
    }
}
