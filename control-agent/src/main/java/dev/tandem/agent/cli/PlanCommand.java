package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.ddl.DdlPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;

/**
 * {@code plan [MIGRATION]}: prints the DDL step by step, grouped by the stage (phases) it belongs to, each with
 * its lock, as SQL a client could run.
 */
@Command(name = "plan", description = "Print the DDL of each migration (or of one), in the target database's "
    + "dialect, step by step with the phase it belongs to and the lock it takes, with notes on what Tandem could "
    + "not decide.")
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
        out.println("-- migration " + plan.migrationId() + " (now in " + plan.phase() + ")");
        for (DdlPlan.Stage stage : DdlPlan.Stage.values()) {
            List<DdlPlan.DdlStep> steps = plan.stage(stage);
            if ((stage == DdlPlan.Stage.TIGHTEN || stage == DdlPlan.Stage.COMPLETE) && steps.isEmpty()) {
                continue;
            }
            out.println("-- " + stage.heading(plan.migrationId()));
            statements(out, steps);
        }
        for (String note : plan.notes()) {
            out.println("-- note: " + note);
        }
    }

    static void statements(PrintWriter out, List<DdlPlan.DdlStep> steps) {
        if (steps.isEmpty()) {
            out.println("-- (nothing to run)");
        }
        for (DdlPlan.DdlStep s : steps) {
            if (s.lock() != null) {
                out.println("-- lock: " + s.lock());
            }
            out.println(Text.statement(s.sql()));
        }
    }
}
