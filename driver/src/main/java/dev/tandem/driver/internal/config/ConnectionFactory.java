package dev.tandem.driver.internal.config;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a physical connection to the target database, for the driver's own side work (config polling). */
@FunctionalInterface
public interface ConnectionFactory {
    Connection open() throws SQLException;
}
