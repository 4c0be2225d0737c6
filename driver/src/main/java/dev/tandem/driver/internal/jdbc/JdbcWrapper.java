package dev.tandem.driver.internal.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * The root of every Tandem JDBC wrapper: holds the delegate, answers {@code unwrap}/{@code isWrapperFor}
 * and defines equality. Generated subclasses (see {@link Delegation}) call the {@code delegate} field
 * directly, so it is not final: closing swaps in a sentinel ({@link ClosedSentinels}) whose every
 * method throws, and the swap comes before the real close so a failing close still leaves it closed.
 *
 * @param <D> the wrapped JDBC interface
 */
abstract class JdbcWrapper<D extends Wrapper> implements Wrapper {
    /** Read by generated code; replaced by a closed sentinel on close. */
    protected D delegate;
    /** The real object this wrapper was closed around, so {@link #toString()} still shows it; null while open. */
    private D closedReal;

    protected JdbcWrapper(D delegate) {
        this.delegate = delegate;
    }

    /** Swaps in the closed {@code sentinel} and returns the real object, which the caller then closes. */
    protected final D swapForClose(D sentinel) {
        D real = delegate;
        if (real != sentinel) {
            closedReal = real;
            delegate = sentinel;
        }
        return real;
    }

    /** This wrapper if it implements {@code iface}, else the delegate or whatever it unwraps to. */
    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(delegate)) {
            return iface.cast(delegate);
        }
        return delegate.unwrap(iface);
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    }

    /**
     * Identity: a wrapper carries Tandem state (pinned snapshot, plan, bindings) and its delegate
     * changes on close, so two wrappers are never interchangeable, even around the same object.
     */
    @Override
    public final boolean equals(Object other) {
        return this == other;
    }

    @Override
    public final int hashCode() {
        return System.identityHashCode(this);
    }

    /**
     * The real driver's own text, unchanged, open or closed: applications log it (pgjdbc renders a prepared
     * statement's SQL with its bound parameters there), and a wrapper should not show up in their logs.
     */
    @Override
    public final String toString() {
        D closed = closedReal;
        return String.valueOf(closed != null ? closed : delegate);
    }
}
