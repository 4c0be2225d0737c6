package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.internal.config.ConfigSnapshot;
import dev.tandem.driver.internal.plan.Plan;
import dev.tandem.driver.spec.Migration;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executor;

/**
 * The Tandem connection: owns the physical connection, pins the config snapshot for the length of a
 * transaction, and is the one path every SQL text takes on its way to the real driver
 * ({@link #plan(String)}). Everything else is forwarded by the generated subclass.
 */
public abstract class ConnectionWrapper extends JdbcWrapper<Connection> implements Connection {
    private static final MethodHandle NEW = Delegation.constructor(ConnectionWrapper.class,
        MethodType.methodType(ConnectionWrapper.class, Connection.class, Planner.class, boolean.class, String.class));

    private final Planner planner;
    /** The URL the application connected with, or null to report the real driver's. */
    private final String url;
    private boolean autoCommit;
    /** The snapshot of the open transaction; null outside one and in autocommit mode. */
    private ConfigSnapshot pinned;
    /** The open transaction's snapshot until {@link #lockTargetsFirst} has run for it; null after. */
    private ConfigSnapshot targetsUnlocked;

    protected ConnectionWrapper(Connection physical, Planner planner, boolean autoCommit, String url) {
        super(physical);
        this.planner = planner;
        this.autoCommit = autoCommit;
        this.url = url;
    }

    /** Wraps a physical connection; statements created through the wrapper are planned by {@code planner}. */
    public static ConnectionWrapper wrap(Connection physical, Planner planner) throws SQLException {
        return wrap(physical, planner, null);
    }

    /**
     * As {@link #wrap(Connection, Planner)}; {@code url} is the URL the application connected with, which
     * {@code getMetaData().getURL()} reports instead of the real one (null: the real driver's).
     */
    public static ConnectionWrapper wrap(Connection physical, Planner planner, String url) throws SQLException {
        boolean autoCommit = physical.getAutoCommit();
        try {
            return (ConnectionWrapper) NEW.invokeExact(physical, planner, autoCommit, url);
        } catch (Throwable t) {
            throw Delegation.rethrow(t);
        }
    }

    /** Plans {@code sql} under the snapshot this statement runs with (see {@link #snapshotForStatement()}). */
    public Plan plan(String sql) throws SQLException {
        return planner.plan(sql, snapshotForStatement(), delegate);
    }

    Plan plan(String sql, ConfigSnapshot snapshot) throws SQLException {
        return planner.plan(sql, snapshot, delegate);
    }

    /**
     * The snapshot for the statement about to run: in autocommit mode the current one; in a
     * transaction, the one its first statement saw, until commit, rollback or autocommit on.
     */
    ConfigSnapshot snapshotForStatement() {
        if (autoCommit) {
            return planner.snapshot();
        }
        ConfigSnapshot snapshot = pinned;
        if (snapshot == null) {
            snapshot = pinCurrent();
            pinned = snapshot;
            targetsUnlocked = snapshot;
        }
        return snapshot;
    }

    /** True in autocommit mode (as the application set it through this wrapper). */
    boolean inAutoCommit() {
        return autoCommit;
    }

    /**
     * Pins the current snapshot for one autocommit statement planned as {@code plan}, so the instance reports its
     * version as running until {@link #unpinStatement}; null (nothing pinned) when the config moved on since the
     * plan was made: plan it again.
     */
    ConfigSnapshot pinStatement(Plan plan) {
        if (planner.snapshot().version() != plan.configVersion()) {
            return null; // stale already: nothing to pin
        }
        ConfigSnapshot snapshot = pinCurrent();
        if (snapshot.version() != plan.configVersion()) {
            planner.unpin(snapshot);
            return null;
        }
        return snapshot;
    }

    /**
     * Pins the current snapshot and returns it. A reload between reading it and pinning it may already have been
     * reported as running, so it is read again after the pin, and the newer one pinned instead until none came.
     */
    private ConfigSnapshot pinCurrent() {
        ConfigSnapshot snapshot = planner.snapshot();
        planner.pin(snapshot);
        for (ConfigSnapshot now = planner.snapshot(); now.version() != snapshot.version(); now = planner.snapshot()) {
            planner.unpin(snapshot);
            snapshot = now;
            planner.pin(snapshot);
        }
        return snapshot;
    }

    void unpinStatement(ConfigSnapshot snapshot) {
        planner.unpin(snapshot);
    }

    /**
     * MySQL/MariaDB, at a transaction's first statement on a migrated table: takes the metadata lock of every
     * move's target first, with a read of no row ({@code FOR UPDATE}). Tandem's statements of the transaction
     * touch the target after the source, and DDL on the target takes the source's lock too (the foreign key), in
     * the other order: without this, that DDL and the transaction could deadlock, or a transaction whose read
     * view predates a rebuild of the target could fail reading it. With it, the DDL waits for the transaction.
     */
    void lockTargetsFirst() throws SQLException {
        ConfigSnapshot snapshot = targetsUnlocked;
        if (snapshot == null || autoCommit) {
            return;
        }
        targetsUnlocked = null;
        if (isPostgres()) {
            return;
        }
        for (Migration m : snapshot.migrations()) {
            if (m.kind() == Migration.Kind.MOVE && m.phase().rewrites()) {
                try (Statement s = delegate.createStatement()) {
                    s.executeQuery("SELECT NULL FROM " + m.target() + " WHERE FALSE FOR UPDATE").close();
                }
            }
        }
    }

    /** Ends the pin of the current transaction, if any. */
    private void release() {
        targetsUnlocked = null;
        ConfigSnapshot snapshot = pinned;
        if (snapshot != null) {
            pinned = null;
            planner.unpin(snapshot);
        }
    }

    Planner planner() {
        return planner;
    }

    private static final java.util.regex.Pattern DML =
        java.util.regex.Pattern.compile("(?is)\\s*(insert|update|delete)\\b.*");
    private static final java.util.regex.Pattern RETURNING = java.util.regex.Pattern.compile("(?i)\\breturning\\b");
    private Boolean postgres;

    /**
     * The statement a request for generated keys runs. PostgreSQL's driver returns generated keys by appending
     * {@code RETURNING *} (or the named columns) to the SQL it is given, after Tandem has planned it, so on a
     * migrated table they would show the stored columns: an old column stale or gone from CONTRACT on. Tandem
     * appends the same clause itself before planning, where the read rules apply to it (the driver appends
     * nothing to a statement that already returns). Other statements, and other servers (whose generated keys
     * are the key values only), are sent as they are.
     */
    String withReturning(String sql, String[] columnNames) throws SQLException {
        if (!isPostgres() || !DML.matcher(sql).matches() || RETURNING.matcher(sql).find()) {
            return sql;
        }
        String body = sql.stripTrailing();
        while (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1).stripTrailing();
        }
        StringBuilder b = new StringBuilder(body).append("\nRETURNING ");
        if (columnNames == null || columnNames.length == 0) {
            b.append('*');
        } else {
            for (int i = 0; i < columnNames.length; i++) {
                b.append(i == 0 ? "" : ", ").append('"').append(columnNames[i].replace("\"", "\"\"")).append('"');
            }
        }
        String keyed = b.toString();
        return plan(keyed).isRewritten() ? keyed : sql;
    }

    private boolean isPostgres() throws SQLException {
        Boolean pg = postgres;
        if (pg == null) {
            String product = delegate.getMetaData().getDatabaseProductName();
            pg = product != null && product.toLowerCase(java.util.Locale.ROOT).contains("postgres");
            postgres = pg;
        }
        return pg;
    }

    /** The physical connection, or the closed sentinel once this connection is closed. */
    Connection physical() {
        return delegate;
    }

    // --- transaction boundaries release the pinned snapshot -------------------------------------

    @Override
    public void setAutoCommit(boolean on) throws SQLException {
        delegate.setAutoCommit(on);
        autoCommit = on;
        if (on) {
            release(); // switching autocommit on commits the open transaction
        }
    }

    @Override
    public void commit() throws SQLException {
        try {
            delegate.commit();
        } finally {
            release(); // a failed commit ends the transaction as well
        }
    }

    @Override
    public void rollback() throws SQLException {
        try {
            delegate.rollback();
        } finally {
            release();
        }
    }

    @Override
    public void close() throws SQLException {
        release();
        Connection real = swapForClose(ClosedSentinels.CONNECTION); // first: a failing close still leaves us closed
        real.close();
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        Connection real = delegate;
        real.abort(executor);
        release();
        swapForClose(ClosedSentinels.CONNECTION);
    }

    /** What {@code DatabaseMetaData.getURL()} reports: the application's URL, so reconnecting with it keeps Tandem. */
    String url() {
        return url;
    }

    // --- every SQL text goes through plan() -------------------------------------------------------

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return delegate.nativeSQL(plan(sql).sql());
    }

    @Override
    public Statement createStatement() throws SQLException {
        return StatementWrapper.wrap(delegate.createStatement(), this);
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        return StatementWrapper.wrap(delegate.createStatement(type, concurrency), this);
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        return StatementWrapper.wrap(delegate.createStatement(type, concurrency, holdability), this);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepare(sql, Connection::prepareStatement);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        String keyed = autoGeneratedKeys == java.sql.Statement.RETURN_GENERATED_KEYS ? withReturning(sql, null) : sql;
        return prepare(keyed, (c, s) -> c.prepareStatement(s, autoGeneratedKeys));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepare(sql, (c, s) -> c.prepareStatement(s, columnIndexes));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepare(withReturning(sql, columnNames), (c, s) -> c.prepareStatement(s, columnNames));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        return prepare(sql, (c, s) -> c.prepareStatement(s, type, concurrency));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
        throws SQLException {
        return prepare(sql, (c, s) -> c.prepareStatement(s, type, concurrency, holdability));
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return prepareCallable(sql, Connection::prepareCall);
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        return prepareCallable(sql, (c, s) -> c.prepareCall(s, type, concurrency));
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability)
        throws SQLException {
        return prepareCallable(sql, (c, s) -> c.prepareCall(s, type, concurrency, holdability));
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return DatabaseMetaDataWrapper.wrap(delegate.getMetaData(), this);
    }

    /** Plans first, prepares the planned SQL with the same arguments, and keeps the preparer for re-plans. */
    private PreparedStatement prepare(String sql, Preparer<PreparedStatement> preparer) throws SQLException {
        Plan plan = plan(sql);
        return PreparedStatementWrapper.wrap(preparer.prepare(delegate, plan.sql()), this, plan, sql, preparer);
    }

    private CallableStatement prepareCallable(String sql, Preparer<CallableStatement> preparer)
        throws SQLException {
        Plan plan = plan(sql);
        return CallableStatementWrapper.wrapCall(preparer.prepare(delegate, plan.sql()), this, plan, sql, preparer);
    }
}
