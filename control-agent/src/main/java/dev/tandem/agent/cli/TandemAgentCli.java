package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** The {@code tandem-agent} command: global options, the list of commands, and {@link #main}. */
@Command(name = "tandem-agent",
    description = {"Operates Tandem column migrations: publishes the migration file, moves phases behind a "
        + "fleet-wide barrier, runs backfills and reconciles, and serves the admin API.",
        "Give the agent config with -c agent.yaml, or the database with --jdbc-url (and --migrations)."},
    subcommands = {InitCommand.class, PlanCommand.class, ApplyCommand.class, RefreshCommand.class, ReloadCommand.class,
        StatusCommand.class, PhaseCommand.class, RolloutCommand.class, BackfillCommand.class, ReconcileCommand.class,
        JobsCommand.class,
        JobCommand.class, AuditCommand.class, ServeCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 refused by a guard or not confirmed (demo: the rehearsal found a problem), "
        + "2 invalid input or usage, 3 failed, 4 rolled back by the canary autopilot (rollout)."},
    usageHelpAutoWidth = true)
public final class TandemAgentCli implements Callable<Integer> {
    /** How commands open the agent; tests replace it with a fake. */
    static Function<AgentConfig, Agent> agentFactory = Agent::open;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "agent.yaml", scope = ScopeType.INHERIT,
        description = "The agent config file; $${VAR} in it is read from the environment.")
    Path configFile;

    @Option(names = "--jdbc-url", paramLabel = "URL", scope = ScopeType.INHERIT,
        description = "The target database (jdbc:postgresql://... or jdbc:mysql://...); overrides the config file.")
    String jdbcUrl;

    @Option(names = "--user", scope = ScopeType.INHERIT, description = "Database user; overrides the config file.")
    String user;

    @Option(names = "--password", scope = ScopeType.INHERIT,
        description = "Database password; overrides the config file. Prefer $${VAR} in the config file.")
    String password;

    @Option(names = "--migrations", paramLabel = "migrations.yaml", scope = ScopeType.INHERIT,
        description = "The migration spec file; overrides the config file.")
    Path migrationsFile;

    @Option(names = "--control-prefix", paramLabel = "PREFIX", scope = ScopeType.INHERIT,
        description = "Prefix of the control tables (default: tandem_); overrides the config file.")
    String controlPrefix;

    @Option(names = "--actor", paramLabel = "NAME", scope = ScopeType.INHERIT,
        description = "Who is acting, for the audit table (default: the OS user name).")
    String actor;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
        description = "Print stack traces with errors.")
    boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line: case-insensitive enums, Tandem's error messages and exit codes. */
    static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new TandemAgentCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(ExitCodes::onExecutionException);
        cli.setParameterExceptionHandler(ExitCodes::onParameterException);
        return cli;
    }

    /** Without a command: the usage, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.INVALID;
    }

    String actor() {
        if (actor != null && !actor.isBlank()) {
            return actor.strip();
        }
        String os = System.getProperty("user.name");
        return os == null || os.isBlank() ? "unknown" : os;
    }

    /**
     * The agent config: the file of {@code -c} if given, else one built from {@code --jdbc-url}; the other
     * flags override the file's values.
     */
    AgentConfig config(CommandLine cmd) {
        AgentConfig c;
        if (configFile != null) {
            c = AgentConfig.load(configFile, System::getenv);
        } else if (jdbcUrl != null) {
            c = AgentConfig.of(jdbcUrl, null);
        } else {
            throw new ParameterException(cmd, "No database given: pass -c agent.yaml, or --jdbc-url URL "
                + "(with --user, --password and --migrations as needed)");
        }
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
            throw new ParameterException(cmd, "--jdbc-url must be a JDBC URL (jdbc:postgresql://... or "
                + "jdbc:mysql://...), got '" + jdbcUrl + "'");
        }
        c = new AgentConfig(jdbcUrl != null ? jdbcUrl : c.jdbcUrl(), user != null ? user : c.user(),
            password != null ? password : c.password(),
            migrationsFile != null ? migrationsFile.toAbsolutePath().normalize() : c.migrationsFile(),
            c.controlPrefix(), c.barrierTimeout(), c.admin(), c.jobs(), c.ddl(), c.specFunctions(), c.rollout());
        if (controlPrefix != null) {
            if (!controlPrefix.matches("[A-Za-z_][A-Za-z0-9_]{0,30}")) {
                throw new ParameterException(cmd, "--control-prefix must be letters, digits and _ (at most 31), got '"
                    + controlPrefix + "'");
            }
            c = c.withControlPrefix(controlPrefix);
        }
        return c;
    }

    Agent openAgent(AgentConfig config) {
        return agentFactory.apply(config);
    }
}
