package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.TandemSQLException;
import dev.tandem.driver.TandemSqlState;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

import java.sql.SQLException;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

/**
 * Keeps Tandem's hidden trailing columns out of the application's reach. The check is hand-written
 * ({@link Guarded}); Byte Buddy inlines a call to it in front of the generated forwarding of every
 * column-addressed method ({@code getXxx(int)}, {@code updateXxx(String)}, metadata by column...),
 * so there is no per-method code to write and no reflection at run time.
 */
final class ColumnGuard {
    private ColumnGuard() {
    }

    /** A wrapper that knows how many leading columns the application may see. */
    interface Guarded {
        /** Throws unless {@code column} is one the application can see. */
        void checkColumn(int column) throws SQLException;

        /** Throws if {@code label} resolves to a hidden column. */
        void checkLabel(String label) throws SQLException;
    }

    /** Inlined before methods whose first argument is a column index. */
    static final class ByIndex {
        private ByIndex() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Guarded self, @Advice.Argument(0) int column) throws SQLException {
            self.checkColumn(column);
        }
    }

    /** Inlined before methods whose first argument is a column label. */
    static final class ByLabel {
        private ByLabel() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Guarded self, @Advice.Argument(0) String label) throws SQLException {
            self.checkLabel(label);
        }
    }

    /** Guards the forwarding of {@code columnMethods} by index and by label. */
    static DynamicType.Builder<?> guard(DynamicType.Builder<?> builder,
                                        ElementMatcher.Junction<MethodDescription> columnMethods) {
        ElementMatcher.Junction<MethodDescription> forwarded = Delegation.OPEN.and(columnMethods);
        return builder
            .method(forwarded.and(takesArgument(0, int.class)))
            .intercept(Advice.to(ByIndex.class).wrap(Delegation.forward()))
            .method(forwarded.and(takesArgument(0, String.class)))
            .intercept(Advice.to(ByLabel.class).wrap(Delegation.forward()));
    }

    /** Result set methods addressed by column: the getters and updaters. */
    static ElementMatcher.Junction<MethodDescription> resultSetColumns() {
        return nameStartsWith("get").or(nameStartsWith("update"));
    }

    static SQLException indexOutOfRange(int column, int visible) {
        return new TandemSQLException("The column index is out of range: " + column + ", number of columns: "
            + visible, TandemSqlState.INVALID_PARAMETER_VALUE);
    }

    static SQLException labelNotFound(String label) {
        return new TandemSQLException("The column name " + label + " was not found in this ResultSet.",
            TandemSqlState.INVALID_PARAMETER_VALUE);
    }
}
