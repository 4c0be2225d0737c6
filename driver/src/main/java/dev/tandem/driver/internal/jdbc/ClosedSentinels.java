package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.TandemSqlState;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.implementation.MethodDelegation;
import net.bytebuddy.implementation.StubMethod;
import net.bytebuddy.implementation.bind.annotation.RuntimeType;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static net.bytebuddy.matcher.ElementMatchers.named;

/**
 * The objects a wrapper's delegate is swapped for on close ("closed means closed", as in HikariCP's
 * {@code ClosedConnection}): every JDBC method throws, except {@code isClosed()} (true),
 * {@code close()}/{@code abort()} (nothing, so closing twice is harmless) and {@code isValid()}
 * (false). No null checks are needed anywhere else.
 */
final class ClosedSentinels {
    /** SQLState 08003, connection does not exist (not in TandemSqlState: it is only raised here). */
    private static final String CONNECTION_DOES_NOT_EXIST = "08003";

    private static final String STATEMENT_CLOSED = "Statement is closed";

    static final Connection CONNECTION =
        create(Connection.class, "Connection is closed", CONNECTION_DOES_NOT_EXIST);
    /** Serves plain, prepared and callable statement wrappers alike. */
    static final CallableStatement STATEMENT =
        create(CallableStatement.class, STATEMENT_CLOSED, TandemSqlState.OBJECT_CLOSED.getState());
    static final ResultSet RESULT_SET =
        create(ResultSet.class, "ResultSet is closed", TandemSqlState.OBJECT_CLOSED.getState());

    private ClosedSentinels() {
    }

    /**
     * For code that would not otherwise touch the delegate before doing something a closed statement
     * must not do (a re-plan would prepare a new statement): fails exactly as the sentinel would.
     */
    static void checkOpen(Statement delegate) throws SQLException {
        if (delegate == STATEMENT) {
            throw new SQLException(STATEMENT_CLOSED, TandemSqlState.OBJECT_CLOSED.getState());
        }
    }

    private static <T> T create(Class<T> iface, String message, String sqlState) {
        Class<?> type = Delegation.define(new ByteBuddy()
            .subclass(Object.class)
            .implement(iface)
            .name(ClosedSentinels.class.getName() + "$Closed" + iface.getSimpleName())
            .method(Delegation.OPEN).intercept(MethodDelegation.to(new Refusal(message, sqlState)))
            .method(named("isClosed")).intercept(FixedValue.value(true))
            .method(named("isValid")).intercept(FixedValue.value(false))
            .method(named("close").or(named("abort"))).intercept(StubMethod.INSTANCE));
        try {
            return iface.cast(MethodHandles.lookup().findConstructor(type,
                MethodType.methodType(void.class)).invoke());
        } catch (Throwable t) {
            throw new IllegalStateException("Cannot create the closed " + iface.getSimpleName(), t);
        }
    }

    /** The body of every refusing method (bound by Byte Buddy into a field of the sentinel class). */
    static final class Refusal {
        private final String message;
        private final String sqlState;

        Refusal(String message, String sqlState) {
            this.message = message;
            this.sqlState = sqlState;
        }

        @RuntimeType
        public Object refuse() throws SQLException {
            throw new SQLException(message, sqlState);
        }
    }
}
