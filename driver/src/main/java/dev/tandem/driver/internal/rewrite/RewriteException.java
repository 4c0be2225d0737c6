package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.TandemSqlState;
import dev.tandem.driver.spec.Migration;

/**
 * Raised while planning when a statement on a migrated table cannot be rewritten exactly. The planner
 * turns it into an SQLException naming the migration, its phase and this reason.
 */
public final class RewriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Migration migration;
    private final TandemSqlState state;

    RewriteException(Migration migration, TandemSqlState state, String reason) {
        super(reason);
        this.migration = migration;
        this.state = state;
    }

    public static RewriteException unsupported(Migration migration, String reason) {
        return new RewriteException(migration, TandemSqlState.UNSUPPORTED_STATEMENT, reason);
    }

    static RewriteException ambiguous(Migration migration, String reason) {
        return new RewriteException(migration, TandemSqlState.AMBIGUOUS_COLUMN, reason);
    }

    /** The migration concerned, or {@code null} if none could be named. */
    public Migration migration() {
        return migration;
    }

    public TandemSqlState state() {
        return state;
    }
}
