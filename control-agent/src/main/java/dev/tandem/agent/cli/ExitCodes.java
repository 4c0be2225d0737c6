package dev.tandem.agent.cli;

import dev.tandem.agent.AgentException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;

/** The CLI's exit codes and the one place that prints errors ({@code tandem-agent: <message>} on stderr). */
final class ExitCodes {
    static final int OK = 0;
    /** A guard refused (AgentException REFUSED), or the operator did not confirm. */
    static final int REFUSED = 1;
    /** Invalid input, unknown migration or job, usage error. */
    static final int INVALID = 2;
    /** The database or a job failed, or something unexpected happened. */
    static final int FAILED = 3;
    /** {@code rollout}: a gate failed and the autopilot rolled the step back. */
    static final int ROLLED_BACK = 4;

    private ExitCodes() {
    }

    static int of(Throwable e) {
        if (e instanceof AgentException ae) {
            return switch (ae.kind()) {
                case REFUSED -> REFUSED;
                case INVALID, NOT_FOUND -> INVALID;
                case FAILED -> FAILED;
            };
        }
        return e instanceof ParameterException ? INVALID : FAILED;
    }

    static int onExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = root(cmd).verbose;
        if (e instanceof AgentException) {
            err.println("tandem-agent: " + e.getMessage());
        } else {
            err.println("tandem-agent: unexpected error: " + e
                + (verbose ? "" : " (--verbose prints the stack trace)"));
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return of(e);
    }

    static int onParameterException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("tandem-agent: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return INVALID;
    }

    private static TandemAgentCli root(CommandLine cmd) {
        return (TandemAgentCli) cmd.getCommandSpec().root().userObject();
    }
}
