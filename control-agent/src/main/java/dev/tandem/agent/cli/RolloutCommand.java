package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.RolloutOptions;
import dev.tandem.agent.rollout.GateResult;
import dev.tandem.agent.rollout.RolloutView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code rollout MIGRATION}: the canary autopilot in the foreground, printing each step, the gates' figures
 * and every decision; exits 0 when it reached 100 %, {@link ExitCodes#ROLLED_BACK} after a rollback.
 */
@Command(name = "rollout", description = {"Walk READ_NEW's readNewPercent along the steps (default 1, 5, 10, 25, "
    + "50, 100), each through the barrier and held for the analysis interval, and check the gates on the figures "
    + "the driver instances report: shadow mismatches, the new side's error rate and p99 latency against the old "
    + "side's, and a minimum number of statements. Missing data holds a step; repeated failed checks roll it back.",
    "Runs in the foreground; Ctrl-C aborts (the migration stays at the current step). Exits 0 at 100 %, 4 after "
        + "a rollback, 3 if it failed or was aborted. With --pause, --resume or --abort it controls the running "
        + "rollout instead, in whichever agent process runs it."})
final class RolloutCommand extends AgentCommand {
    @Parameters(index = "0", paramLabel = "MIGRATION", description = "The migration id.")
    String migration;

    @Option(names = "--steps", split = ",", paramLabel = "P,P,...",
        description = "readNewPercent steps, increasing, ending at 100 (default: the agent config's rollout.steps).")
    List<Integer> steps;

    @Option(names = "--interval", paramLabel = "SECONDS",
        description = "Analysis interval per check (default: rollout.intervalSeconds).")
    Long interval;

    @Option(names = "--shadow-read", description = "From DUAL_WRITE, run a SHADOW_READ stage first, gated on "
        + "shadow mismatches (a migration already in SHADOW_READ always gets it).")
    boolean shadowRead;

    @Option(names = "--pause", description = "Pause the running rollout of MIGRATION (in this or another agent "
        + "process) instead of starting one.")
    boolean pause;

    @Option(names = "--resume", description = "Resume the paused rollout of MIGRATION.")
    boolean resume;

    @Option(names = "--abort", description = "Abort the running rollout of MIGRATION; the migration stays where "
        + "it is.")
    boolean abort;

    @Override
    void validate() {
        if ((pause ? 1 : 0) + (resume ? 1 : 0) + (abort ? 1 : 0) > 1) {
            throw new ParameterException(spec.commandLine(), "Give at most one of --pause, --resume and --abort");
        }
        if (steps != null && !RolloutOptions.stepProblems(steps, "--steps").isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ",
                RolloutOptions.stepProblems(steps, "--steps")));
        }
        if (interval != null && (interval < 1 || interval > 86_400)) {
            throw new ParameterException(spec.commandLine(), "--interval must be from 1 to 86400 seconds");
        }
    }

    @Override
    int run(Agent agent) {
        String action = pause ? "pause" : resume ? "resume" : abort ? "abort" : null;
        if (action != null) {
            RolloutView v = agent.controlRollout(migration, action, actor());
            out().println("rollout of " + migration + ": " + v.state() + (v.message() == null ? "" : " (" + v.message()
                + ")"));
            out().flush();
            return ExitCodes.OK;
        }
        RolloutOptions options = agent.rolloutOptions(migration);
        if (steps != null) {
            options = options.withSteps(steps);
        }
        if (interval != null) {
            options = options.withIntervalSeconds(interval);
        }
        PrintWriter out = out();
        Printer printer = new Printer(out);
        CountDownLatch ended = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                agent.controlRollout(migration, "abort", actor());
                ended.await(10, TimeUnit.SECONDS); // until the abort is recorded and printed
            } catch (RuntimeException | InterruptedException ignored) {
                // the rollout already ended
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        RolloutView end;
        try {
            end = agent.rollout(migration, options, shadowRead, actor(), printer::print);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it aborted this rollout
            }
        }
        out.println("rollout " + end.state() + ": " + end.message());
        out.flush();
        ended.countDown();
        return switch (end.state()) {
            case "SUCCEEDED" -> ExitCodes.OK;
            case "ROLLED_BACK" -> ExitCodes.ROLLED_BACK;
            default -> ExitCodes.FAILED;
        };
    }

    /** Prints what changed: a new step, a check's gates, a new state. */
    private static final class Printer {
        private final PrintWriter out;
        private String last = "";

        Printer(PrintWriter out) {
            this.out = out;
        }

        void print(RolloutView v) {
            StringBuilder b = new StringBuilder();
            for (RolloutView.StepView s : v.steps()) {
                if (s.startedAt() == null) {
                    continue;
                }
                String name = s.stage().equals("SHADOW_READ") ? "SHADOW_READ stage" : "step " + s.percent() + " %";
                b.append(name).append(": ").append(s.state()).append(" (check ").append(s.checks()).append(")\n");
                for (GateResult g : s.gates()) {
                    b.append("  ").append(g.line()).append('\n');
                }
            }
            String text = b.toString();
            if (!text.equals(last)) {
                String[] now = text.split("\n");
                String[] before = last.split("\n");
                int common = 0;
                while (common < now.length && common < before.length && now[common].equals(before[common])) {
                    common++;
                }
                for (int i = common; i < now.length; i++) {
                    out.println(now[i]);
                }
                last = text;
            }
            if (!v.state().equals("RUNNING") && v.message() != null && !v.ended()) {
                out.println(v.state() + ": " + v.message());
            }
            out.flush();
        }
    }
}
