package dev.tandem.agent.demo;

import java.io.IOException;
import java.sql.SQLException;

/**
 * The entry point of {@code tandem-agent demo}: runs a {@link Rehearsal} and turns its verdict into an exit
 * code. 0: the rehearsal passed; 1: it ran and found a problem (a lost write, a remaining mismatch, a failed
 * statement, a step that could not be run); 3: it could not run (no server, no database).
 */
public final class Demo {
    public static final int PASSED = 0;
    public static final int PROBLEMS = 1;
    public static final int COULD_NOT_RUN = 3;

    private Demo() {
    }

    /** Runs the rehearsal described by {@code options}; returns the exit code. */
    public static int run(Options options) {
        try (QuietLogs quiet = new QuietLogs()) {
            Report report = new Rehearsal(options).run();
            return report.ok() ? PASSED : PROBLEMS;
        } catch (IOException | SQLException | RuntimeException e) {
            options.out().println("tandem demo: the rehearsal could not run: " + e.getMessage());
            options.out().flush();
            return COULD_NOT_RUN;
        }
    }

    /** {@code java -cp tandem-agent.jar dev.tandem.agent.demo.Demo [jdbc-url]}: the defaults, on a server if given. */
    public static void main(String[] args) {
        Options options = Options.defaults();
        if (args.length > 0) {
            options = options.withJdbcUrl(args[0]);
        }
        System.exit(run(options));
    }
}
