package dev.tandem.driver;

import java.sql.SQLException;

/** An {@link SQLException} raised by Tandem itself, carrying a {@link TandemSqlState}. */
public class TandemSQLException extends SQLException {
    private static final long serialVersionUID = 1L;

    public TandemSQLException(String message, TandemSqlState state) {
        super(message, state.getState());
    }

    public TandemSQLException(String message, TandemSqlState state, Throwable cause) {
        super(message, state.getState(), cause);
    }
}
