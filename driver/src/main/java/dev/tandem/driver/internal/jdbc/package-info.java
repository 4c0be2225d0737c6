/**
 * The JDBC wrappers: Tandem's {@code Connection}, {@code Statement}, {@code PreparedStatement},
 * {@code CallableStatement}, {@code ResultSet}, {@code ResultSetMetaData}, {@code ParameterMetaData}
 * and {@code DatabaseMetaData}. Every SQL text goes through {@link dev.tandem.driver.internal.jdbc.ConnectionWrapper#plan}
 * (statements, batches, prepares, {@code nativeSQL}); prepared parameters follow the plan's parameter map;
 * result sets hide Tandem's trailing columns and run shadow comparisons. The wrappers depend on a
 * {@link dev.tandem.driver.internal.jdbc.Planner} (implemented by {@code TandemRuntime}), never on the rewriter,
 * so they can be tested with a stub driver and a fake planner. Only {@code ConnectionWrapper} and
 * {@code Planner} are public; the driver package depends on this one, not the other way round.
 *
 * <p><b>Hand-written behaviour, generated delegation.</b> Each wrapper is an abstract class holding only
 * the methods that do something; at class initialisation {@link dev.tandem.driver.internal.jdbc.Delegation} asks
 * Byte Buddy for a concrete subclass whose remaining methods (abstract ones, and interface defaults the
 * base does not override, so vendor implementations of e.g. {@code executeLargeUpdate} are reached)
 * forward to the {@code delegate} field, and the base keeps a constructor {@code MethodHandle} for it in a
 * {@code static final} field. Why this and not the alternatives: {@code java.lang.reflect.Proxy} costs
 * reflection and boxing on every call; HikariCP's build-time Javassist generation needs a build plugin and
 * generated sources for every JDK's JDBC version; {@code MethodDelegation} would bind through annotations
 * for no gain. {@code MethodCall.invokeSelf().onField("delegate")} emits exactly what a hand-written
 * forwarder would ({@code getfield}, {@code checkcast}, {@code invokeinterface}), the JIT inlines it, and
 * the constant handle invoked with {@code invokeExact} costs what {@code new} costs. Classes are defined
 * once per class loader, in this package, through a private {@code Lookup}. Hidden-column guards are
 * written once ({@link dev.tandem.driver.internal.jdbc.ColumnGuard}) and inlined by Byte Buddy {@code Advice}
 * in front of every column-addressed forwarder.
 *
 * <p><b>Closed means closed.</b> Closing swaps the delegate for a generated sentinel
 * ({@link dev.tandem.driver.internal.jdbc.ClosedSentinels}) whose methods throw "Connection is closed"
 * (SQLState 08003) or "Statement/ResultSet is closed" (55000); {@code isClosed()} is true and
 * {@code close()} is a no-op, so closing twice is harmless and nothing checks for null.
 *
 * <p><b>Config versions.</b> In autocommit mode each statement plans under the current snapshot; in a
 * transaction the first statement pins the snapshot until commit, rollback or autocommit on. A prepared
 * statement whose plan is older than the connection's snapshot is re-planned at execution (or at the
 * first {@code addBatch} of a batch); if the SQL or parameter map changed it is prepared again and the
 * current parameter set is replayed onto it.
 */
package dev.tandem.driver.internal.jdbc;
