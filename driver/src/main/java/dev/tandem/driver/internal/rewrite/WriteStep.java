package dev.tandem.driver.internal.rewrite;

/**
 * One statement a write runs besides the application's own, on the same connection and in the same transaction
 * (a move's write on MySQL and MariaDB: {@link MoveWritesMysql}). Its text carries the application's parameters as
 * the rewritten statement does; captured key rows, when it uses them, go where {@link #KEYS} stands, as bound
 * parameters.
 *
 * @param sql  the statement's text
 * @param when when it runs: {@link When#CAPTURE} reads the keys the later steps use
 */
public record WriteStep(String sql, When when) {
    /** Where the captured key rows go, as {@code ?, ?} (one key column) or {@code (?, ?), (?, ?)} (several). */
    public static final String KEYS = "/*tandem:keys*/";

    /** When a step runs, relative to the application's statement. */
    public enum When {
        /** Before it: a query that locks and returns the key of every row the statement will write. */
        CAPTURE,
        /** Before it, after the capture. */
        BEFORE,
        /** After it. */
        AFTER
    }

    /** True if the captured keys fill this step (it is skipped when none were captured). */
    public boolean keyed() {
        return sql.contains(KEYS);
    }
}
