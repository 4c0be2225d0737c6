package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.TandemSQLException;
import dev.tandem.driver.TandemSqlState;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

/**
 * A refusal that only the data can tell, raised by the server while it runs a rewritten statement
 * ({@link MoveTargetWrites}: a target row without its source row, a value the old columns cannot hold). Plain SQL
 * has no RAISE, so the statement casts the refusal's text to an integer and the server reports it as invalid input
 * (22P02); the driver hands it to the application as Tandem's refusal, SQLState 0A000, with that text.
 */
public final class RuntimeRefusal {
    /** Opens the text of every such refusal. */
    static final String MARKER = "Tandem refused the write: ";

    private RuntimeRefusal() {
    }

    /**
     * {@code e} as Tandem's refusal when it is one raised by {@code sql} (a statement Tandem wrote, holding the
     * marker); {@code e} itself otherwise, and for a batch (whose exception carries the update counts).
     */
    public static SQLException translate(SQLException e, String sql) {
        String message = e.getMessage();
        if (e instanceof BatchUpdateException || message == null || sql == null || !sql.contains(MARKER)) {
            return e;
        }
        int start = message.indexOf(MARKER);
        if (start < 0) {
            return e;
        }
        int lineEnd = message.indexOf('\n', start);
        String text = lineEnd < 0 ? message.substring(start) : message.substring(start, lineEnd);
        text = text.strip();
        if (text.endsWith("\"")) {
            text = text.substring(0, text.length() - 1);
        }
        return new TandemSQLException(text + "; the statement was aborted and wrote nothing (in a transaction, "
            + "roll back)", TandemSqlState.NOT_SUPPORTED, e);
    }
}
