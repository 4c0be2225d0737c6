package dev.tandem.driver.internal.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * How a statement was prepared (which {@code prepareStatement}/{@code prepareCall} overload, with which
 * extra arguments), kept so a re-plan can prepare the new SQL exactly the same way.
 */
@FunctionalInterface
interface Preparer<P extends PreparedStatement> {
    P prepare(Connection physical, String sql) throws SQLException;
}
