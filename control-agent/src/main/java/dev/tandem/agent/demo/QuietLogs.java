package dev.tandem.agent.demo;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the demo's narration readable: while it is open, Tandem's own INFO logs (which repeat what the demo
 * prints) are hidden, and HikariCP's and the embedded PostgreSQL's INFO logs too unless the user configured
 * those loggers. Warnings and errors still show.
 */
final class QuietLogs implements AutoCloseable {
    private static final String[] SLF4J = {"org.slf4j.simpleLogger.log.com.zaxxer.hikari",
        "org.slf4j.simpleLogger.log.io.zonky"};

    private final Logger tandem = Logger.getLogger("dev.tandem"); // a strong reference while the level is set
    private final Level previous;

    QuietLogs() {
        previous = tandem.getLevel();
        if (previous == null || previous.intValue() < Level.WARNING.intValue()) {
            tandem.setLevel(Level.WARNING);
        }
        // slf4j-simple reads these when a logger is first created, which for the pool and the embedded server
        // is during the demo.
        for (String key : SLF4J) {
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    @Override
    public void close() {
        tandem.setLevel(previous);
    }
}
